import type { BenchResults } from '../results';

export function writeBenchmarksMarkdown(results: BenchResults): string {
  return `# Benchmarks\n\n${JSON.stringify(results.machine)}\n`;
}
