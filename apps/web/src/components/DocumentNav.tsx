import { useEffect } from 'react';
import { NavLink } from 'react-router';

interface DocumentNavProps {
  readonly id: string;
  readonly number: string | null;
  readonly title: string | null;
}

/** The document's name and its three rooms: drafting, consensus, revisions. */
export function DocumentNav({ id, number, title }: DocumentNavProps) {
  const base = `/documents/${encodeURIComponent(id)}`;
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
        {title && <span className="document-title">{title}</span>}
      </h1>
      <nav aria-label="Document">
        <NavLink to={base} end>
          Drafting
        </NavLink>
        <NavLink to={`${base}/consensus`}>Consensus</NavLink>
        <NavLink to={`${base}/revisions`}>Revisions</NavLink>
      </nav>
    </div>
  );
}
