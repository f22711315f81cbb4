import { useEffect } from 'react';
import { NavLink } from 'react-router';
import { useCan } from '../session/session-context';

interface DocumentNavProps {
  readonly id: string;
  readonly number: string | null;
  readonly title: string | null;
}

/** The document's name and its rooms: drafting, consensus, revisions, and its history for those who may read it. */
export function DocumentNav({ id, number, title }: DocumentNavProps) {
  const base = `/documents/${encodeURIComponent(id)}`;
  const mayReadHistory = useCan('read-audit');
  useEffect(() => {
    document.title = number ? `${number} · Accord` : 'Accord';
    return () => {
      document.title = 'Accord';
    };
  }, [number]);
  return (
    <div className="document-nav">
      <h1 className="document-heading">
        <span className="document-number">{number ?? 'Unnumbered'}</span>
        {title && (
          <span className="document-title" title={title}>
            {title}
          </span>
        )}
      </h1>
      <nav aria-label="Document">
        <NavLink to={base} end>
          Drafting
        </NavLink>
        <NavLink to={`${base}/consensus`}>Consensus</NavLink>
        <NavLink to={`${base}/revisions`}>Revisions</NavLink>
        {mayReadHistory && <NavLink to={`${base}/history`}>History</NavLink>}
      </nav>
    </div>
  );
}
