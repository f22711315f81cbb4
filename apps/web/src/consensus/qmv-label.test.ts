import { describe, expect, it } from 'vitest';
import { describeQmv } from './qmv-label';

const block = (
  states: number,
  population: number,
  passes: boolean,
  more: { blockingMinority?: boolean; coveredBySilence?: boolean } = {},
) => ({
  qmv: { states, population, passes, blockingMinority: more.blockingMinority ?? false },
  coveredBySilence: more.coveredBySilence ?? false,
});

describe('describeQmv', () => {
  it.each([
    [
      'a vote that passes',
      block(15, 300, true),
      'Would pass: 15 of 27 Member States (15 needed), 66.66 % of the population',
    ],
    [
      'a blocking minority',
      block(10, 100, false, { blockingMinority: true }),
      'Would not pass: 10 of 27 Member States (15 needed), 22.22 % of the population; blocking minority',
    ],
    [
      'a paragraph agreed by silence, where nobody voted',
      block(0, 0, false, { coveredBySilence: true }),
      'Would not pass: 0 of 27 Member States (15 needed), 0.00 % of the population; agreed by silence, which is no vote: only agreements given count',
    ],
  ])('says %s', (_, given, said) => {
    expect(describeQmv(given, 450, 15)).toBe(said);
  });
});
