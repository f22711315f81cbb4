import { can, councilTimeToInstant, formatCouncilTime, MAX_SILENCE_REASON_CHARS } from '@accord/model';
import { useEffect, useId, useRef, useState } from 'react';
import { api, type Me, type Silence } from '../api/client';
import { useRequest } from '../api/use-request';
import { FormError } from '../components/FormError';
import { useFocusAfterChange } from '../components/use-focus-after-change';
import { useFormToggle } from '../components/use-form-toggle';
import { formatCountdown } from './countdown';
import { describeSilenceChange, silenceStateKey } from './silence-announcement';
import { useNow } from './use-now';

/**
 * Calls `clear` when the procedure changes: a form's refusal spoke of the procedure as it was (a
 * deadline refused, a procedure already running), and must not stay up to describe one that is gone.
 * Cleared during the render that shows the new procedure (React renders again before it commits), not
 * in an effect after it: the page never shows the new state beside the old refusal.
 */
function useClearedWhenChanged(procedure: string, clear: () => void): void {
  const [seen, setSeen] = useState(procedure);
  if (seen !== procedure) {
    setSeen(procedure);
    clear();
  }
}

/** What the start form says of a deadline already past: "1 Jan 2020, 10:00 has already passed: …". */
export function describePassedDeadline(instant: string): string {
  return `${formatCouncilTime(instant)} has already passed: choose a later deadline.`;
}

interface SilencePanelProps {
  readonly documentId: string;
  /** The procedure the report names, null for none; undefined until the report comes. */
  readonly silence: Silence | null | undefined;
  readonly me: Me;
  readonly onChanged: () => void;
  /** What a lapse would leave standing (`describeSilenceObstacles`), said before a procedure starts. */
  readonly obstacles?: readonly string[];
  /**
   * While a procedure runs, the paragraphs outside it (`describeOutsideSilence`): edited or added
   * since it began, which a lapse will not agree.
   */
  readonly outside?: readonly string[];
}

/**
 * The silence procedure: the Presidency sets a deadline on the current text; any delegation may break
 * silence with a reason; if nobody does, the text is deemed agreed when the deadline passes. The
 * Presidency may cancel a running procedure started by mistake, after confirming: it never lapses.
 */
export function SilencePanel({
  documentId,
  silence: reported,
  me,
  onChanged,
  obstacles = [],
  outside = [],
}: SilencePanelProps) {
  const silence = reported ?? null;
  const running = silence?.outcome === 'running';
  const now = useNow(running);
  const remaining = silence ? Date.parse(silence.until) - now : 0;
  const canRun = can(me.role, 'run-procedure');
  const canBreak = can(me.role, 'take-position') && me.delegation !== null;
  const brokenByMe = silence?.brokenBy.some((b) => b.delegation === me.delegation) ?? false;

  // When the deadline passes the server's verdict changes: fetch it.
  const due = running && remaining <= 0;
  useEffect(() => {
    if (due) onChanged();
  }, [due, onChanged]);

  // Starting, breaking or cancelling silence takes away the form that held focus once the new state comes: focus
  // then goes to the line that says what the procedure is now, and a screen reader hears what was done.
  const state = useRef<HTMLParagraphElement>(null);
  const procedure = silenceStateKey(silence);
  const focusStateAfterChange = useFocusAfterChange(procedure, () => state.current);
  const [announcement, setAnnouncement] = useState('');
  const changed = (after: Silence) => {
    focusStateAfterChange();
    const news = describeSilenceChange(silence, after, formatCouncilTime);
    if (news !== null) setAnnouncement(news);
    onChanged();
  };
  // The live status says the latest event, whoever brought it (a colleague, a delegation breaking
  // silence, the deadline), so it never goes on saying "started" once the procedure was broken. The
  // state the page opened on is not news: the state line says it.
  const heard = useRef<Silence | null | undefined>(undefined);
  useEffect(() => {
    const before = heard.current;
    heard.current = reported;
    if (before === undefined || reported === undefined) return;
    const news = describeSilenceChange(before, reported, formatCouncilTime);
    if (news !== null) setAnnouncement(news);
  }, [reported]);

  return (
    <section className="silence" aria-label="Silence procedure">
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
      {/* Not a live region: its countdown changes every second. */}
      <p
        ref={state}
        tabIndex={-1}
        className={`silence-state${silence === null ? ' quiet' : ''}${running ? ' silence-running' : ''}`}
      >
        {silence === null && 'No silence procedure.'}
        {silence?.outcome === 'running' && (
          <>
            <strong>Silence procedure</strong> until {formatCouncilTime(silence.until)}:{' '}
            <span className="countdown">{formatCountdown(remaining)} left</span>
          </>
        )}
        {silence?.outcome === 'broken' && (
          <>
            <strong>Silence procedure broken</strong>: its deadline of {formatCouncilTime(silence.until)} no
            longer counts.
          </>
        )}
        {silence?.outcome === 'lapsed' && (
          <>
            {/* Silence never overrides what was said: the board still shows HU opposing paragraph 5. */}
            <strong>Silence procedure lapsed</strong> on {formatCouncilTime(silence.until)} without objection:
            the paragraphs unchanged since it began count as agreed, save where a reservation or an opposition
            stands.
          </>
        )}
        {silence?.outcome === 'cancelled' && (
          <>
            <strong>Silence procedure cancelled</strong>
            {silence.cancelled && <> by the Presidency on {formatCouncilTime(silence.cancelled.at)}</>}: its
            deadline of {formatCouncilTime(silence.until)} no longer counts, and nothing is agreed by it.
            {silence.cancelled?.reason && <> Reason: {silence.cancelled.reason}</>}
          </>
        )}
      </p>
      {running && outside.length > 0 && (
        <ul className="silence-outside">
          {outside.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      {silence && silence.brokenBy.length > 0 && (
        <ul className="silence-breaks">
          {silence.brokenBy.map((b) => (
            <li key={`${b.delegation}${b.at}`}>
              <strong>{b.delegation}</strong> broke silence on {formatCouncilTime(b.at)}: {b.reason}
            </li>
          ))}
        </ul>
      )}
      {canRun && !running && (
        <StartSilence
          documentId={documentId}
          procedure={procedure}
          onStarted={changed}
          obstacles={obstacles}
        />
      )}
      {canBreak && running && !brokenByMe && (
        <BreakSilence documentId={documentId} procedure={procedure} onBroken={changed} />
      )}
      {canRun && running && (
        <CancelSilence documentId={documentId} procedure={procedure} onCancelled={changed} />
      )}
    </section>
  );
}

function StartSilence({
  documentId,
  procedure,
  onStarted,
  obstacles,
}: {
  readonly documentId: string;
  /** The procedure's state (`silenceStateKey`): when it changes, a refusal shown no longer holds. */
  readonly procedure: string;
  /** Called with the procedure started. */
  readonly onStarted: (started: Silence) => void;
  readonly obstacles: readonly string[];
}) {
  const [until, setUntil] = useState('');
  const deadline = councilTimeToInstant(until);
  const deadlineId = useId();
  const obstaclesId = useId();
  const { busy, error, clearError, run } = useRequest();
  // A deadline already past, said in Brussels time as it was chosen: the server's refusal names it as a
  // UTC instant ("the deadline 2020-01-01T09:00:00.000Z is not in the future").
  const [passed, setPassed] = useState<string | null>(null);
  const sent = useRef<string | null>(null);
  useClearedWhenChanged(procedure, () => {
    setPassed(null);
    clearError();
  });
  const refusedAsPast = passed ?? (error?.code === 'deadline-passed' ? sent.current : null);
  const shown =
    refusedAsPast === null
      ? error
      : {
          code: 'deadline-passed',
          status: error?.status ?? 0,
          message: describePassedDeadline(refusedAsPast),
        };
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        const instant = councilTimeToInstant(until);
        if (instant === null) return;
        // Refused here, no request sent: the server would refuse it too.
        if (Date.parse(instant) <= Date.now()) {
          setPassed(instant);
          return;
        }
        setPassed(null);
        sent.current = instant;
        void run(() => api.startSilence(documentId, instant), onStarted);
      }}
    >
      {obstacles.length > 0 && (
        <ul id={obstaclesId} className="silence-obstacles form-hint">
          {obstacles.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      <label>
        Start a silence procedure until{' '}
        <input
          type="datetime-local"
          value={until}
          aria-describedby={obstacles.length > 0 ? `${obstaclesId} ${deadlineId}` : deadlineId}
          onChange={(e) => {
            setUntil(e.target.value);
            setPassed(null);
            clearError();
          }}
          required
        />{' '}
        Brussels time
      </label>
      <button type="submit" disabled={deadline === null} aria-disabled={busy || undefined}>
        Start
      </button>
      {/* The input shows the browser's own date format (12 h in some); this says the instant chosen. */}
      <span id={deadlineId} className="quiet silence-deadline">
        {deadline !== null && `Deadline: ${formatCouncilTime(deadline)}`}
      </span>
      <FormError error={shown} />
    </form>
  );
}

/** A delegate's objection, with the reason the procedure requires: on the board and in the drafting room. */
export function BreakSilence({
  documentId,
  procedure,
  onBroken,
}: {
  readonly documentId: string;
  /** The procedure's state (`silenceStateKey`): when it changes, a refusal shown no longer holds. */
  readonly procedure: string;
  /** Called with the procedure as it is once silence is broken. */
  readonly onBroken: (broken: Silence) => void;
}) {
  const [reason, setReason] = useState('');
  const { busy, error, clearError, run } = useRequest();
  useClearedWhenChanged(procedure, clearError);
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        void run(() => api.breakSilence(documentId, reason.trim()), onBroken);
      }}
    >
      <label>
        Reason for breaking silence{' '}
        <input
          type="text"
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            clearError();
          }}
          required
          maxLength={MAX_SILENCE_REASON_CHARS}
          size={40}
        />
      </label>
      <button type="submit" disabled={reason.trim() === ''} aria-disabled={busy || undefined}>
        Break silence
      </button>
      <FormError error={error} />
    </form>
  );
}

/**
 * "Cancel procedure…" opens a confirmation in its place (focus into its reason, and back to the button
 * when kept); once cancelled the panel's state line takes focus, as after Start or Break silence.
 */
function CancelSilence({
  documentId,
  procedure,
  onCancelled,
}: {
  readonly documentId: string;
  /** The procedure's state (`silenceStateKey`): when it changes, a refusal shown no longer holds. */
  readonly procedure: string;
  /** Called with the procedure cancelled. */
  readonly onCancelled: (cancelled: Silence) => void;
}) {
  const [reason, setReason] = useState('');
  const { busy, error, clearError, run } = useRequest();
  useClearedWhenChanged(procedure, clearError);
  const { open, show, button, field } = useFormToggle<HTMLInputElement>();
  if (!open) {
    return (
      <button ref={button} type="button" onClick={() => show(true)}>
        Cancel procedure…
      </button>
    );
  }
  return (
    <form
      className="inline-form"
      aria-label="Cancel the silence procedure"
      onSubmit={(event) => {
        event.preventDefault();
        void run(
          () => api.cancelSilence(documentId, reason.trim() === '' ? null : reason.trim()),
          onCancelled,
        );
      }}
    >
      <p className="form-hint">Cancel the procedure? It ends now, and nothing is agreed by it.</p>
      <label>
        Reason for cancelling (optional){' '}
        <input
          ref={field}
          type="text"
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            clearError();
          }}
          maxLength={MAX_SILENCE_REASON_CHARS}
          size={40}
        />
      </label>
      <button type="button" onClick={() => show(false)}>
        Keep it running
      </button>
      <button type="submit" className="primary" aria-disabled={busy || undefined}>
        Yes, cancel the procedure
      </button>
      <FormError error={error} />
    </form>
  );
}
