import type { Silence } from '../api/client';
import { formatInstant } from './BlockPanel';

/**
 * Above the draft while a silence procedure runs: the text is under a deadline, and a paragraph edited
 * before it (a typo fixed by the Presidency, a word by a delegate) no longer counts as agreed by the
 * procedure. Those typing must know before they type; the board is not where they are. Gone once the
 * procedure is broken or has lapsed (the report follows the `silence` events).
 */
export function SilenceNotice({ silence }: { readonly silence: Silence | null }) {
  if (silence?.outcome !== 'running') return null;
  return (
    <p className="general-notice silence-notice">
      <strong>Silence procedure</strong> until {formatInstant(silence.until)}: a paragraph edited before then
      no longer counts as agreed by it.
    </p>
  );
}
