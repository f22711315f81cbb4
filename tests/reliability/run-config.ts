/**
 * How big a reliability run is. The normal run (`npm test`) is sized for two shared cores;
 * `RELIABILITY_LONG=1` runs the long variant. `FUZZ_SEED=n` replays one seed of the seeded suites.
 */
export const LONG_RUN = process.env.RELIABILITY_LONG === '1';

/** One seed to replay, from FUZZ_SEED; null runs the suite's own seeds. */
export function readReplaySeed(): number | null {
  const raw = process.env.FUZZ_SEED;
  if (raw === undefined || raw === '') return null;
  if (!/^\d+$/.test(raw)) throw new Error(`FUZZ_SEED must be a whole number, not "${raw}"`);
  return Number(raw);
}

/** The seeds a suite runs: the replayed one, or 1…count (so every run tries the same ones). */
export function listSeeds(count: number): number[] {
  const replay = readReplaySeed();
  if (replay !== null) return [replay];
  return Array.from({ length: count }, (_, i) => i + 1);
}

/** The line a failure prints so that anyone can run the same seed again. */
export function describeReplay(seed: number, testFile: string): string {
  const long = LONG_RUN ? 'RELIABILITY_LONG=1 ' : '';
  const steps = process.env.FUZZ_STEPS ? `FUZZ_STEPS=${process.env.FUZZ_STEPS} ` : '';
  return `replay: cd tests && ${long}${steps}FUZZ_SEED=${seed} npx vitest run ${testFile}`;
}
