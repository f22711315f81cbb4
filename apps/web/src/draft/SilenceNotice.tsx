import { can, formatCouncilTime } from '@accord/model';
import { useRef, useState } from 'react';
import type { Me, Silence } from '../api/client';
import { useFocusAfterChange } from '../components/use-focus-after-change';
import { BreakSilence } from '../consensus/SilencePanel';
import { silenceStateKey } from '../consensus/silence-announcement';

/**
 * Above the draft while a silence procedure runs: the text is under a deadline, and a paragraph edited
 * before it (a typo fixed by the Presidency, a word by a delegate) no longer counts as agreed by the
 * procedure. Those typing must know before they type; the board is not where they are. So a delegate
 * breaks silence here too, with the board's form: sent to the board, a delegate left the text.
 * Gone once the procedure is broken or has lapsed (the report follows the `silence` events), except
 * for the delegate who broke it here, who reads that it is done where the form was.
 */
export function SilenceNotice({
  documentId,
  silence,
  me,
  onChanged,
}: {
  readonly documentId: string;
  readonly silence: Silence | null;
  readonly me: Me;
  /** Call once this user broke silence, so the report is fetched at once. */
  readonly onChanged: () => void;
}) {
  const [brokenHere, setBrokenHere] = useState<Silence | null>(null);
  // The procedure this user broke, until another one starts.
  const shown =
    brokenHere !== null && (silence === null || silence.until === brokenHere.until) ? brokenHere : silence;
  const line = useRef<HTMLParagraphElement>(null);
  // The form goes with the procedure it broke: focus goes to the line saying so, not to <body>.
  const focusAfterChange = useFocusAfterChange(silenceStateKey(shown), () => line.current);
  if (shown === null) return null;
  const mayBreak = can(me.role, 'take-position') && me.delegation !== null;
  if (shown === brokenHere && shown.outcome !== 'running') {
    return (
      <div className="general-notice silence-notice">
        <p ref={line} tabIndex={-1} className="silence-notice-text">
          <strong>Silence procedure broken</strong> by {me.delegation}: its deadline of{' '}
          {formatCouncilTime(shown.until)} no longer counts.
        </p>
      </div>
    );
  }
  if (shown.outcome !== 'running') return null;
  const mayBreakThis = mayBreak && !shown.brokenBy.some((b) => b.delegation === me.delegation);
  return (
    <div className="general-notice silence-notice">
      <p className="silence-notice-text">
        <strong>Silence procedure</strong> until {formatCouncilTime(shown.until)}: a paragraph edited before
        then no longer counts as agreed by it.
        {mayBreakThis && ' To object, break silence with your reason.'}
      </p>
      {mayBreakThis && (
        <BreakSilence
          documentId={documentId}
          procedure={silenceStateKey(shown)}
          onBroken={(broken) => {
            focusAfterChange();
            setBrokenHere(broken);
            onChanged();
          }}
        />
      )}
    </div>
  );
}
