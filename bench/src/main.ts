/**
 * `npm run bench [-- --quick] [-- --only S1,S8] [-- --peers stock,relay] [-- --write-md]`
 *
 * Runs the scenarios, prints a table per scenario and writes bench/results/latest.json; with
 * `--write-md` also rewrites BENCHMARKS.md from the results (`--md-only` rewrites it from the last
 * results without running anything; both only for a run of every scenario). The bench pins itself
 * to one core (`taskset -c 1`) and every server under test to the other (`taskset -c 0`).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { BENCH_ROOT, canPin, LOAD_CORE, REPO_ROOT } from './harness/child-server';
import { PEERS } from './harness/peers';
import { describeMachine } from './machine';
import { parseOptions, whyNotReport } from './options';
import { formatScenario } from './report/print-table';
import { writeBenchmarksMarkdown } from './report/write-markdown';
import type { BenchResults, ScenarioResult } from './results';
import type { ScenarioContext } from './scenario';
import { SCENARIOS } from './scenarios';

export const RESULTS_FILE = join(BENCH_ROOT, 'results/latest.json');
export const MARKDOWN_FILE = join(REPO_ROOT, 'BENCHMARKS.md');

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

/** Re-runs this process under `taskset -c LOAD_CORE` unless it already is. */
function pinSelf(): void {
  if (process.env.ACCORD_BENCH_PINNED === '1' || !canPin()) return;
  const result = spawnSync(
    'taskset',
    ['-c', String(LOAD_CORE), process.execPath, ...process.execArgv, ...process.argv.slice(1)],
    { stdio: 'inherit', env: { ...process.env, ACCORD_BENCH_PINNED: '1' } },
  );
  process.exit(result.status ?? 1);
}

async function main(): Promise<void> {
  const scenarioIds = SCENARIOS.map((s) => s.id);
  const parsed = parseOptions(process.argv.slice(2), { scenarios: scenarioIds, peers: PEERS });
  if (!parsed.ok) fail(parsed.message);
  const { options } = parsed;
  if (options.markdownOnly) {
    const results = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as BenchResults;
    const refusal = whyNotReport(results, scenarioIds);
    if (refusal !== null) fail(`${RESULTS_FILE}: ${refusal}`);
    writeFileSync(MARKDOWN_FILE, writeBenchmarksMarkdown(results));
    process.stdout.write(`wrote ${MARKDOWN_FILE} from ${RESULTS_FILE}\n`);
    return;
  }
  const loadAtStart = loadavg().map((l) => Number(l.toFixed(2)));
  pinSelf();
  const startedAt = new Date().toISOString();
  const pinned = process.env.ACCORD_BENCH_PINNED === '1';
  const machine = describeMachine(loadAtStart, pinned);
  process.stdout.write(
    `Accord benchmarks${options.quick ? ' (quick)' : ''}: ${machine.nproc} cores (${machine.cpuModel}), ` +
      `Node ${machine.node}, load average ${loadAtStart.join(' ')}` +
      `${pinned ? '; servers on core 0, load on core 1' : '; NOT pinned (taskset missing or one core)'}\n`,
  );
  const context: ScenarioContext = {
    quick: options.quick,
    peers: options.peers,
    log: (message) => process.stdout.write(`  · ${message}\n`),
  };
  const selected = SCENARIOS.filter((s) => options.only === null || options.only.includes(s.id));
  const scenarios: ScenarioResult[] = [];
  for (const scenario of selected) {
    const started = performance.now();
    let result: ScenarioResult;
    try {
      const outcome = await scenario.run(context);
      result = {
        id: scenario.id,
        title: scenario.title,
        ...outcome,
        seconds: (performance.now() - started) / 1000,
      };
    } catch (error) {
      result = {
        id: scenario.id,
        title: scenario.title,
        tables: [],
        checks: [],
        notes: [],
        data: null,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        seconds: (performance.now() - started) / 1000,
      };
    }
    scenarios.push(result);
    process.stdout.write(`${formatScenario(result)}\n`);
  }

  const results: BenchResults = {
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    startedAt,
    finishedAt: new Date().toISOString(),
    quick: options.quick,
    machine: describeMachine(loadAtStart, pinned),
    scenarios,
  };
  mkdirSync(join(BENCH_ROOT, 'results'), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\nresults: ${RESULTS_FILE}\n`);
  if (options.writeMarkdown) {
    writeFileSync(MARKDOWN_FILE, writeBenchmarksMarkdown(results));
    process.stdout.write(`wrote ${MARKDOWN_FILE}\n`);
  }
  const failed = scenarios.filter((s) => s.error !== undefined);
  if (failed.length > 0) {
    process.stderr.write(`bench: ${failed.map((s) => s.id).join(', ')} failed\n`);
    process.exit(1);
  }
  // Sockets of providers may linger; the run is over.
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
