import type { BlockConsensus } from '../api/client';
import { formatShare } from './format-share';

/**
 * What a board row's QMV what-if says in full (its title, and read out): "Would not pass: 0 of 27
 * Member States (15 needed), 0.00 % of the population". A paragraph agreed by silence says why a vote
 * would still fail beside it: silence is no vote, and QMV counts only the agreements given.
 */
export function describeQmv(
  block: Pick<BlockConsensus, 'qmv' | 'coveredBySilence'>,
  populationTotal: number,
  statesRequired: number,
): string {
  const share = populationTotal > 0 ? (block.qmv.population / populationTotal) * 100 : 0;
  const outcome = block.qmv.passes ? 'Would pass' : 'Would not pass';
  const minority = block.qmv.blockingMinority ? '; blocking minority' : '';
  const silence = block.coveredBySilence
    ? '; agreed by silence, which is no vote: only agreements given count'
    : '';
  return `${outcome}: ${block.qmv.states} of 27 Member States (${statesRequired} needed), ${formatShare(share, 2)} % of the population${minority}${silence}`;
}
