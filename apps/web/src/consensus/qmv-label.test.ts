import { describe, expect, it } from 'vitest';
import type { BlockConsensus } from '../api/client';
import { describeQmv } from './qmv-label';

type Given = Parameters<typeof describeQmv>[0];

const block = (
  states: number,
  population: number,
  passes: boolean,
  more: Partial<Pick<BlockConsensus, 'status' | 'coveredBySilence' | 'missing' | 'negotiated'>> & {
    blockingMinority?: boolean;
  } = {},
): Given => ({
  qmv: { states, population, passes, blockingMinority: more.blockingMinority ?? false },
  status: more.status ?? 'open',
  coveredBySilence: more.coveredBySilence ?? false,
  missing: more.missing ?? [],
  negotiated: more.negotiated ?? true,
});

describe('describeQmv', () => {
  it.each([
    [
      'a vote that passes',
      block(15, 300, true),
      {
        text: 'passes: 15 MS, 66 %',
        tone: 'passes',
        label: 'Would pass: 15 of 27 Member States (15 needed), 66.66 % of the population',
      },
    ],
    [
      'a blocking minority',
      block(10, 100, false, { blockingMinority: true }),
      {
        text: 'fails: 10 MS, 22 %',
        tone: 'fails',
        label:
          'Would not pass: 10 of 27 Member States (15 needed), 22.22 % of the population; blocking minority',
      },
    ],
    [
      // QA: "fails: 0 MS" beside "Agreed by silence" read as if the text had been voted down.
      'a paragraph agreed by silence, where nobody voted, as agreed by silence and no vote',
      block(0, 0, false, { status: 'agreed', coveredBySilence: true, missing: ['BE', 'DE'] }),
      {
        text: 'agreed by silence',
        tone: 'by-silence',
        label:
          'Agreed by silence: the QMV what-if does not apply, a silence procedure is no vote. Agreements given: 0 of 27 Member States (15 needed), 0.00 % of the population',
      },
    ],
    [
      'a paragraph agreed by silence beside agreements given, with those agreements',
      block(3, 90, false, { status: 'agreed', coveredBySilence: true, missing: ['BE'] }),
      {
        text: 'agreed by silence',
        tone: 'by-silence',
        label:
          'Agreed by silence: the QMV what-if does not apply, a silence procedure is no vote. Agreements given: 3 of 27 Member States (15 needed), 20.00 % of the population',
      },
    ],
    [
      // A reservation still stands: no agreement, by silence or otherwise; the what-if stays.
      'a reserved paragraph a lapse covers as a what-if, saying the silent are deemed agreeing by no vote',
      block(2, 90, false, { status: 'reserved', coveredBySilence: true, missing: ['BE', 'DE', 'FR'] }),
      {
        text: 'fails: 2 MS, 20 %',
        tone: 'fails',
        label:
          'Would not pass: 2 of 27 Member States (15 needed), 20.00 % of the population; the 3 Member States deemed agreeing by silence cast no vote',
      },
    ],
    [
      // The status says "Not negotiated", not "Agreed by silence": the what-if says what it says anywhere.
      "a cover note's point a lapse covers as a what-if",
      block(0, 0, false, { status: 'agreed', coveredBySilence: true, missing: ['BE'], negotiated: false }),
      {
        text: 'fails: 0 MS, 0 %',
        tone: 'fails',
        label: 'Would not pass: 0 of 27 Member States (15 needed), 0.00 % of the population',
      },
    ],
  ])('says %s', (_, given, said) => {
    expect(describeQmv(given, 450, 15)).toEqual(said);
  });
});
