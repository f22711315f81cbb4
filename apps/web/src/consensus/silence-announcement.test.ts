import { describe, expect, it } from 'vitest';
import type { Silence } from '../api/client';
import { describeSilenceChange, silenceStateKey } from './silence-announcement';

const UNTIL = '2099-12-31T12:00:00.000Z';
const format = (iso: string) => `<${iso}>`;

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
const cancelledSilently: Silence = {
  ...cancelled,
  cancelled: { at: '2099-01-01T11:00:00.000Z', reason: null },
};
const restarted: Silence = { ...running, until: '2099-12-31T18:00:00.000Z' };

describe('describeSilenceChange', () => {
  it.each([
    ['started', null, running, `Silence procedure started, until <${UNTIL}>.`],
    ['broken', running, brokenByFr, 'Silence procedure broken by FR. Reason: Paris needs more time.'],
    [
      'broken by another delegation too',
      brokenByFr,
      brokenByDeToo,
      'Silence procedure broken by DE. Reason: Berlin too.',
    ],
    [
      'broken, never seen running',
      null,
      brokenByFr,
      'Silence procedure broken by FR. Reason: Paris needs more time.',
    ],
    [
      'lapsed',
      running,
      lapsed,
      `Silence procedure lapsed on <${UNTIL}> without objection: the paragraphs unchanged since it began count as agreed, save where a reservation or an opposition stands.`,
    ],
    ['cancelled with a reason', running, cancelled, 'Silence procedure cancelled. Reason: Wrong deadline.'],
    ['cancelled without one', running, cancelledSilently, 'Silence procedure cancelled.'],
    [
      'started again after a break',
      brokenByFr,
      restarted,
      'Silence procedure started, until <2099-12-31T18:00:00.000Z>.',
    ],
    [
      'started again, unseen between two runs',
      running,
      restarted,
      'Silence procedure started, until <2099-12-31T18:00:00.000Z>.',
    ],
  ])('says the latest event: %s', (_, before, after, said) => {
    expect(describeSilenceChange(before, after, format)).toBe(said);
  });

  it('says nothing when nothing happened (a report read again), or no procedure is left', () => {
    expect(describeSilenceChange(running, { ...running }, format)).toBeNull();
    expect(describeSilenceChange(brokenByFr, JSON.parse(JSON.stringify(brokenByFr)), format)).toBeNull();
    expect(describeSilenceChange(null, null, format)).toBeNull();
    expect(describeSilenceChange(running, null, format)).toBeNull();
  });
});

describe('silenceStateKey', () => {
  it('tells every state of the board apart', () => {
    const keys = [null, running, brokenByFr, brokenByDeToo, lapsed, cancelled, restarted].map(
      silenceStateKey,
    );
    expect(new Set(keys).size).toBe(keys.length);
  });
});
