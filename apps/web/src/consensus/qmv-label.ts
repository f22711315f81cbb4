import type { BlockConsensus } from '../api/client';
import { formatShare } from './format-share';
import { readsAgreedBySilence } from './position-labels';

/** A board row's QMV what-if: what the cell shows, what it says in full, and its colours. */
export interface QmvCell {
  /** In the cell: "passes: 15 MS, 66 %", "fails: 0 MS, 0 %", "agreed by silence". */
  readonly text: string;
  /** Its title, and read out: "Would not pass: 0 of 27 Member States (15 needed), 0.00 % of the population". */
  readonly label: string;
  /** `by-silence`: agreed by a lapsed silence procedure, where a vote's verdict does not apply. */
  readonly tone: 'passes' | 'fails' | 'by-silence';
}

/**
 * What a board row's QMV what-if says. The what-if counts the agreements given; a silence procedure is
 * no vote. So a paragraph the status calls "Agreed by silence" says so here too, not "fails: 0 MS" (true
 * of a vote, but read as the text voted down), and its full label gives the agreements given. Where a
 * lapse covers a paragraph a reservation still holds, the what-if stands, saying the silent cast no vote.
 */
export function describeQmv(
  block: Pick<BlockConsensus, 'qmv' | 'status' | 'coveredBySilence' | 'missing' | 'negotiated'>,
  populationTotal: number,
  statesRequired: number,
): QmvCell {
  const share = populationTotal > 0 ? (block.qmv.population / populationTotal) * 100 : 0;
  const given = `${block.qmv.states} of 27 Member States (${statesRequired} needed), ${formatShare(share, 2)} % of the population`;
  if (readsAgreedBySilence(block)) {
    return {
      text: 'agreed by silence',
      tone: 'by-silence',
      label: `Agreed by silence: the QMV what-if does not apply, a silence procedure is no vote. Agreements given: ${given}`,
    };
  }
  const outcome = block.qmv.passes ? 'Would pass' : 'Would not pass';
  const minority = block.qmv.blockingMinority ? '; blocking minority' : '';
  const silent =
    block.coveredBySilence && block.negotiated && block.missing.length > 0
      ? `; the ${block.missing.length} Member States deemed agreeing by silence cast no vote`
      : '';
  return {
    // Words, not ✓ and ✕: those are the legend's "agrees" and "opposes".
    text: `${block.qmv.passes ? 'passes' : 'fails'}: ${block.qmv.states} MS, ${formatShare(share, 0)} %`,
    tone: block.qmv.passes ? 'passes' : 'fails',
    label: `${outcome}: ${given}${minority}${silent}`,
  };
}
