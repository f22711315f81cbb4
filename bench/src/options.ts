/**
 * The bench's command line, and the rule that BENCHMARKS.md is only ever written from a run of every
 * scenario. Pure: `main.ts` prints the refusals and exits.
 */
import type { PeerKind } from './harness/peers';
import type { BenchResults } from './results';

export interface BenchOptions {
  readonly quick: boolean;
  readonly only: readonly string[] | null;
  readonly peers: readonly PeerKind[];
  readonly writeMarkdown: boolean;
  readonly markdownOnly: boolean;
}

/** What the command line may name. */
export interface Known {
  readonly scenarios: readonly string[];
  readonly peers: readonly PeerKind[];
}

export type Parsed =
  | { readonly ok: true; readonly options: BenchOptions }
  | { readonly ok: false; readonly message: string };

const refuse = (message: string): Parsed => ({ ok: false, message });

export function parseOptions(argv: readonly string[], known: Known): Parsed {
  let quick = false;
  let only: string[] | null = null;
  let peers: PeerKind[] = known.peers.filter((p) => p !== 'accord');
  let writeMarkdown = false;
  let markdownOnly = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.split('=', 2) as [string, string | undefined];
    const value = inline ?? (flag === '--only' || flag === '--peers' ? argv[++i] : undefined);
    const list = () =>
      (value ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    switch (flag) {
      case '--quick':
        quick = true;
        break;
      case '--only': {
        if (value === undefined) return refuse('--only needs a value');
        only = list().map((s) => s.toUpperCase());
        const unknown = only.find((id) => !known.scenarios.includes(id));
        if (unknown !== undefined) return refuse(`no scenario ${unknown}`);
        break;
      }
      case '--peers': {
        if (value === undefined) return refuse('--peers needs a value');
        const named = list();
        const unknown = named.find((p) => p === 'accord' || !known.peers.includes(p as PeerKind));
        if (unknown !== undefined) return refuse(`no peer ${unknown}`);
        peers = named as PeerKind[];
        break;
      }
      case '--write-md':
        writeMarkdown = true;
        break;
      case '--md-only':
        markdownOnly = true;
        break;
      default:
        return refuse(
          `unknown option ${arg} (known: --quick, --only S1,S8, --peers stock,hocuspocus,relay, --write-md, --md-only)`,
        );
    }
  }
  // BENCHMARKS.md is the report of every scenario in one run.
  if (writeMarkdown && only !== null) return refuse('--write-md reports every scenario: leave out --only');
  return { ok: true, options: { quick, only, peers, writeMarkdown, markdownOnly } };
}

/**
 * Why `results` cannot be the report, or null when they can. Every run writes the results file,
 * `--only` runs too: a report written from one of those would drop the other scenarios.
 */
export function whyNotReport(results: BenchResults, scenarios: readonly string[]): string | null {
  const missing = scenarios.filter((id) => !results.scenarios.some((r) => r.id === id));
  if (missing.length === 0) return null;
  return (
    `the results hold \`${results.command}\`, without ${missing.join(', ')}; ` +
    'BENCHMARKS.md reports a whole run: `npm run bench -- --write-md`'
  );
}
