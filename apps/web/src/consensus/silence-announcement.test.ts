import { describe, expect, it } from 'vitest';
import type { Silence } from '../api/client';
import { silenceStateKey } from './silence-announcement';

const UNTIL = '2099-12-31T12:00:00.000Z';

const running: Silence = { until: UNTIL, brokenBy: [], outcome: 'running', cancelled: null };
const brokenByFr: Silence = {
  ...running,
  outcome: 'broken',
  brokenBy: [{ delegation: 'FR', reason: 'Paris needs more time.', at: '2099-01-01T09:00:00.000Z' }],
};
const brokenByDeToo: Silence = {
  ...brokenByFr,
  brokenBy: [
    ...brokenByFr.brokenBy,
    { delegation: 'DE', reason: 'Berlin too.', at: '2099-01-01T10:00:00.000Z' },
  ],
};
const lapsed: Silence = { ...running, outcome: 'lapsed' };
const cancelled: Silence = {
  ...running,
  outcome: 'cancelled',
  cancelled: { at: '2099-01-01T11:00:00.000Z', reason: 'Wrong deadline.' },
};
const restarted: Silence = { ...running, until: '2099-12-31T18:00:00.000Z' };

describe('silenceStateKey', () => {
  it('tells every state of the board apart', () => {
    const keys = [null, running, brokenByFr, brokenByDeToo, lapsed, cancelled, restarted].map(
      silenceStateKey,
    );
    expect(new Set(keys).size).toBe(keys.length);
  });
});
