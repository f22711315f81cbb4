import { isBlank } from './blank-text';
import { isMemberStateCode, type MemberStateCode } from './delegations';
import { err, ok, type Result } from './result';
import { fromEpochMs, parseTimestamp, type Timestamp, toEpochMs } from './timestamp';

/**
 * The silence procedure: the Presidency puts the current text under a deadline; the text is deemed
 * agreed unless a delegation breaks silence before it.
 *
 *   start    `startSilenceProcedure` records the hash of every block's text and the deadline `until`
 *            (ahead, by `MAX_SILENCE_DAYS` at most)
 *   break    `breakSilence`, by a Member State with a reason, while `at < until`; each delegation once
 *   cancel   `cancelSilence`, by the Presidency (a procedure started by mistake: wrong deadline, wrong
 *            text), with an optional reason, while the procedure is running at `at`
 *   outcome  `judgeSilence(procedure, now)`:
 *              'cancelled' the Presidency withdrew it before the deadline: it never lapses
 *              'broken'   someone broke silence (from that moment; the deadline no longer matters)
 *              'running'  nobody has, and now < until
 *              'lapsed'   nobody did, and now >= until: the procedure succeeded
 *
 * When a procedure lapsed, a Member State with no current position on a block counts as agreeing, on
 * the blocks whose text stayed the one recorded at the start for the whole procedure and still is.
 * A block whose text differed from the start text at any moment while the procedure ran
 * (`changedDuring`, kept by `recordTextChanges` as edits land) is not covered, even once its text is
 * the start text again: the silent delegations were not silent on one text. After the deadline the
 * block stays covered while its text hash is the start hash (a later edit makes positions stale, and
 * uncovers it until the text is the start text again). Blocks added since are not covered. A
 * delegation that did speak (gave a current position) keeps that position.
 *
 * Only one procedure at a time per document is the server's rule: `isSilenceRunning` tells it whether
 * the latest one is still open. A broken or cancelled procedure is over, so the Presidency may start a
 * new one at once.
 */
export type SilenceOutcome = 'running' | 'broken' | 'lapsed' | 'cancelled';

export const MAX_SILENCE_REASON_CHARS = 2_000;

/**
 * The furthest deadline a procedure takes, in days from its start. A Council silence procedure runs a
 * few days, a few weeks at most (one over a recess); a deadline beyond is a slip (a year typed wrong,
 * 2071 for 2017), and would keep the text under a procedure nobody follows.
 */
export const MAX_SILENCE_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface SilenceBreak {
  readonly delegation: MemberStateCode;
  readonly reason: string;
  readonly at: Timestamp;
  readonly userId: string;
}

export interface SilenceCancellation {
  /** Why the Presidency withdrew the procedure; null when it gave no reason. */
  readonly reason: string | null;
  readonly at: Timestamp;
  readonly userId: string;
}

export interface SilenceProcedure {
  readonly startedAt: Timestamp;
  readonly startedBy: string;
  readonly until: Timestamp;
  /** The hash of each block's text when the procedure began, by block id. */
  readonly textHashes: Readonly<Record<string, string>>;
  readonly breaks: readonly SilenceBreak[];
  /**
   * The blocks of `textHashes` whose text differed from the start text at some moment while the
   * procedure ran, in the order they were first seen changed. None for a procedure stored before it
   * was kept.
   */
  readonly changedDuring: readonly string[];
  /** Set once the Presidency cancelled the procedure; null for one never cancelled. */
  readonly cancellation: SilenceCancellation | null;
}

export type SilenceErrorCode =
  | 'invalid-timestamp'
  | 'deadline-passed'
  /** A deadline further than `MAX_SILENCE_DAYS` from the start. */
  | 'deadline-too-far'
  | 'silence-over'
  | 'already-broken'
  | 'silence-not-running'
  | 'invalid-delegation'
  | 'reason-required'
  | 'invalid-reason'
  | 'reason-too-long';

export interface SilenceError {
  readonly code: SilenceErrorCode;
  readonly field: 'until' | 'at' | 'delegation' | 'reason';
  readonly message: string;
}

export interface StartSilenceInput {
  /** Each block's id and the `hashBlockText` of its current text. */
  readonly blocks: Iterable<{ readonly id: string; readonly textHash: string }>;
  readonly until: unknown;
  readonly now: Timestamp;
  readonly userId: string;
}

export function startSilenceProcedure(input: StartSilenceInput): Result<SilenceProcedure, SilenceError> {
  const until = parseTimestamp(input.until);
  if (!until.ok) return err({ code: 'invalid-timestamp', field: 'until', message: until.error.message });
  const now = parseTimestamp(input.now);
  if (!now.ok) return err({ code: 'invalid-timestamp', field: 'at', message: now.error.message });
  if (toEpochMs(until.value) <= toEpochMs(now.value)) {
    return err({
      code: 'deadline-passed',
      field: 'until',
      message: `the deadline ${until.value} is not in the future`,
    });
  }
  const latest = toEpochMs(now.value) + MAX_SILENCE_DAYS * DAY_MS;
  if (toEpochMs(until.value) > latest) {
    return err({
      code: 'deadline-too-far',
      field: 'until',
      message: `the deadline ${until.value} is more than ${MAX_SILENCE_DAYS} days away: a silence procedure runs a few days, a few weeks at most; set one by ${fromEpochMs(latest)}`,
    });
  }
  // fromEntries defines own properties, so a block id such as "__proto__" stays an ordinary key.
  const textHashes = Object.fromEntries(Array.from(input.blocks, (block) => [block.id, block.textHash]));
  return ok({
    startedAt: now.value,
    startedBy: input.userId,
    until: until.value,
    textHashes,
    breaks: [],
    changedDuring: [],
    cancellation: null,
  });
}

export interface BreakSilenceInput {
  /** The caller's own delegation, from their identity. */
  readonly delegation: unknown;
  readonly reason: unknown;
  readonly at: Timestamp;
  readonly userId: string;
}

/** Breaks silence. Refused at or after the deadline (from then the outcome is settled), or once cancelled. */
export function breakSilence(
  procedure: SilenceProcedure,
  input: BreakSilenceInput,
): Result<SilenceProcedure, SilenceError> {
  const at = parseTimestamp(input.at);
  if (!at.ok) return err({ code: 'invalid-timestamp', field: 'at', message: at.error.message });
  if (procedure.cancellation !== null) {
    return err({
      code: 'silence-over',
      field: 'at',
      message: `the silence procedure was cancelled at ${procedure.cancellation.at}; silence can no longer be broken`,
    });
  }
  if (toEpochMs(at.value) >= toEpochMs(procedure.until)) {
    return err({
      code: 'silence-over',
      field: 'at',
      message: `the silence procedure ended at ${procedure.until}; silence can no longer be broken`,
    });
  }
  if (!isMemberStateCode(input.delegation)) {
    return err({
      code: 'invalid-delegation',
      field: 'delegation',
      message: `only the 27 Member States break silence; ${JSON.stringify(input.delegation)} is not one`,
    });
  }
  const delegation = input.delegation;
  if (procedure.breaks.some((b) => b.delegation === delegation)) {
    return err({
      code: 'already-broken',
      field: 'delegation',
      message: `${delegation} has already broken silence in this procedure`,
    });
  }
  if (typeof input.reason !== 'string' || isBlank(input.reason)) {
    return err({ code: 'reason-required', field: 'reason', message: 'breaking silence needs a reason' });
  }
  if (input.reason.length > MAX_SILENCE_REASON_CHARS) {
    return err({
      code: 'reason-too-long',
      field: 'reason',
      message: `a reason has at most ${MAX_SILENCE_REASON_CHARS} characters`,
    });
  }
  const entry: SilenceBreak = { delegation, reason: input.reason, at: at.value, userId: input.userId };
  return ok({ ...procedure, breaks: [...procedure.breaks, entry] });
}

export interface CancelSilenceInput {
  /** Optional: absent, null or blank is no reason. */
  readonly reason?: unknown;
  readonly at: Timestamp;
  readonly userId: string;
}

/**
 * Cancels a running procedure (the Presidency's, for one started by mistake). Refused once it is no
 * longer running at `at`: lapsed at its deadline (its outcome is settled), broken, or cancelled before.
 */
export function cancelSilence(
  procedure: SilenceProcedure,
  input: CancelSilenceInput,
): Result<SilenceProcedure, SilenceError> {
  const at = parseTimestamp(input.at);
  if (!at.ok) return err({ code: 'invalid-timestamp', field: 'at', message: at.error.message });
  const outcome = judgeSilence(procedure, at.value);
  if (outcome !== 'running') {
    return err({
      code: 'silence-not-running',
      field: 'at',
      message: `the silence procedure is ${outcome}; only a running procedure can be cancelled`,
    });
  }
  const reason = input.reason ?? null;
  if (reason !== null && typeof reason !== 'string') {
    return err({ code: 'invalid-reason', field: 'reason', message: 'a reason is text, or none' });
  }
  if (reason !== null && reason.length > MAX_SILENCE_REASON_CHARS) {
    return err({
      code: 'reason-too-long',
      field: 'reason',
      message: `a reason has at most ${MAX_SILENCE_REASON_CHARS} characters`,
    });
  }
  const given = reason === null || isBlank(reason) ? null : reason;
  return ok({ ...procedure, cancellation: { reason: given, at: at.value, userId: input.userId } });
}

export function judgeSilence(procedure: SilenceProcedure, now: Timestamp): SilenceOutcome {
  // Only a running procedure is cancelled: nobody broke it, and its deadline had not come.
  if (procedure.cancellation !== null) return 'cancelled';
  if (procedure.breaks.length > 0) return 'broken';
  return toEpochMs(now) >= toEpochMs(procedure.until) ? 'lapsed' : 'running';
}

export function isSilenceRunning(procedure: SilenceProcedure | null, now: Timestamp): boolean {
  return procedure !== null && judgeSilence(procedure, now) === 'running';
}

/**
 * The blocks this text makes changed during the procedure, not marked before: those of the start whose
 * text hash now differs from the start hash, or that are gone. Nothing once the procedure is no longer
 * running at `at` (an edit after the deadline, or after silence was broken, is not the procedure's).
 * `blocks` is the whole live text as it stands after the edit.
 */
export function listTextChanges(
  procedure: SilenceProcedure,
  blocks: Iterable<{ readonly id: string; readonly textHash: string }>,
  at: Timestamp,
): string[] {
  if (judgeSilence(procedure, at) !== 'running') return [];
  const marked = changedSet(procedure.changedDuring);
  const seen = new Set<string>();
  const changed: string[] = [];
  for (const block of blocks) {
    if (!Object.hasOwn(procedure.textHashes, block.id) || seen.has(block.id)) continue;
    seen.add(block.id);
    if (!marked.has(block.id) && procedure.textHashes[block.id] !== block.textHash) changed.push(block.id);
  }
  for (const id of Object.keys(procedure.textHashes)) {
    if (!seen.has(id) && !marked.has(id)) changed.push(id);
  }
  return changed;
}

/** The procedure with `blockIds` marked as changed while it ran (ids marked already are kept once). */
export function recordTextChanges(
  procedure: SilenceProcedure,
  blockIds: readonly string[],
): SilenceProcedure {
  const marked = new Set(procedure.changedDuring);
  const added: string[] = [];
  for (const id of blockIds) {
    if (marked.has(id)) continue;
    marked.add(id);
    added.push(id);
  }
  if (added.length === 0) return procedure;
  return { ...procedure, changedDuring: [...procedure.changedDuring, ...added] };
}

/** Whether a lapsed procedure deems the missing delegations agreeing on this block with this text. */
export function isCoveredBySilence(
  procedure: SilenceProcedure,
  blockId: string,
  currentTextHash: string,
  now: Timestamp,
): boolean {
  return (
    judgeSilence(procedure, now) === 'lapsed' && isTextUnchangedSince(procedure, blockId, currentTextHash)
  );
}

/**
 * Whether the block existed when the procedure began, its text never differed from the start text
 * while the procedure ran, and its text hash is still the one recorded then.
 */
export function isTextUnchangedSince(
  procedure: SilenceProcedure,
  blockId: string,
  currentTextHash: string,
): boolean {
  return (
    Object.hasOwn(procedure.textHashes, blockId) &&
    procedure.textHashes[blockId] === currentTextHash &&
    !changedSet(procedure.changedDuring).has(blockId)
  );
}

/** Each marks list as a set, once: a report asks of every block, and a procedure can mark thousands. */
const CHANGED_SETS = new WeakMap<readonly string[], ReadonlySet<string>>();

function changedSet(changedDuring: readonly string[]): ReadonlySet<string> {
  let set = CHANGED_SETS.get(changedDuring);
  if (set === undefined) {
    set = new Set(changedDuring);
    CHANGED_SETS.set(changedDuring, set);
  }
  return set;
}

/** The procedure as the consensus report shows it. */
export interface SilenceReport {
  readonly startedAt: Timestamp;
  readonly until: Timestamp;
  readonly brokenBy: readonly {
    readonly delegation: MemberStateCode;
    readonly reason: string;
    readonly at: Timestamp;
  }[];
  readonly outcome: SilenceOutcome;
  /** When the Presidency cancelled it and why; null unless the outcome is `cancelled`. */
  readonly cancelled: { readonly at: Timestamp; readonly reason: string | null } | null;
}

export function describeSilence(procedure: SilenceProcedure, now: Timestamp): SilenceReport {
  return {
    startedAt: procedure.startedAt,
    until: procedure.until,
    brokenBy: procedure.breaks.map(({ delegation, reason, at }) => ({ delegation, reason, at })),
    outcome: judgeSilence(procedure, now),
    cancelled:
      procedure.cancellation === null
        ? null
        : { at: procedure.cancellation.at, reason: procedure.cancellation.reason },
  };
}
