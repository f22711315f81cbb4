import type { ScenarioResult, Table } from '../results';

/** A table as aligned plain text. */
export function formatTable(table: Table): string {
  const widths = table.columns.map((c, i) =>
    Math.max(c.length, ...table.rows.map((r) => (r[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  return [line(table.columns), widths.map((w) => '─'.repeat(w)).join('  '), ...table.rows.map(line)].join(
    '\n',
  );
}

export function formatScenario(result: ScenarioResult): string {
  const out = [`\n${result.id} — ${result.title}  (${result.seconds.toFixed(1)} s)`];
  if (result.error) out.push(`  FAILED: ${result.error}`);
  for (const table of result.tables) out.push('', table.title, formatTable(table));
  if (result.checks.length > 0) {
    out.push(
      '',
      formatTable({
        title: 'targets',
        columns: ['result', 'target', 'wanted', 'measured'],
        rows: result.checks.map((c) => [c.verdict, c.name, c.target, c.measured]),
      }),
    );
  }
  return out.join('\n');
}
