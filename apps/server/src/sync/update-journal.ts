import type { UpdateEntry, UpdateLogStore, WriterClaim } from '../store/store';

/**
 * Group commit. Updates are queued as they are applied; the queue is written in ONE store transaction
 * (one fsync). Commits start at least `windowMs` apart: the first update after a quiet spell is
 * committed `quietDelayMs` later (at once, on this turn of the event loop, when 0), later ones wait
 * until the window since the last commit has passed (at once when the queue holds `maxBatch`), so under
 * load every update that arrived meanwhile shares the fsync and there are at most 1000 / windowMs
 * commits a second. While a commit is in flight new updates wait for the next one, so batches grow
 * instead of commits queueing up. Broadcasting never waits for this. Writer claims (see
 * DocumentRoom.writers) ride in the same transactions.
 */
export interface JournalHooks<T> {
  /** Called synchronously as a batch is cut, with the targets whose updates it holds. */
  cut(targets: ReadonlySet<T>): void;
  /** Called once the batch is durable, with each target's last seq and number of updates. */
  committed(targets: ReadonlyMap<T, { readonly lastSeq: number; readonly count: number }>): void;
  /** A commit failed; the batch stays queued and is retried. */
  failed(error: unknown): void;
}

interface Item<T> {
  readonly target: T;
  readonly entry: UpdateEntry;
}

export interface JournalTiming {
  /** The least time between the starts of two commits: the longest an update waits for its commit to start. */
  readonly windowMs: number;
  /** The wait before committing the first update after a quiet spell (0: on this turn). */
  readonly quietDelayMs: number;
  /** A queue this long is committed without waiting for the window. */
  readonly maxBatch: number;
  /** After a failed commit, the batch is retried after this delay. */
  readonly retryMs: number;
}

export class UpdateJournal<T> {
  private queue: Item<T>[] = [];
  private claims: WriterClaim[] = [];
  private inFlight: Promise<void> | null = null;
  private scheduled: { readonly timer: NodeJS.Timeout } | { readonly immediate: NodeJS.Immediate } | null =
    null;
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /** When the last batch was cut (performance.now()). */
  private lastCutAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly log: UpdateLogStore,
    private readonly hooks: JournalHooks<T>,
    private readonly timing: JournalTiming,
  ) {}

  get pending(): number {
    return this.queue.length;
  }

  push(target: T, entry: UpdateEntry): void {
    this.queue.push({ target, entry });
    this.scheduleQueued();
  }

  /** Records a writer claim with the next batch (alone if no update comes). Acknowledges nothing. */
  claim(claim: WriterClaim): void {
    this.claims.push(claim);
    this.scheduleQueued();
  }

  private scheduleQueued(): void {
    if (this.closed || this.inFlight !== null || this.retryTimer !== null) return;
    if (this.queue.length >= this.timing.maxBatch) this.schedule(0);
    else if (this.scheduled === null) {
      this.schedule(Math.max(this.timing.quietDelayMs, this.untilWindowPassed()));
    }
  }

  /** Milliseconds until `windowMs` have passed since the last cut; 0 if they have. */
  private untilWindowPassed(): number {
    return Math.max(0, this.lastCutAt + this.timing.windowMs - performance.now());
  }

  private schedule(delayMs: number): void {
    if (this.scheduled !== null) {
      if (delayMs > 0) return;
      this.cancelScheduled();
    }
    this.scheduled =
      delayMs > 0
        ? { timer: setTimeout(this.commitScheduled, delayMs) }
        : { immediate: setImmediate(this.commitScheduled) };
  }

  private cancelScheduled(): void {
    if (this.scheduled === null) return;
    if ('timer' in this.scheduled) clearTimeout(this.scheduled.timer);
    else clearImmediate(this.scheduled.immediate);
    this.scheduled = null;
  }

  /**
   * Stops committing on its own: no scheduled commit, no retry of a failed batch (with a failing disk
   * at shutdown it would retry for as long as the process lives). What is still queued was never
   * acknowledged, so its clients still hold it. `flush` still commits on request.
   */
  close(): void {
    this.closed = true;
    this.cancelScheduled();
    if (this.retryTimer !== null) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
  }

  /** Resolves once everything queued before the call is durable; rejects if a commit fails. */
  async flush(): Promise<void> {
    while (this.inFlight !== null || this.hasQueued()) {
      await (this.inFlight ?? this.commit());
    }
  }

  private hasQueued(): boolean {
    return this.queue.length > 0 || this.claims.length > 0;
  }

  private readonly commitScheduled = () => {
    this.scheduled = null;
    if (this.inFlight === null && this.hasQueued()) this.commit().catch(() => {});
  };

  private commit(): Promise<void> {
    this.cancelScheduled();
    if (this.retryTimer !== null) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    const batch = this.queue;
    const claims = this.claims;
    this.queue = [];
    this.claims = [];
    this.lastCutAt = performance.now();
    const targets = new Set<T>();
    for (const item of batch) targets.add(item.target);
    this.hooks.cut(targets);
    const run = (async () => {
      let seqs: number[];
      try {
        seqs = await this.log.append(
          batch.map((item) => item.entry),
          claims,
        );
      } catch (error) {
        this.queue = batch.concat(this.queue);
        this.claims = claims.concat(this.claims);
        this.hooks.failed(error);
        if (!this.closed)
          this.retryTimer = setTimeout(() => {
            this.retryTimer = null;
            if (this.inFlight === null) this.commit().catch(() => {});
          }, this.timing.retryMs);
        throw error;
      } finally {
        this.inFlight = null;
      }
      const byTarget = new Map<T, { lastSeq: number; count: number }>();
      batch.forEach((item, i) => {
        const seen = byTarget.get(item.target);
        byTarget.set(item.target, { lastSeq: seqs[i] as number, count: (seen?.count ?? 0) + 1 });
      });
      this.hooks.committed(byTarget);
      // What arrived during this commit goes with the next one, a window after this one started.
      if (this.hasQueued() && !this.closed) {
        this.schedule(this.queue.length >= this.timing.maxBatch ? 0 : this.untilWindowPassed());
      }
    })();
    this.inFlight = run;
    return run;
  }
}
