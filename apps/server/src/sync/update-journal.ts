import type { UpdateEntry, UpdateLogStore } from '../store/store';

/**
 * Group commit. Updates are queued as they are applied; the queue is written in ONE store transaction
 * (one fsync) at most `windowMs` after its first update (at once when it holds `maxBatch`), so every
 * update that arrived meanwhile shares the fsync. While a commit is in flight new updates wait for the
 * next one, so under load batches grow instead of commits queueing up. Broadcasting never waits for this.
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
  /** The longest an update waits for its commit to start. 0: the next turn of the event loop. */
  readonly windowMs: number;
  /** A queue this long is committed without waiting for the window. */
  readonly maxBatch: number;
  /** After a failed commit, the batch is retried after this delay. */
  readonly retryMs: number;
}

export class UpdateJournal<T> {
  private queue: Item<T>[] = [];
  private inFlight: Promise<void> | null = null;
  private scheduled: NodeJS.Timeout | NodeJS.Immediate | null = null;
  private retryTimer: NodeJS.Timeout | null = null;

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
    if (this.inFlight !== null || this.retryTimer !== null) return;
    if (this.queue.length >= this.timing.maxBatch) this.schedule(0);
    else if (this.scheduled === null) this.schedule(this.timing.windowMs);
  }

  private schedule(delayMs: number): void {
    if (this.scheduled !== null) {
      if (delayMs > 0) return;
      this.cancelScheduled();
    }
    this.scheduled =
      delayMs > 0 ? setTimeout(this.commitScheduled, delayMs) : setImmediate(this.commitScheduled);
  }

  private cancelScheduled(): void {
    if (this.scheduled === null) return;
    clearTimeout(this.scheduled as NodeJS.Timeout);
    clearImmediate(this.scheduled as NodeJS.Immediate);
    this.scheduled = null;
  }

  /** Resolves once everything queued before the call is durable; rejects if a commit fails. */
  async flush(): Promise<void> {
    while (this.inFlight !== null || this.queue.length > 0) {
      await (this.inFlight ?? this.commit());
    }
  }

  private readonly commitScheduled = () => {
    this.scheduled = null;
    if (this.inFlight === null && this.queue.length > 0) this.commit().catch(() => {});
  };

  private commit(): Promise<void> {
    this.cancelScheduled();
    if (this.retryTimer !== null) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    const batch = this.queue;
    this.queue = [];
    const targets = new Set<T>();
    for (const item of batch) targets.add(item.target);
    this.hooks.cut(targets);
    const run = (async () => {
      let seqs: number[];
      try {
        seqs = await this.log.append(batch.map((item) => item.entry));
      } catch (error) {
        this.queue = batch.concat(this.queue);
        this.hooks.failed(error);
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
      // What arrived during this commit has waited long enough: commit it on the next turn.
      if (this.queue.length > 0) this.schedule(0);
    })();
    this.inFlight = run;
    return run;
  }
}
