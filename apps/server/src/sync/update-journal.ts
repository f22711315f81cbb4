import type { UpdateEntry, UpdateLogStore } from '../store/store';

/**
 * Group commit. Updates are queued as they are applied; the queue is written in ONE store transaction
 * (one fsync) on the next turn of the event loop, so every update that arrived meanwhile shares it.
 * While a commit is in flight new updates wait for the next one, so under load batches grow instead of
 * commits queueing up. Broadcasting never waits for this.
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

export class UpdateJournal<T> {
  private queue: Item<T>[] = [];
  private inFlight: Promise<void> | null = null;
  private scheduled = false;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly log: UpdateLogStore,
    private readonly hooks: JournalHooks<T>,
    private readonly retryMs: number,
  ) {}

  get pending(): number {
    return this.queue.length;
  }

  push(target: T, entry: UpdateEntry): void {
    this.queue.push({ target, entry });
    if (!this.scheduled && this.inFlight === null && this.retryTimer === null) {
      this.scheduled = true;
      setImmediate(this.commitScheduled);
    }
  }

  /** Resolves once everything queued before the call is durable; rejects if a commit fails. */
  async flush(): Promise<void> {
    while (this.inFlight !== null || this.queue.length > 0) {
      await (this.inFlight ?? this.commit());
    }
  }

  private readonly commitScheduled = () => {
    this.scheduled = false;
    if (this.inFlight === null) this.commit().catch(() => {});
  };

  private commit(): Promise<void> {
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
        }, this.retryMs);
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
      if (this.queue.length > 0 && !this.scheduled) {
        this.scheduled = true;
        setImmediate(this.commitScheduled);
      }
    })();
    this.inFlight = run;
    return run;
  }
}
