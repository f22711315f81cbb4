import { can } from '@accord/model';
import { useEffect, useState } from 'react';
import { type ApiFailure, api, type Me, type Silence } from '../api/client';
import { FormError } from '../components/FormError';
import { formatInstant } from '../draft/BlockPanel';
import { formatCountdown } from './countdown';

const COUNTDOWN_TICK_MS = 1000;

/** The current time, ticking while `active`; the UI's clock, never the domain's. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), COUNTDOWN_TICK_MS);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

/** A `datetime-local` value (the user's local time) as an ISO instant; null when it is not a date. */
export function toInstant(local: string): string | null {
  const date = new Date(local);
  return local === '' || Number.isNaN(date.getTime()) ? null : date.toISOString();
}

interface SilencePanelProps {
  readonly documentId: string;
  readonly silence: Silence | null;
  readonly me: Me;
  readonly onChanged: () => void;
}

/**
 * The silence procedure: the Presidency sets a deadline on the current text; any delegation may break
 * silence with a reason; if nobody does, the text is deemed agreed when the deadline passes.
 */
export function SilencePanel({ documentId, silence, me, onChanged }: SilencePanelProps) {
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

  return (
    <section className="silence" aria-label="Silence procedure">
      {silence === null && <p className="quiet">No silence procedure.</p>}
      {silence?.outcome === 'running' && (
        <p className="silence-running" role="status">
          <strong>Silence procedure</strong> until {formatInstant(silence.until)}:{' '}
          <span className="countdown">{formatCountdown(remaining)} left</span>
        </p>
      )}
      {silence?.outcome === 'lapsed' && (
        <p>
          <strong>Silence procedure lapsed</strong> on {formatInstant(silence.until)} without objection: the
          paragraphs unchanged since it began count as agreed.
        </p>
      )}
      {silence && silence.brokenBy.length > 0 && (
        <ul className="silence-breaks">
          {silence.brokenBy.map((b) => (
            <li key={`${b.delegation}${b.at}`}>
              <strong>{b.delegation}</strong> broke silence on {formatInstant(b.at)}: {b.reason}
            </li>
          ))}
        </ul>
      )}
      {canRun && !running && <StartSilence documentId={documentId} onChanged={onChanged} />}
      {canBreak && running && !brokenByMe && <BreakSilence documentId={documentId} onChanged={onChanged} />}
    </section>
  );
}

function StartSilence({
  documentId,
  onChanged,
}: {
  readonly documentId: string;
  readonly onChanged: () => void;
}) {
  const [until, setUntil] = useState('');
  const [error, setError] = useState<ApiFailure | null>(null);
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        const instant = toInstant(until);
        if (instant === null) return;
        void api.startSilence(documentId, instant).then((result) => {
          setError(result.ok ? null : result.error);
          if (result.ok) onChanged();
        });
      }}
    >
      <label>
        Start a silence procedure until{' '}
        <input type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} required />
      </label>
      <button type="submit" disabled={toInstant(until) === null}>
        Start
      </button>
      <FormError error={error} />
    </form>
  );
}

function BreakSilence({
  documentId,
  onChanged,
}: {
  readonly documentId: string;
  readonly onChanged: () => void;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiFailure | null>(null);
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        void api.breakSilence(documentId, reason.trim()).then((result) => {
          setError(result.ok ? null : result.error);
          if (result.ok) onChanged();
        });
      }}
    >
      <label>
        Reason for breaking silence{' '}
        <input type="text" value={reason} onChange={(e) => setReason(e.target.value)} required size={40} />
      </label>
      <button type="submit" disabled={reason.trim() === ''}>
        Break silence
      </button>
      <FormError error={error} />
    </form>
  );
}
