import { NavLink } from 'react-router';
import { useScreenTitle } from '../navigation/use-screen-title';
import { useCan } from '../session/session-context';

/** The rooms of a document, as its menu names them. */
export type DocumentRoom = 'Drafting' | 'Consensus' | 'Revisions' | 'History';

interface DocumentNavProps {
  readonly id: string;
  readonly number: string | null;
  readonly title: string | null;
  /** The room shown, which names the page with the document's number. */
  readonly room: DocumentRoom;
}

/** The document's name and its rooms: drafting, consensus, revisions, and its history for those who may read it. */
export function DocumentNav({ id, number, title, room }: DocumentNavProps) {
  const base = `/documents/${encodeURIComponent(id)}`;
  const mayReadHistory = useCan('read-audit');
  // An unnumbered draft is named by its title.
  useScreenTitle(room, number ?? title);
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
