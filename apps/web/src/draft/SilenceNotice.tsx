import { can, formatCouncilTime } from '@accord/model';
import { Link } from 'react-router';
import type { Me, Silence } from '../api/client';

/**
 * Above the draft while a silence procedure runs: the text is under a deadline, and a paragraph edited
 * before it (a typo fixed by the Presidency, a word by a delegate) no longer counts as agreed by the
 * procedure. Those typing must know before they type; the board is not where they are. Gone once the
 * procedure is broken or has lapsed (the report follows the `silence` events). A delegate is told
 * where to break it: the form is on the consensus screen, which a delegate in the room may not think of.
 */
export function SilenceNotice({
  documentId,
  silence,
  me,
}: {
  readonly documentId: string;
  readonly silence: Silence | null;
  readonly me: Me;
}) {
  if (silence?.outcome !== 'running') return null;
  const mayBreak = can(me.role, 'take-position') && me.delegation !== null;
  return (
    <p className="general-notice silence-notice">
      <strong>Silence procedure</strong> until {formatCouncilTime(silence.until)}: a paragraph edited before
      then no longer counts as agreed by it.
      {mayBreak && (
        <>
          {' '}
          To object,{' '}
          <Link to={`/documents/${encodeURIComponent(documentId)}/consensus`}>
            break silence on the consensus screen
          </Link>
          .
        </>
      )}
    </p>
  );
}
