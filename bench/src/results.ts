/** What every scenario reports; `bench/results/latest.json` holds these and BENCHMARKS.md is written from them. */

export type Verdict = 'PASS' | 'MISS' | 'INFO';

export interface TargetCheck {
  /** What is checked, e.g. "p99 ≤ 1.3× relay at 300 receivers". */
  readonly name: string;
  readonly target: string;
  readonly measured: string;
  readonly verdict: Verdict;
}

export interface Table {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface ScenarioResult {
  readonly id: string;
  readonly title: string;
  readonly tables: readonly Table[];
  readonly checks: readonly TargetCheck[];
  /** How the scenario was run (definitions, sizes, what was left out in quick mode). */
  readonly notes: readonly string[];
  /** The raw numbers. */
  readonly data: unknown;
  /** Set when the scenario failed (e.g. clients did not converge): then it has no valid numbers. */
  readonly error?: string;
  readonly seconds: number;
}

export interface MachineInfo {
  readonly nproc: number;
  readonly cpuModel: string;
  readonly node: string;
  /** 1, 5 and 15 minute load averages when the run started. */
  readonly loadAverageAtStart: readonly number[];
  readonly loadAverageAtEnd: readonly number[];
  readonly memoryGiB: number;
  readonly pinned: boolean;
  readonly kernel: string;
}

export interface BenchResults {
  readonly command: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly quick: boolean;
  readonly machine: MachineInfo;
  readonly scenarios: readonly ScenarioResult[];
}

export function verdict(pass: boolean): Verdict {
  return pass ? 'PASS' : 'MISS';
}

export function formatMs(ms: number, digits = 2): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(digits)} ms`;
}

export function formatUs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  return `${(ms * 1000).toFixed(ms * 1000 >= 100 ? 0 : 1)} µs`;
}

export function formatRatio(a: number, b: number): string {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return '–';
  return `${(a / b).toFixed(2)}×`;
}

export function formatPercent(share: number): string {
  if (!Number.isFinite(share)) return '–';
  return `${(share * 100).toFixed(1)} %`;
}

export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '–';
  return Math.round(n).toLocaleString('en-US');
}

export function formatMiB(bytes: number): string {
  if (!Number.isFinite(bytes)) return '–';
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}
