import { describe, expect, it } from 'vitest';
import { timeConsensus } from './consensus-timing';

describe('timeConsensus', () => {
  it('times every report it is asked for in a child process and returns the timings', async () => {
    const timings = await timeConsensus({ blocks: 40, seed: 3, freshBoards: 4, oneChanged: 5 });
    expect(timings.fresh).toHaveLength(4);
    expect(timings.oneChanged).toHaveLength(5);
    for (const ms of [timings.cold, ...timings.fresh, ...timings.oneChanged]) {
      expect(ms).toBeGreaterThan(0);
      expect(Number.isFinite(ms)).toBe(true);
    }
  });
});
