import { can, formatCouncilTime } from '@accord/model';
import { useRef, useState } from 'react';
import type { Me, Silence } from '../api/client';
import { useFocusAfterChange } from '../components/use-focus-after-change';
import { formatCountdown } from '../consensus/countdown';
import { BreakSilence } from '../consensus/SilencePanel';
import { silenceStateKey } from '../consensus/silence-announcement';
import { useNow } from '../consensus/use-now';

/**
 * Above the draft while a silence procedure runs: the text is under a deadline, and a paragraph edited
 * before it (a typo fixed by the Presidency, a word by a delegate) no longer counts as agreed by the
 * procedure. Those typing must know before they type; the board is not where they are. So a delegate
 * breaks silence here too, with the board's form: sent to the board, a delegate left the text.
 * A procedure the room saw running that is then broken, cancelled or lapses (the report follows the
 * `silence` events) says so in its place: a notice that just went would leave a delegate typing a
 * reason with no form and no word why, and the Presidency unaware that it was broken, and by whom.
 * One already over when the room opened is the board's to tell. While it runs the notice counts down
 * to the deadline, as the board's panel does; like the panel's, the line is no live region, or a screen
 * reader would be told the time left every second: it is read with the notice.
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
  // The deadline of the last procedure seen running here: its end is news, an end seen on arrival not.
  const [seenRunning, setSeenRunning] = useState<string | null>(null);
  if (shown?.outcome === 'running' && seenRunning !== shown.until) setSeenRunning(shown.until);
  const line = useRef<HTMLParagraphElement>(null);
  // The form goes with the procedure it broke: focus goes to the line saying so, not to <body>.
  const focusAfterChange = useFocusAfterChange(silenceStateKey(shown), () => line.current);
  const now = useNow(shown?.outcome === 'running');
  if (shown === null) return null;
  const mayBreak = can(me.role, 'take-position') && me.delegation !== null;
  if (shown.outcome !== 'running') {
    if (shown !== brokenHere && shown.until !== seenRunning) return null;
    return (
      <div className="general-notice silence-notice">
        <p ref={line} tabIndex={-1} className="silence-notice-text">
          <EndedSilence silence={shown} />
        </p>
      </div>
    );
  }
  const mayBreakThis = mayBreak && !shown.brokenBy.some((b) => b.delegation === me.delegation);
  return (
    <div className="general-notice silence-notice">
      <p className="silence-notice-text">
        <strong>Silence procedure</strong> until {formatCouncilTime(shown.until)} (
        <span className="countdown">{formatCountdown(Date.parse(shown.until) - now)} left</span>): a paragraph
        edited before then no longer counts as agreed by it.
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

/** How a procedure the room saw running ended, as the board's state line says it. */
function EndedSilence({ silence }: { readonly silence: Silence }) {
  const deadline = formatCouncilTime(silence.until);
  switch (silence.outcome) {
    case 'broken':
      return (
        <>
          <strong>Silence procedure broken</strong> by {silence.brokenBy.map((b) => b.delegation).join(', ')}:
          its deadline of {deadline} no longer counts.
        </>
      );
    case 'lapsed':
      return (
        <>
          <strong>Silence procedure lapsed</strong> on {deadline} without objection: the paragraphs unchanged
          since it began count as agreed, save where a reservation or an opposition stands.
        </>
      );
    case 'cancelled':
      return (
        <>
          <strong>Silence procedure cancelled</strong> by the Presidency: its deadline of {deadline} no longer
          counts, and nothing is agreed by it.
        </>
      );
    case 'running':
      return null;
  }
}
