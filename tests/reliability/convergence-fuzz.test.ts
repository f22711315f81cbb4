/**
 * Convergence fuzz (see convergence-run.ts): 200 seeds of 40 steps in the normal run, 2,000 of 200
 * with RELIABILITY_LONG=1 (FUZZ_SEEDS and FUZZ_STEPS set other sizes); a failure prints its seed, and
 * FUZZ_SEED=n replays exactly that run.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { teardown } from '../server/harness';
import {
  CLIENTS,
  type ConvergenceServer,
  createFigures,
  runConvergenceSeed,
  startConvergenceServer,
} from './convergence-run';
import { describeReplay, LONG_RUN, listSeeds } from './run-config';

const SEEDS = Number(process.env.FUZZ_SEEDS ?? (LONG_RUN ? 2_000 : 200));
const STEPS_PER_SEED = Number(process.env.FUZZ_STEPS ?? (LONG_RUN ? 200 : 40));
const TEST_FILE = 'reliability/convergence-fuzz.test.ts';

let setup: ConvergenceServer;
const figures = createFigures();

beforeAll(async () => {
  setup = await startConvergenceServer();
});

afterAll(teardown);

describe('convergence fuzz', () => {
  it(`converges for every seed: ${CLIENTS} clients, random delivery, cuts, splits, merges and footnotes`, async () => {
    for (const seed of listSeeds(SEEDS)) {
      const log: string[] = [];
      try {
        await runConvergenceSeed(setup, seed, STEPS_PER_SEED, log, figures);
      } catch (error) {
        const tail = log.slice(-40).join('\n  ');
        throw new Error(
          `seed ${seed} failed (${describeReplay(seed, TEST_FILE)})\n  last steps:\n  ${tail}\n${String(error)}`,
          { cause: error },
        );
      }
      figures.seeds++;
    }
    console.info(
      `convergence fuzz: ${figures.seeds} seeds, ${figures.steps} steps, ${figures.edits} edits, ` +
        `${figures.cuts} connection cuts; frames: ${figures.sent} sent, ${figures.delivered} delivered, ` +
        `${figures.lost} lost in cuts`,
    );
  }, 1_200_000);
});
