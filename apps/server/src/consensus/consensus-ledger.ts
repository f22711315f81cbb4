import {
  breakSilence,
  COMMISSION,
  type CommissionReservation,
  type CommissionReservations,
  type ConsensusReport,
  type CurrentPositions,
  cancelSilence,
  computeConsensus,
  describeSilence,
  err,
  foldCommissionReservations,
  foldPositionHistory,
  fromEpochMs,
  isSilenceRunning,
  judgeSilence,
  listTextChanges,
  type MemberStateCode,
  ok,
  type PositionBoard,
  type PositionEvent,
  type PositionRecord,
  type QmvOptions,
  type QmvRule,
  type Result,
  recordTextChanges,
  type SilenceError,
  startSilenceProcedure,
  statementBlocks,
  updatePositions,
} from '@accord/model';
import { readBlocks } from '@accord/ydoc';
import type * as Y from 'yjs';
import {
  describeCommissionReservationRecorded,
  describeCommissionReservationWithdrawn,
  describePositionRecorded,
  describePositionWithdrawn,
  describeSilenceBroken,
  describeSilenceCancelled,
  describeSilenceLapsed,
  describeSilenceStarted,
  toAuditActor,
} from '../audit/describe-audit';
import type { SilenceEventData } from '../events/document-events';
import { announceChanged } from '../events/document-list-events';
import type { DocumentEventBus } from '../events/event-bus';
import type {
  CommissionReservationEntry,
  PositionEntry,
  StoredSilenceProcedure,
} from '../store/consensus-stores';
import type { Store, User } from '../store/store';
import {
  type ConsensusParts,
  isSameConsensus,
  joinConsensusParts,
  serializeConsensusParts,
  toCommissionReservationBody,
  toPositionBody,
  toSilenceBody,
} from './consensus-views';
import type { LiveText } from './live-text';
import { ReportChanges } from './report-changes';

/** Documents whose positions and silence procedures are kept in memory (least recently used go first). */
export const MAX_LEDGER_DOCUMENTS = 200;
/** Position writes committed together at most; a busy second brings many writes into one commit. */
export const MAX_POSITION_BATCH = 500;

/** The longest delay a Node timer takes (about 24.8 days); a later deadline is re-armed on the way. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Why a silence request is refused: the model's reasons, and the two only the server knows. */
export type SilenceFailure =
  | SilenceError
  | { readonly code: 'silence-running'; readonly field: 'until'; readonly message: string }
  | { readonly code: 'no-silence-procedure'; readonly field: 'reason'; readonly message: string };

/** One document's consensus state. The positions are the committed ones; `pending` are on their way. */
interface DocumentLedger {
  /** Changed in place as writes commit (`updatePositions`); `version` counts the changes. */
  readonly positions: PositionBoard;
  version: number;
  /** The Commission's reservations by block. Replaced, never mutated; a change counts in `version`. */
  commission: CommissionReservations;
  /** Accepted position events not yet committed, in order: what a withdrawal checks against too. */
  readonly pending: PositionEvent[];
  /** Oldest first. Replaced, never mutated. */
  silence: readonly StoredSilenceProcedure[];
  /** The procedures whose `silence.lapsed` audit entry is written (the store keeps it once). */
  readonly lapsesRecorded: Set<string>;
  /** Silence requests run one at a time per document. */
  lock: Promise<unknown>;
  busy: number;
  evicted: boolean;
  /**
   * A batch holding this document's writes failed: it may have committed all the same (a WAL sync that
   * failed after the commit). Memory may disagree with the store, so the ledger is read again from the
   * store once nothing of it is pending or running.
   */
  inDoubt: boolean;
  /** The last report under each QMV rule and what it was computed from: clients refetch together after a change. */
  readonly written: Partial<Record<QmvRule, WrittenReport>>;
  /** The versions of the report under each rule, for clients fetching what changed. */
  readonly changes: Readonly<Record<QmvRule, ReportChanges>>;
}

interface WrittenReport {
  /** The ledger's `version` it was computed at. */
  readonly version: number;
  readonly live: LiveText;
  readonly silence: readonly StoredSilenceProcedure[];
  /** A report depends on the clock only through the outcome of each silence procedure. */
  readonly outcomes: string;
  readonly parts: ConsensusParts;
  /** The body of `GET /consensus`, written when first asked for. */
  json: Uint8Array<ArrayBuffer> | null;
  /** The body of `GET /consensus/changes` with every row, written when first asked for. */
  fullChanges: Uint8Array<ArrayBuffer> | null;
}

/** A position to store, and the statement text it is pinned to (none for a general reservation). */
export interface GivenPosition {
  readonly record: PositionRecord;
  readonly text?: string;
}

interface QueuedPosition {
  readonly ledger: DocumentLedger;
  /** Committed in one transaction, all or none: one write, or a delegation's positions given at once. */
  readonly entries: readonly PositionEntry[];
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export interface ConsensusLedgerDeps {
  readonly store: Store;
  readonly events: DocumentEventBus;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  readonly newId: () => string;
  readonly maxDocuments?: number;
  /** The live documents whose text a running silence procedure watches; none watched without it. */
  readonly documents?: {
    watchText(documentId: string, watcher: (doc: Y.Doc) => void): () => void;
  };
  /** Where a change mark that could not be stored is reported. @default console.error */
  readonly logError?: (message: string, error: unknown) => void;
}

/**
 * A running procedure whose document's text is watched. The procedure and its marks are the ledger's
 * latest (read there at each edit, never copied): a break, a cancellation or a reload replaces that,
 * and the watch sees it.
 */
interface TextWatch {
  /** The document's kept ledger; a ledger read again from the store takes the watch over. */
  ledger: DocumentLedger;
  readonly procedureId: string;
  stop: () => void;
}

const ENCODER = new TextEncoder();

/**
 * Where positions and silence procedures live while the server runs: loaded from the store once per
 * document (the history folded by `foldPositionHistory`), then kept current with `applyPositionEvents`
 * as each write commits, so a consensus report never reads the store and the model reuses what it
 * computed for every unchanged block.
 *
 * Writes: a position event and its audit row are committed together; position writes that arrive in
 * the same turn of the event loop share one commit (group commit, one fsync for the batch). Only once
 * committed does a write reach memory and the event bus, so nothing is ever shown that is not stored.
 */
export class ConsensusLedger {
  private readonly loading = new Map<string, Promise<DocumentLedger>>();
  private readonly loaded = new Map<string, DocumentLedger>();
  private queue: QueuedPosition[] = [];
  private draining = false;
  private readonly maxDocuments: number;
  /** Per document, the timer that announces its running silence procedure's lapse (only the latest runs). */
  private readonly deadlines = new Map<string, ReturnType<typeof setTimeout>>();
  /** Per document under a running silence procedure, the watch on its live text. */
  private readonly textWatches = new Map<string, TextWatch>();

  constructor(private readonly deps: ConsensusLedgerDeps) {
    this.maxDocuments = deps.maxDocuments ?? MAX_LEDGER_DOCUMENTS;
  }

  /** The consensus report over the given live text, as of now. */
  async report(documentId: string, live: LiveText, qmv?: QmvOptions): Promise<ConsensusReport> {
    return (await this.reportWithPositions(documentId, live, qmv)).report;
  }

  /**
   * The report over the given live text and the positions it counted (stale ones included), for a
   * caller that also writes the positions out. The board is the ledger's own: read it, do not keep it.
   */
  async reportWithPositions(
    documentId: string,
    live: LiveText,
    qmv?: QmvOptions,
  ): Promise<{ report: ConsensusReport; positions: CurrentPositions; commission: CommissionReservations }> {
    return this.withLedger(documentId, (ledger) => ({
      report: computeConsensus({
        blocks: live.blocks,
        footnotes: live.document.footnotes,
        positions: ledger.positions,
        silence: ledger.silence,
        commission: ledger.commission,
        unnegotiated: live.unnegotiated,
        now: fromEpochMs(this.deps.now()),
        qmv,
      }),
      positions: ledger.positions,
      commission: ledger.commission,
    }));
  }

  /**
   * The report as the JSON body of `GET /consensus` (see `serializeConsensusBody`). The same bytes are
   * returned while nothing it depends on has changed, so a room of clients fetching it after one
   * change costs one computation; and while the report written is the same, so a client that has it
   * is answered 304.
   */
  async reportJson(
    documentId: string,
    live: LiveText,
    rule: QmvRule = 'standard',
  ): Promise<Uint8Array<ArrayBuffer>> {
    return this.withLedger(documentId, (ledger) => {
      const written = this.writeReport(ledger, live, rule);
      written.json ??= ENCODER.encode(joinConsensusParts(written.parts));
      return written.json;
    });
  }

  /**
   * The body of `GET /consensus/changes`: what a client holding version `since` of the report (null:
   * none) needs to hold the current one (see `ReportChanges`). An answer with every row is the same
   * bytes while the report is the same, as `reportJson`'s are; `full` says which it is.
   */
  async reportChanges(
    documentId: string,
    live: LiveText,
    rule: QmvRule,
    since: string | null,
  ): Promise<{ readonly full: boolean; readonly json: Uint8Array<ArrayBuffer> }> {
    return this.withLedger(documentId, (ledger) => {
      const written = this.writeReport(ledger, live, rule);
      const { full, json } = ledger.changes[rule].changesSince(since, written.parts);
      if (!full) return { full, json: ENCODER.encode(json) };
      written.fullChanges ??= ENCODER.encode(json);
      return { full, json: written.fullChanges };
    });
  }

  /** The latest report under `rule`, computed again only when something it depends on changed. */
  private writeReport(ledger: DocumentLedger, live: LiveText, rule: QmvRule): WrittenReport {
    const now = fromEpochMs(this.deps.now());
    const outcomes = ledger.silence.map((procedure) => judgeSilence(procedure, now)).join();
    const last = ledger.written[rule];
    if (
      last !== undefined &&
      last.version === ledger.version &&
      last.live === live &&
      last.silence === ledger.silence &&
      last.outcomes === outcomes
    ) {
      return last;
    }
    const report = computeConsensus({
      blocks: live.blocks,
      footnotes: live.document.footnotes,
      positions: ledger.positions,
      silence: ledger.silence,
      commission: ledger.commission,
      unnegotiated: live.unnegotiated,
      now,
      qmv: { rule },
    });
    const parts = serializeConsensusParts(report);
    // Most edits (typing) change no status: the report written before, its bytes and their ETag, then
    // stay, and the rooms and boards that refetch on the edit's hint are answered 304 or told nothing
    // changed.
    const same = last !== undefined && isSameConsensus(last.parts, parts);
    if (!same) ledger.changes[rule].record(parts);
    const written: WrittenReport = {
      version: ledger.version,
      live,
      silence: ledger.silence,
      outcomes,
      parts: same ? last.parts : parts,
      json: same ? last.json : null,
      fullChanges: same ? last.fullChanges : null,
    };
    ledger.written[rule] = written;
    return written;
  }

  /**
   * Stores a position (built by the model's `recordPosition`) with its audit entry and the statement
   * text it was pinned to (`text`, kept for showing what changed since), then publishes it.
   */
  async recordPosition(documentId: string, given: GivenPosition, user: User): Promise<void> {
    await this.recordPositions(documentId, [given], user);
  }

  /**
   * Stores several positions of one delegation in one transaction, each with its audit entry: all are
   * committed or none is. Then publishes each.
   */
  async recordPositions(documentId: string, given: readonly GivenPosition[], user: User): Promise<void> {
    const actor = toAuditActor(user);
    // Built field by field: an object spread takes V8's slow path on Node 20 (bench/findings.md).
    const entries = given.map(
      ({ record, text }): PositionEntry => ({
        documentId,
        event: { type: 'recorded', record },
        audit: describePositionRecorded({ documentId, actor, at: Date.parse(record.at) }, record),
        text,
      }),
    );
    await this.withLedger(documentId, (ledger) => this.enqueue(ledger, entries));
  }

  /** The delegation's current (committed) position on the block, stale or not; null when it has none. */
  async currentPosition(
    documentId: string,
    blockId: string,
    delegation: MemberStateCode,
  ): Promise<PositionRecord | null> {
    return this.withLedger(documentId, (ledger) => ledger.positions.get(blockId)?.get(delegation) ?? null);
  }

  /** Withdraws the delegation's position on the block; false when it has none to withdraw. */
  async withdrawPosition(
    documentId: string,
    blockId: string,
    delegation: MemberStateCode,
    user: User,
  ): Promise<{ readonly at: string } | null> {
    const at = fromEpochMs(this.deps.now());
    const queued = await this.withLedger(documentId, (ledger) => {
      if (!hasPosition(ledger, blockId, delegation)) return null;
      return this.enqueue(ledger, [
        {
          documentId,
          event: { type: 'withdrawn', blockId, delegation, at, userId: user.id },
          audit: describePositionWithdrawn(
            { documentId, actor: toAuditActor(user), at: Date.parse(at) },
            blockId,
            delegation,
          ),
        },
      ]);
    });
    if (queued === null) return null;
    await queued;
    return { at };
  }

  /**
   * Stores the Commission's reservation (built by `recordCommissionReservation`) with the statement
   * text it was pinned to (`text`; none on the whole text), then publishes it.
   */
  async recordCommissionReservation(
    documentId: string,
    record: CommissionReservation,
    user: User,
    text?: string,
  ): Promise<void> {
    await this.exclusive(documentId, async (ledger) => {
      const context = { documentId, actor: toAuditActor(user), at: Date.parse(record.at) };
      await this.appendCommissionEvent(ledger, {
        documentId,
        event: { type: 'recorded', record },
        audit: describeCommissionReservationRecorded(context, record),
        text,
      });
      this.changeCommission(ledger, (next) => next.set(record.blockId, record));
      this.deps.events.publish(documentId, {
        type: 'commission-reservation',
        data: { action: 'recorded', ...toCommissionReservationBody(record) },
      });
    });
  }

  /** The Commission's current (committed) reservation on the block, stale or not; null when it has none. */
  async currentCommissionReservation(
    documentId: string,
    blockId: string,
  ): Promise<CommissionReservation | null> {
    return this.withLedger(documentId, (ledger) => ledger.commission.get(blockId) ?? null);
  }

  /** Withdraws the Commission's reservation on the block; null when it has none there. */
  async withdrawCommissionReservation(
    documentId: string,
    blockId: string,
    user: User,
  ): Promise<{ readonly at: string } | null> {
    return this.exclusive(documentId, async (ledger) => {
      if (!ledger.commission.has(blockId)) return null;
      const at = fromEpochMs(this.deps.now());
      const context = { documentId, actor: toAuditActor(user), at: Date.parse(at) };
      await this.appendCommissionEvent(ledger, {
        documentId,
        event: { type: 'withdrawn', blockId, at, userId: user.id },
        audit: describeCommissionReservationWithdrawn(context, blockId),
      });
      this.changeCommission(ledger, (next) => next.delete(blockId));
      this.deps.events.publish(documentId, {
        type: 'commission-reservation',
        data: { action: 'withdrawn', blockId, delegation: COMMISSION, at },
      });
      return { at };
    });
  }

  private async appendCommissionEvent(ledger: DocumentLedger, entry: CommissionReservationEntry) {
    try {
      await this.deps.store.commissionReservations.append(entry);
    } catch (error) {
      // As after a failed batch of positions: what the store holds is read again.
      ledger.inDoubt = true;
      throw error;
    }
  }

  /** Gives the ledger a changed copy of its Commission's reservations and counts the change (a cached report is kept by version). */
  private changeCommission(
    ledger: DocumentLedger,
    change: (next: Map<string, CommissionReservation>) => unknown,
  ): void {
    const next = new Map(ledger.commission);
    change(next);
    ledger.commission = next;
    ledger.version += 1;
  }

  /** Starts a silence procedure on the live text; refused while one is running. */
  async startSilence(
    documentId: string,
    live: LiveText,
    until: unknown,
    user: User,
  ): Promise<Result<StoredSilenceProcedure, SilenceFailure>> {
    return this.exclusive(documentId, async (ledger) => {
      // A lapse whose timer has not run yet is written before the next procedure's start, and told to
      // open screens: the new procedure's timer replaces the one that would have told them.
      await this.recordLapses(documentId, ledger);
      const now = fromEpochMs(this.deps.now());
      const latest = ledger.silence.at(-1) ?? null;
      if (latest !== null && this.deadlines.has(documentId) && judgeSilence(latest, now) === 'lapsed') {
        clearTimeout(this.deadlines.get(documentId));
        this.deadlines.delete(documentId);
        this.publishSilence(documentId, 'lapsed', latest);
      }
      if (isSilenceRunning(latest, now)) {
        return err({
          code: 'silence-running' as const,
          field: 'until' as const,
          message: `a silence procedure is already running until ${latest?.until}`,
        });
      }
      const started = startSilenceProcedure({
        blocks: live.blocks,
        until,
        now,
        userId: user.id,
      });
      if (!started.ok) return started;
      const procedure: StoredSilenceProcedure = { ...started.value, id: this.deps.newId() };
      const context = { documentId, actor: toAuditActor(user), at: Date.parse(now) };
      await this.deps.store.silence.start(documentId, procedure, describeSilenceStarted(context, procedure));
      ledger.silence = [...ledger.silence, procedure];
      this.watchText(documentId, ledger);
      this.publishSilence(documentId, 'started', procedure);
      this.watchDeadline(documentId, procedure);
      return ok(procedure);
    });
  }

  /** Breaks the latest silence procedure for the caller's own delegation. */
  async breakSilence(
    documentId: string,
    reason: unknown,
    user: User,
  ): Promise<Result<StoredSilenceProcedure, SilenceFailure>> {
    return this.exclusive(documentId, async (ledger) => {
      const latest = ledger.silence.at(-1);
      if (latest === undefined) return err(noProcedureTo('break'));
      const now = fromEpochMs(this.deps.now());
      const broken = breakSilence(latest, { delegation: user.delegation, reason, at: now, userId: user.id });
      if (!broken.ok) return broken;
      const entry = broken.value.breaks.at(-1);
      if (entry === undefined) throw new Error('breakSilence returned no break');
      const context = { documentId, actor: toAuditActor(user), at: Date.parse(now) };
      await this.deps.store.silence.addBreak(latest.id, entry, describeSilenceBroken(context, latest, entry));
      return ok(this.settleSilence(documentId, ledger, latest, { breaks: broken.value.breaks }, 'broken'));
    });
  }

  /**
   * Cancels the latest silence procedure while it runs (the Presidency's, for one started by mistake):
   * it never lapses, and a new one may start at once.
   */
  async cancelSilence(
    documentId: string,
    reason: unknown,
    user: User,
  ): Promise<Result<StoredSilenceProcedure, SilenceFailure>> {
    return this.exclusive(documentId, async (ledger) => {
      const latest = ledger.silence.at(-1);
      if (latest === undefined) return err(noProcedureTo('cancel'));
      const now = fromEpochMs(this.deps.now());
      const cancelled = cancelSilence(latest, { reason, at: now, userId: user.id });
      if (!cancelled.ok) return cancelled;
      const cancellation = cancelled.value.cancellation;
      if (cancellation === null) throw new Error('cancelSilence returned no cancellation');
      const context = { documentId, actor: toAuditActor(user), at: Date.parse(now) };
      await this.deps.store.silence.cancel(
        latest.id,
        cancellation,
        describeSilenceCancelled(context, latest, cancellation),
      );
      return ok(this.settleSilence(documentId, ledger, latest, { cancellation }, 'cancelled'));
    });
  }

  /**
   * The latest procedure with a break or a cancellation just stored: the text is no longer watched
   * for it, it replaces the latest in the ledger (with the changes marked while it was being stored),
   * goes out to open clients, and its deadline is watched again (a cancelled one's timer is cleared).
   */
  private settleSilence(
    documentId: string,
    ledger: DocumentLedger,
    latest: StoredSilenceProcedure,
    change: Pick<StoredSilenceProcedure, 'breaks'> | Pick<StoredSilenceProcedure, 'cancellation'>,
    action: 'broken' | 'cancelled',
  ): StoredSilenceProcedure {
    this.stopWatchingText(documentId);
    const marked = ledger.silence.at(-1) ?? latest;
    const procedure: StoredSilenceProcedure = { ...marked, ...change };
    ledger.silence = [...ledger.silence.slice(0, -1), procedure];
    this.publishSilence(documentId, action, procedure);
    this.watchDeadline(documentId, procedure);
    return procedure;
  }

  /**
   * Writes the `silence.lapsed` entry of every procedure of the document that has lapsed by now and
   * has none yet: what the audit log shows is then up to date even where no timer ran (a restart).
   */
  async noticeLapses(documentId: string): Promise<void> {
    await this.exclusive(documentId, (ledger) => this.recordLapses(documentId, ledger));
  }

  /** Called with the ledger held (`exclusive`), or while it is loaded and nobody else has it yet. */
  private async recordLapses(documentId: string, ledger: DocumentLedger): Promise<void> {
    const now = fromEpochMs(this.deps.now());
    for (const procedure of ledger.silence) {
      if (ledger.lapsesRecorded.has(procedure.id) || judgeSilence(procedure, now) !== 'lapsed') continue;
      await this.deps.store.silence.recordLapse(procedure.id, describeSilenceLapsed(documentId, procedure));
      ledger.lapsesRecorded.add(procedure.id);
    }
  }

  /**
   * If the document's latest procedure is running, loads its ledger and watches its live text: what a
   * document's load runs before it takes any change (`LiveDocuments.beforeChanges`), so an edit after
   * a restart is seen like any other. Every load pays one indexed look-up of the latest procedure's
   * deadline (most documents have none); only one under a running procedure pays for its ledger.
   */
  async watchRunningSilence(documentId: string): Promise<void> {
    if (this.deps.documents === undefined) return;
    const until = await this.deps.store.silence.findUnsettledDeadline(documentId);
    if (until === null || Date.parse(until) <= this.deps.now()) return;
    await this.withLedger(documentId, (ledger) => this.watchText(documentId, ledger));
  }

  /**
   * If the document's latest procedure is running, loads its ledger, which watches the deadline: a
   * document's event stream opened after a restart hears of the lapse though nobody read its report
   * or opened its text (what `load` alone arms the timer for). One indexed look-up when none runs.
   */
  async watchRunningDeadline(documentId: string): Promise<void> {
    const until = await this.deps.store.silence.findUnsettledDeadline(documentId);
    if (until === null || Date.parse(until) <= this.deps.now()) return;
    await this.withLedger(documentId, () => {});
  }

  /**
   * Watches the live text while the latest procedure runs, to mark the blocks whose text changes.
   *
   * Why marks, and why written as the edit lands: whether a block's text differed from the start text
   * at some moment cannot be told afterwards from the store (snapshots replace the log), so each edit
   * is looked at as it is applied, and the blocks it changes are written to the silence store before
   * the edit is queued for its commit: the SQLite store writes them synchronously, on the connection
   * (and WAL) the edit's commit comes after, so an edit on disk (and acknowledged) has its marks on
   * disk; a crash before loses both, and the client's resend is the edit landing anew. A document
   * loaded after a restart is watched before it takes any change (`watchRunningSilence`).
   *
   * Cost: documents under no running procedure are never watched (an edit pays one Map size check);
   * a watched one reads its blocks once per edit, until the deadline.
   */
  private watchText(documentId: string, ledger: DocumentLedger): void {
    const latest = ledger.silence.at(-1);
    const documents = this.deps.documents;
    if (documents === undefined || latest === undefined) return;
    if (!isSilenceRunning(latest, fromEpochMs(this.deps.now()))) return;
    if (this.textWatches.get(documentId)?.procedureId === latest.id) return;
    this.stopWatchingText(documentId);
    const watch: TextWatch = { ledger, procedureId: latest.id, stop: () => {} };
    this.textWatches.set(documentId, watch);
    // The first call, with the document in memory, catches an edit that landed after the start's text
    // was read.
    watch.stop = documents.watchText(documentId, (doc) => this.markTextChanges(documentId, watch, doc));
  }

  private stopWatchingText(documentId: string): void {
    const watch = this.textWatches.get(documentId);
    if (watch === undefined) return;
    this.textWatches.delete(documentId);
    watch.stop();
  }

  /** Marks the blocks this edit changed, once the procedure's own (nothing after its deadline). */
  private markTextChanges(documentId: string, watch: TextWatch, doc: Y.Doc): void {
    const now = fromEpochMs(this.deps.now());
    const ledger = watch.ledger;
    const procedure = ledger.silence.at(-1);
    // Over (or no longer the latest), or every block it started on already marked: no edit can change
    // what it covers any more, so the document is no longer read and hashed at each edit.
    if (
      procedure?.id !== watch.procedureId ||
      !isSilenceRunning(procedure, now) ||
      Object.keys(procedure.textHashes).length <= procedure.changedDuring.length
    ) {
      if (this.textWatches.get(documentId) === watch) this.stopWatchingText(documentId);
      return;
    }
    const { blocks: read, footnotes } = readBlocks(doc);
    const blocks = statementBlocks(read, footnotes);
    const changed = listTextChanges(procedure, blocks, now);
    if (changed.length === 0) return;
    this.deps.store.silence.markChanged(procedure.id, changed, now).catch((error) => {
      // Kept in memory all the same; a restart before the deadline would lose this mark.
      (this.deps.logError ?? console.error)(
        `storing the blocks changed during silence on ${documentId} failed`,
        error,
      );
    });
    const marked: StoredSilenceProcedure = { ...recordTextChanges(procedure, changed), id: procedure.id };
    ledger.silence = [...ledger.silence.slice(0, -1), marked];
  }

  /**
   * Hands the document's text watch to its ledger read again from the store (after a write in doubt),
   * with the marks the old one took while it was being read: those are stored (written as the edit
   * landed) but may have come after the read.
   */
  private moveTextWatch(documentId: string, ledger: DocumentLedger): void {
    const watch = this.textWatches.get(documentId);
    if (watch === undefined || watch.ledger === ledger) return;
    const old = watch.ledger.silence.at(-1);
    const latest = ledger.silence.at(-1);
    watch.ledger = ledger;
    // Another latest procedure (not expected) ends the watch at the next edit.
    if (old?.id !== watch.procedureId || latest?.id !== watch.procedureId) return;
    const marked = recordTextChanges(latest, old.changedDuring);
    if (marked !== latest) {
      ledger.silence = [...ledger.silence.slice(0, -1), { ...marked, id: latest.id }];
    }
  }

  private publishSilence(
    documentId: string,
    action: SilenceEventData['action'],
    procedure: StoredSilenceProcedure,
  ) {
    const silence = toSilenceBody(describeSilence(procedure, fromEpochMs(this.deps.now())));
    this.deps.events.publish(documentId, { type: 'silence', data: { action, silence } });
    // The list's `silenceUntil` changes with each but a lapse, which `ListedDeadlines` tells of at
    // the deadline, also for a document whose ledger this process never loaded.
    if (action !== 'lapsed') announceChanged(this.deps.events, documentId, ['silenceUntil']);
  }

  /**
   * Arms the timer that tells open clients, at the deadline, that the procedure lapsed without
   * objection, so boards and margins show the text agreed without a reload. Nothing is armed for a
   * procedure that is broken or over; a timer that fires before the deadline (a deadline beyond
   * `MAX_TIMER_MS`, or a clock that moved) arms again.
   */
  private watchDeadline(documentId: string, procedure: StoredSilenceProcedure): void {
    clearTimeout(this.deadlines.get(documentId));
    this.deadlines.delete(documentId);
    const now = this.deps.now();
    if (!isSilenceRunning(procedure, fromEpochMs(now))) return;
    const delay = Math.min(Date.parse(procedure.until) - now + 1, MAX_TIMER_MS);
    // Unref'd: a pending announcement never keeps the process alive.
    const timer = setTimeout(() => void this.announceLapse(documentId, timer), delay).unref();
    this.deadlines.set(documentId, timer);
  }

  private async announceLapse(documentId: string, timer: ReturnType<typeof setTimeout>): Promise<void> {
    if (this.deadlines.get(documentId) !== timer) return;
    this.deadlines.delete(documentId);
    try {
      await this.exclusive(documentId, async (ledger) => {
        const latest = ledger.silence.at(-1);
        if (latest === undefined) return;
        const outcome = judgeSilence(latest, fromEpochMs(this.deps.now()));
        if (outcome !== 'running') this.stopWatchingText(documentId);
        if (outcome === 'lapsed') {
          // Audited first: nothing goes on the stream that is not committed.
          await this.recordLapses(documentId, ledger);
          this.publishSilence(documentId, 'lapsed', latest);
        } else if (outcome === 'running') this.watchDeadline(documentId, latest);
      });
    } catch {
      // The store closed with the server: there is nobody left to tell.
    }
  }

  /** Runs `use` on the document's ledger in the same turn as the check that it is still the kept one. */
  private async withLedger<T>(documentId: string, use: (ledger: DocumentLedger) => T): Promise<T> {
    for (;;) {
      const ledger = await this.load(documentId);
      if (!ledger.evicted) return use(ledger);
    }
  }

  private async exclusive<T>(documentId: string, run: (ledger: DocumentLedger) => Promise<T>): Promise<T> {
    const result = await this.withLedger(documentId, (ledger) => {
      ledger.busy++;
      const result = ledger.lock.then(() => run(ledger));
      ledger.lock = result.catch(() => {});
      return {
        done: result.finally(() => {
          ledger.busy--;
        }),
      };
    });
    return result.done;
  }

  private load(documentId: string): Promise<DocumentLedger> {
    const known = this.loaded.get(documentId);
    if (known?.inDoubt && known.pending.length === 0 && known.busy === 0) {
      known.evicted = true;
      this.loaded.delete(documentId);
    } else if (known !== undefined) {
      this.loaded.delete(documentId);
      this.loaded.set(documentId, known);
      return Promise.resolve(known);
    }
    let loading = this.loading.get(documentId);
    if (loading === undefined) {
      loading = (async () => {
        const [history, silence, lapses, commission] = await Promise.all([
          this.deps.store.positions.list(documentId),
          this.deps.store.silence.list(documentId),
          this.deps.store.silence.listLapses(documentId),
          this.deps.store.commissionReservations.list(documentId),
        ]);
        const ledger: DocumentLedger = {
          positions: foldPositionHistory(history),
          commission: foldCommissionReservations(commission),
          version: 0,
          pending: [],
          silence,
          lapsesRecorded: new Set(lapses),
          lock: Promise.resolve(),
          busy: 0,
          evicted: false,
          inDoubt: false,
          written: {},
          changes: { standard: new ReportChanges(), reinforced: new ReportChanges() },
        };
        // A procedure that lapsed while the server was down is written now, before anyone sees it lapsed.
        // Should that write fail, the next `noticeLapses` (every audit read) or start writes it.
        await this.recordLapses(documentId, ledger).catch(() => {});
        this.loaded.set(documentId, ledger);
        this.moveTextWatch(documentId, ledger);
        this.evictIdle();
        // After a restart, the deadline of a procedure still running is watched again.
        const latest = silence.at(-1);
        if (latest !== undefined && !this.deadlines.has(documentId)) this.watchDeadline(documentId, latest);
        return ledger;
      })().finally(() => this.loading.delete(documentId));
      this.loading.set(documentId, loading);
    }
    return loading;
  }

  private evictIdle(): void {
    if (this.loaded.size <= this.maxDocuments) return;
    for (const [documentId, ledger] of this.loaded) {
      if (this.loaded.size <= this.maxDocuments) return;
      if (ledger.pending.length > 0 || ledger.busy > 0 || this.textWatches.has(documentId)) continue;
      ledger.evicted = true;
      this.loaded.delete(documentId);
    }
  }

  private enqueue(ledger: DocumentLedger, entries: readonly PositionEntry[]): Promise<void> {
    for (const entry of entries) ledger.pending.push(entry.event);
    const done = new Promise<void>((resolve, reject) => {
      this.queue.push({ ledger, entries, resolve, reject });
    });
    if (!this.draining) {
      this.draining = true;
      // Everything that arrives before the next turn of the event loop joins this commit.
      setImmediate(() => void this.drain());
    }
    return done;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_POSITION_BATCH);
      try {
        await this.deps.store.positions.append(
          batch.length === 1
            ? (batch[0] as QueuedPosition).entries
            : batch.flatMap((queued) => queued.entries),
        );
      } catch (error) {
        for (const queued of batch) {
          for (let i = 0; i < queued.entries.length; i++) queued.ledger.pending.shift();
          queued.ledger.inDoubt = true;
          queued.reject(error);
        }
        continue;
      }
      // Each document's positions updated once for the whole batch: one copy per changed block.
      const committed = new Map<DocumentLedger, PositionEvent[]>();
      for (const { ledger, entries } of batch) {
        let events = committed.get(ledger);
        if (events === undefined) {
          events = [];
          committed.set(ledger, events);
        }
        for (const entry of entries) {
          ledger.pending.shift();
          events.push(entry.event);
        }
      }
      for (const [ledger, events] of committed)
        if (updatePositions(ledger.positions, events)) ledger.version += 1;
      for (const { entries, resolve } of batch) {
        for (const entry of entries) {
          this.deps.events.publish(entry.documentId, {
            type: 'position',
            data: toPositionEventData(entry.event),
          });
        }
        resolve();
      }
    }
    this.draining = false;
  }
}

function toPositionEventData(event: PositionEvent) {
  if (event.type === 'recorded') return { action: 'recorded' as const, ...toPositionBody(event.record) };
  return {
    action: 'withdrawn' as const,
    blockId: event.blockId,
    delegation: event.delegation,
    at: event.at,
  };
}

/** Whether the delegation has a position on the block, counting writes not yet committed. */
function hasPosition(ledger: DocumentLedger, blockId: string, delegation: MemberStateCode): boolean {
  for (let i = ledger.pending.length - 1; i >= 0; i--) {
    const event = ledger.pending[i] as PositionEvent;
    const target = event.type === 'recorded' ? event.record : event;
    if (target.blockId === blockId && target.delegation === delegation) return event.type === 'recorded';
  }
  return ledger.positions.get(blockId)?.has(delegation) ?? false;
}

/** The refusal to break or cancel a silence procedure where none was ever started. */
function noProcedureTo(verb: 'break' | 'cancel') {
  return {
    code: 'no-silence-procedure' as const,
    field: 'reason' as const,
    message: `there is no silence procedure to ${verb}`,
  };
}
