import { describe, expect, it } from 'vitest';
import type { Silence } from '../api/client';
import { warnOfSilenceOverride, warnOfSilenceOverrides } from './silence-override';

const procedure = (outcome: Silence['outcome']): Silence => ({
  until: '2017-06-09T15:00:00.000Z',
  brokenBy: [],
  outcome,
  cancelled: null,
});
const at = (iso: string) => `[${iso}]`;

describe('warnOfSilenceOverride', () => {
  it.each([
    ['running', 'reservation', true],
    ['running', 'scrutiny_reservation', true],
    ['running', 'linguistic_reservation', true],
    ['running', 'oppose', true],
    // Neither blocks: a lapse changes nothing that matters to consensus.
    ['running', 'agree', false],
    ['running', 'abstain', false],
    // Over: nothing left to warn of (a lapse already counted, a break or cancellation overrode nothing).
    ['lapsed', 'reservation', false],
    ['broken', 'reservation', false],
    ['cancelled', 'oppose', false],
  ] as const)('while a procedure is %s, warns a stale %s: %s', (outcome, position, warned) => {
    const warning = warnOfSilenceOverride(procedure(outcome), position, 'FR', at);
    expect(warning !== null).toBe(warned);
  });

  it('names the deadline and the delegation that would count as agreeing', () => {
    expect(warnOfSilenceOverride(procedure('running'), 'reservation', 'FR', at)).toBe(
      'A silence procedure runs until [2017-06-09T15:00:00.000Z]: if it lapses with this paragraph unchanged since it began, FR counts as agreeing. Re-confirm before then to keep this position.',
    );
  });

  it('says nothing without a procedure', () => {
    expect(warnOfSilenceOverride(null, 'oppose', 'FR', at)).toBeNull();
    expect(warnOfSilenceOverride(undefined, 'oppose', 'FR', at)).toBeNull();
  });
});

describe('warnOfSilenceOverrides', () => {
  it('warns over a list holding one reservation or opposition, not over agreements alone', () => {
    expect(warnOfSilenceOverrides(procedure('running'), ['agree', 'abstain'], 'FR', at)).toBeNull();
    expect(warnOfSilenceOverrides(procedure('running'), ['agree', 'scrutiny_reservation'], 'FR', at)).toBe(
      'A silence procedure runs until [2017-06-09T15:00:00.000Z]: if it lapses, FR counts as agreeing on each paragraph below unchanged since it began, whatever its reservation or opposition there. Re-confirm before then those FR keeps.',
    );
    expect(warnOfSilenceOverrides(procedure('lapsed'), ['oppose'], 'FR', at)).toBeNull();
  });
});
