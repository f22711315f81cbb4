/**
 * S9's consensus timings, in a process of its own (`timeConsensus`). Run inside the bench they
 * measured the bench's own state: a full board computed from nothing took 2.35-3.00 ms (p50) with S9
 * alone or after S2, S3 and S4, S5 to S7, or S8, but 4.87 ms after S1 and 5.30-7.66 ms in full runs,
 * the same function on the same data. A fresh process, on the bench's core, measures the model alone,
 * as `http-load.ts` does for the HTTP load (`fresh-process.ts`).
 */
import {
  type ConsensusBlockInput,
  computeConsensus,
  MEMBER_STATE_CODES,
  type MemberStateCode,
  POSITION_KINDS,
  type PositionRecord,
  recordPosition,
} from '@accord/model';
import { generateDocument } from './content';
import { runInFreshProcess, serveInFreshProcess } from './fresh-process';

export interface ConsensusTimingPlan {
  /** Blocks of the generated document (`generateDocument(blocks, seed)`). */
  readonly blocks: number;
  readonly seed: number;
  /** Full boards whose every block's positions are new, each timed once. */
  readonly freshBoards: number;
  /** Reports after one position changed on the last board, each timed once. */
  readonly oneChanged: number;
}

/** Milliseconds per `computeConsensus` call. */
export interface ConsensusTimings {
  /** The first report: every block text hashed. */
  readonly cold: number;
  readonly fresh: number[];
  readonly oneChanged: number[];
}

/** Runs `plan` in a fresh child process (pinned with the bench, as children inherit its core). */
export function timeConsensus(plan: ConsensusTimingPlan): Promise<ConsensusTimings> {
  return runInFreshProcess(import.meta.url, plan, 'S9 consensus timing');
}

/**
 * Every Member State's position on every block: the fullest board a document can have. The records
 * are made by `recordPosition` once per block and delegation (`seed` 0); other seeds copy them with
 * another position, as the same delegations changing their minds, without hashing every text again.
 */
function buildFullBoard(
  blocks: readonly ConsensusBlockInput[],
  seed: number,
  template: Map<string, Map<MemberStateCode, PositionRecord>> | null = null,
) {
  const positions = new Map<string, Map<MemberStateCode, PositionRecord>>();
  blocks.forEach((block, i) => {
    const byState = new Map<MemberStateCode, PositionRecord>();
    MEMBER_STATE_CODES.forEach((delegation, j) => {
      const position = POSITION_KINDS[(i + j + seed) % 2] as PositionRecord['position'];
      const known = template?.get(block.id)?.get(delegation);
      if (known !== undefined) {
        byState.set(delegation, { ...known, position });
        return;
      }
      const recorded = recordPosition({
        blockId: block.id,
        delegation,
        position,
        text: block.text,
        revision: 1,
        at: '2017-06-07T10:00:00.000Z',
        userId: `u-${delegation}`,
      });
      if (!recorded.ok) throw new Error(recorded.error.message);
      byState.set(delegation, recorded.value);
    });
    positions.set(block.id, byState);
  });
  return positions;
}

function time(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

function measure(plan: ConsensusTimingPlan): ConsensusTimings {
  const blocks: readonly ConsensusBlockInput[] = generateDocument(plan.blocks, plan.seed).blocks;
  const now = '2017-06-08T10:00:00.000Z';
  const first = buildFullBoard(blocks, 0);
  const cold = time(() => computeConsensus({ blocks, positions: first, now }));
  const boards = Array.from({ length: plan.freshBoards }, (_, i) => buildFullBoard(blocks, i + 1, first));
  const fresh = boards.map((positions) => time(() => computeConsensus({ blocks, positions, now })));
  const last = boards[boards.length - 1] ?? first;
  const step = Math.max(1, Math.floor(blocks.length / plan.oneChanged));
  const oneChanged = Array.from({ length: plan.oneChanged }, (_, i) => {
    const id = blocks[(i * step) % blocks.length]?.id as string;
    const changed = new Map(last);
    const byState = new Map(last.get(id));
    const previous = byState.get('FR') as PositionRecord;
    byState.set('FR', { ...previous, position: 'oppose' });
    changed.set(id, byState);
    return time(() => computeConsensus({ blocks, positions: changed, now }));
  });
  return { cold, fresh, oneChanged };
}

serveInFreshProcess(import.meta.url, measure);
