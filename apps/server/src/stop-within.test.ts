import { describe, expect, it } from 'vitest';
import { describeUnfinishedStop, STOP_LIMIT_MS, waitAtMost } from './stop-within';

describe('waitAtMost', () => {
  it('gives the value of work that finishes in time', async () => {
    expect(await waitAtMost(Promise.resolve(3), 1_000)).toEqual({ finished: true, value: 3 });
  });

  it('gives up on work that never finishes once the limit has passed', async () => {
    const started = performance.now();
    expect(await waitAtMost(new Promise<never>(() => {}), 50)).toEqual({ finished: false });
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('passes on the failure of work that fails in time', async () => {
    await expect(waitAtMost(Promise.reject(new Error('disk I/O error')), 1_000)).rejects.toThrow(
      'disk I/O error',
    );
  });
});

describe('describeUnfinishedStop', () => {
  it.each([
    [
      'flushing the open documents',
      ['d1', 'd2'],
      'stopping did not finish within 10 s, still flushing the open documents (documents d1, d2 not yet flushed): exiting without it; edits clients were not yet told were saved stay with them, to be sent again',
    ],
    [
      'closing the database',
      [],
      'stopping did not finish within 10 s, still closing the database: exiting without it; edits clients were not yet told were saved stay with them, to be sent again',
    ],
  ])('says what was still under way (%s) and what it costs', (step, ids, message) => {
    expect(describeUnfinishedStop(step, ids, { limitMs: STOP_LIMIT_MS })).toBe(message);
  });

  it('names the second signal that cut the stop short', () => {
    expect(describeUnfinishedStop('closing the database', ['d1'], { secondSignal: 'SIGINT' })).toBe(
      'a second signal (SIGINT) while stopping: exiting at once, still closing the database (document d1 not yet flushed); edits clients were not yet told were saved stay with them, to be sent again',
    );
  });
});
