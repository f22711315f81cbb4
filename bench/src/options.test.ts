import { describe, expect, it } from 'vitest';
import { parseOptions, whyNotReport } from './options';
import type { BenchResults, ScenarioResult } from './results';

const known = { scenarios: ['S1', 'S2', 'S9'], peers: ['accord', 'stock', 'hocuspocus', 'relay'] as const };
const parse = (...argv: string[]) => parseOptions(argv, { ...known, peers: [...known.peers] });

describe('parseOptions', () => {
  it('runs every scenario against every peer by default', () => {
    expect(parse()).toEqual({
      ok: true,
      options: {
        quick: false,
        only: null,
        peers: ['stock', 'hocuspocus', 'relay'],
        writeMarkdown: false,
        markdownOnly: false,
      },
    });
  });

  it('takes scenarios and peers as a following or an inline value', () => {
    const parsed = parse('--quick', '--only', 's1, S9', '--peers=relay');
    expect(parsed).toMatchObject({
      ok: true,
      options: { quick: true, only: ['S1', 'S9'], peers: ['relay'] },
    });
  });

  it.each([
    [['--only', 'S4'], 'no scenario S4'],
    [['--peers', 'stock,accord'], 'no peer accord'],
    [['--peers', 'yjs'], 'no peer yjs'],
    [['--only'], '--only needs a value'],
    [['--fast'], 'unknown option --fast'],
  ])('refuses %j', (argv, message) => {
    const parsed = parse(...argv);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(message);
  });

  it('refuses to write BENCHMARKS.md from a run of some scenarios', () => {
    expect(parse('--write-md', '--only', 'S1')).toEqual({
      ok: false,
      message: '--write-md reports every scenario: leave out --only',
    });
    expect(parse('--write-md')).toMatchObject({ ok: true, options: { writeMarkdown: true } });
  });
});

describe('whyNotReport', () => {
  const scenario = (id: string): ScenarioResult => ({
    id,
    title: id,
    tables: [],
    checks: [],
    notes: [],
    data: null,
    seconds: 1,
  });
  const results = (command: string, ids: string[]) =>
    ({ command, scenarios: ids.map(scenario) }) as unknown as BenchResults;

  it('accepts the results of a run of every scenario', () => {
    expect(whyNotReport(results('npm run bench', ['S1', 'S2', 'S9']), known.scenarios)).toBeNull();
  });

  it('names the run and the scenarios it lacks', () => {
    const why = whyNotReport(results('npm run bench -- --only S1', ['S1']), known.scenarios);
    expect(why).toContain('`npm run bench -- --only S1`, without S2, S9');
  });
});
