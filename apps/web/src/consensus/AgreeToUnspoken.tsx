/**
 * A delegate's one step for the paragraphs its delegation has not spoken on: "Agree to the 5 paragraphs
 * FR has not spoken on…" asks in the page, then sends the agreements in one request, all or none, each
 * pinned to its paragraph's text as it reads now. A paragraph where the delegation's position went
 * stale is not among them: its change is read first (`StalePositions`). The board then shows the new
 * positions from the next report, as after any other action.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { api, type ConsensusReport, type Me } from '../api/client';
import { useRequest } from '../api/use-request';
import { FormError } from '../components/FormError';
import { useFocusAfterChange } from '../components/use-focus-after-change';
import { plural } from '../draft/margin-label';
import { agreeingDelegation, countStalePositions, findUnspokenBlocks } from './unspoken-blocks';

interface AgreeToUnspokenProps {
  readonly documentId: string;
  readonly report: ConsensusReport;
  readonly me: Me;
  readonly onChanged: () => void;
}

export function AgreeToUnspoken({ documentId, report, me, onChanged }: AgreeToUnspokenProps) {
  const own = agreeingDelegation(me);
  const blockIds = useMemo(() => (own === null ? [] : findUnspokenBlocks(report, own)), [report, own]);
  const stale = useMemo(() => (own === null ? 0 : countStalePositions(report, own)), [report, own]);
  const { busy, error, clearError, run } = useRequest();
  const [open, setOpen] = useState(false);
  // What was done, said until the next confirmation opens; a new object each time, so that focus moves
  // to it after two answers that read the same.
  const [outcome, setOutcome] = useState<{ readonly text: string } | null>(null);
  const openButton = useRef<HTMLButtonElement>(null);
  const question = useRef<HTMLParagraphElement>(null);
  const outcomeLine = useRef<HTMLParagraphElement>(null);
  const questionId = useId();
  // Focus goes to the question when it opens and back to the button when it is dismissed; once the
  // agreements are recorded the control goes away (nothing is left unspoken), so focus goes to the
  // line that says what was done.
  const focusAfterToggle = useFocusAfterChange(open, () => (open ? question.current : openButton.current));
  const focusOutcome = useFocusAfterChange(outcome, () => outcomeLine.current);
  const count = blockIds.length;
  // The question's paragraphs were all spoken on elsewhere (another of the delegation's users, another
  // tab) while it was open: it goes, and says why, taking focus only from the question that went.
  useEffect(() => {
    if (!open || count > 0 || busy || own === null) return;
    setOpen(false);
    setOutcome({ text: `${own} has now spoken on every paragraph: nothing is left to agree to.` });
    if (document.activeElement === null || document.activeElement === document.body) focusOutcome();
  }, [open, count, busy, own, focusOutcome]);
  if (own === null) return null;
  const paragraphs = plural(count, 'paragraph', 'paragraphs');
  const show = (form: boolean) => {
    focusAfterToggle();
    clearError();
    if (form) setOutcome(null);
    setOpen(form);
  };

  return (
    <div className="agree-unspoken">
      {/* Always there, so that a screen reader hears what was done when the text comes. */}
      <p ref={outcomeLine} role="status" tabIndex={-1} className="agree-unspoken-outcome">
        {outcome?.text}
      </p>
      {count > 0 &&
        (open ? (
          <form
            className="inline-form"
            aria-labelledby={questionId}
            onSubmit={(event) => {
              event.preventDefault();
              // Exactly the paragraphs the question named.
              const positions = blockIds.map((blockId) => ({ blockId, position: 'agree' as const }));
              void run(
                () => api.recordPositions(documentId, positions),
                (answer) => {
                  setOpen(false);
                  setOutcome({
                    text: `${own} agrees to ${plural(answer.positions.length, 'more paragraph', 'more paragraphs')}, as they read now.`,
                  });
                  focusOutcome();
                  onChanged();
                },
              );
            }}
          >
            <p id={questionId} ref={question} tabIndex={-1} className="form-hint">
              Agree for {own} to the {paragraphs} it has not spoken on? Each agreement is pinned to its
              paragraph's text as it reads now: if the text changes, it goes stale.
              {stale > 0 &&
                ` The ${plural(stale, 'paragraph', 'paragraphs')} where ${own}'s position went stale ${stale === 1 ? 'is' : 'are'} left out: read what changed first.`}
            </p>
            <button type="button" onClick={() => show(false)}>
              Cancel
            </button>
            <button type="submit" className="primary" aria-disabled={busy || undefined}>
              Agree to the {paragraphs}
            </button>
            <FormError error={error} />
          </form>
        ) : (
          <button ref={openButton} type="button" onClick={() => show(true)}>
            Agree to the {paragraphs} {own} has not spoken on…
          </button>
        ))}
    </div>
  );
}
