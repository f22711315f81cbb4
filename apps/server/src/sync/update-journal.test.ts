import { describe, expect, it, vi } from 'vitest';
import type { UpdateEntry, UpdateLogStore, WriterClaim } from '../store/store';
import { UpdateJournal } from './update-journal';

function recordingLog(fail: () => boolean = () => false) {
  const batches: UpdateEntry[][] = [];
  const claimBatches: WriterClaim[][] = [];
  let seq = 0;
  const log: UpdateLogStore = {
    async append(entries, claims = []) {
      if (fail()) throw new Error('disk full');
      batches.push([...entries]);
      claimBatches.push([...claims]);
      return entries.map(() => ++seq);
    },
    load: async () => ({ snapshot: null, snapshotSeq: 0, updates: [], lastSeq: 0, writers: new Map() }),
    compact: async () => {},
    list: async () => [],
    beginRun: async () => true,
    endRun: async () => {},
  };
  return { log, batches, claimBatches };
}

const entry = (documentId: string, byte: number): UpdateEntry => ({
  documentId,
  update: Uint8Array.of(byte),
  userId: 'u',
  delegation: null,
  at: 0,
});

const TIMING = { windowMs: 0, quietDelayMs: 0, maxBatch: 1000, retryMs: 10 };

describe('UpdateJournal', () => {
  it('commits everything pushed in one turn of the event loop as one batch', async () => {
    const { log, batches } = recordingLog();
    const cuts: string[][] = [];
    const commits: [string, { lastSeq: number; count: number }][][] = [];
    const journal = new UpdateJournal<string>(
      log,
      { cut: (t) => cuts.push([...t]), committed: (t) => commits.push([...t]), failed: () => {} },
      TIMING,
    );
    journal.push('a', entry('a', 1));
    journal.push('b', entry('b', 2));
    journal.push('a', entry('a', 3));
    await journal.flush();
    expect(batches).toHaveLength(1);
    expect(cuts).toEqual([['a', 'b']]);
    expect(commits).toEqual([
      [
        ['a', { lastSeq: 3, count: 2 }],
        ['b', { lastSeq: 2, count: 1 }],
      ],
    ]);
  });

  it('collects updates that arrive during a commit into the next batch', async () => {
    const { log, batches } = recordingLog();
    const journal = new UpdateJournal<string>(
      log,
      { cut: () => {}, committed: () => {}, failed: () => {} },
      TIMING,
    );
    journal.push('a', entry('a', 1));
    const first = journal.flush();
    journal.push('a', entry('a', 2));
    journal.push('a', entry('a', 3));
    await first;
    await journal.flush();
    expect(batches.map((b) => b.map((e) => e.update[0]))).toEqual([[1], [2, 3]]);
  });

  it('keeps a failed batch and commits it, in order, once the store works again', async () => {
    let failing = true;
    const { log, batches } = recordingLog(() => failing);
    const failures: unknown[] = [];
    const journal = new UpdateJournal<string>(
      log,
      { cut: () => {}, committed: () => {}, failed: (e) => failures.push(e) },
      { ...TIMING, retryMs: 5 },
    );
    journal.push('a', entry('a', 1));
    await expect(journal.flush()).rejects.toThrow('disk full');
    journal.push('a', entry('a', 2));
    failing = false;
    await journal.flush();
    expect(failures).toHaveLength(1);
    expect(batches.flat().map((e) => e.update[0])).toEqual([1, 2]);
  });

  it('commits the first update after a quiet spell at once, without waiting for the window', async () => {
    const { log, batches } = recordingLog();
    const journal = new UpdateJournal<string>(
      log,
      { cut: () => {}, committed: () => {}, failed: () => {} },
      { ...TIMING, windowMs: 60_000 },
    );
    journal.push('a', entry('a', 1));
    await vi.waitFor(() => expect(batches).toHaveLength(1));
  });

  it('waits the quiet delay before committing the first update after a quiet spell, gathering what comes meanwhile', async () => {
    const { log, batches } = recordingLog();
    const journal = new UpdateJournal<string>(
      log,
      { cut: () => {}, committed: () => {}, failed: () => {} },
      { ...TIMING, quietDelayMs: 60_000 },
    );
    journal.push('a', entry('a', 1));
    await new Promise((resolve) => setImmediate(resolve));
    journal.push('b', entry('b', 2));
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toHaveLength(0);
    expect(journal.pending).toBe(2);
    await journal.flush();
    expect(batches.map((b) => b.map((e) => e.update[0]))).toEqual([[1, 2]]);
  });

  it('holds updates arriving within the window after a commit, so that they share the next one', async () => {
    const { log, batches } = recordingLog();
    const journal = new UpdateJournal<string>(
      log,
      { cut: () => {}, committed: () => {}, failed: () => {} },
      { ...TIMING, windowMs: 60_000 },
    );
    journal.push('a', entry('a', 1));
    await vi.waitFor(() => expect(batches).toHaveLength(1));
    journal.push('a', entry('a', 2));
    await new Promise((resolve) => setImmediate(resolve));
    journal.push('a', entry('a', 3));
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toHaveLength(1);
    expect(journal.pending).toBe(2);
    await journal.flush();
    expect(batches.map((b) => b.map((e) => e.update[0]))).toEqual([[1], [2, 3]]);
  });

  it('commits a full batch without waiting for the window', async () => {
    const { log, batches } = recordingLog();
    const journal = new UpdateJournal<string>(
      log,
      { cut: () => {}, committed: () => {}, failed: () => {} },
      { ...TIMING, windowMs: 60_000, maxBatch: 3 },
    );
    for (let i = 0; i < 3; i++) journal.push('a', entry('a', i));
    await vi.waitFor(() => expect(batches).toHaveLength(1));
    expect(journal.pending).toBe(0);
  });

  it('commits a writer claim with the batch, or alone, acknowledging no update, and keeps it through a failure', async () => {
    let failing = false;
    const { log, batches, claimBatches } = recordingLog(() => failing);
    const commits: string[][] = [];
    const journal = new UpdateJournal<string>(
      log,
      { cut: () => {}, committed: (t) => commits.push([...t.keys()]), failed: () => {} },
      { ...TIMING, retryMs: 5 },
    );
    const claim = (client: number) => ({ documentId: 'a', client, userId: 'u' });
    journal.claim(claim(1));
    journal.push('a', entry('a', 1));
    await journal.flush();
    failing = true;
    journal.claim(claim(2));
    await expect(journal.flush()).rejects.toThrow('disk full');
    failing = false;
    await journal.flush();
    expect(batches.map((b) => b.map((e) => e.update[0]))).toEqual([[1], []]);
    expect(claimBatches).toEqual([[claim(1)], [claim(2)]]);
    expect(commits).toEqual([['a'], []]);
  });

  it('retries nothing once closed, whether the failed commit ended before the close or after it', async () => {
    vi.useFakeTimers();
    try {
      let attempts = 0;
      const { log } = recordingLog(() => {
        attempts += 1;
        return true;
      });
      const hooks = { cut: () => {}, committed: () => {}, failed: () => {} };
      const before = new UpdateJournal<string>(log, hooks, { ...TIMING, retryMs: 5 });
      before.push('a', entry('a', 1));
      await expect(before.flush()).rejects.toThrow('disk full');
      before.close();
      const during = new UpdateJournal<string>(log, hooks, { ...TIMING, retryMs: 5 });
      during.push('b', entry('b', 2));
      const flushed = during.flush();
      during.close();
      await expect(flushed).rejects.toThrow('disk full');
      await vi.advanceTimersByTimeAsync(1_000);
      expect(attempts).toBe(2);
      // Never acknowledged, so the clients still hold them.
      expect([before.pending, during.pending]).toEqual([1, 1]);
    } finally {
      vi.useRealTimers();
    }
  });
});
