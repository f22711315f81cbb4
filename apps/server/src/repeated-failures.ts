/**
 * A run of failures of one kind, said once rather than at each: a full disk fails every commit retry
 * and every request that writes, the same way, for as long as it lasts; a line and a stack each, on
 * what may be the full disk itself, would bury the one that matters.
 */
export class RepeatedFailures {
  private run: { readonly kind: string; times: number } | null = null;

  /** Counts a failure of `kind`: true when it is to be said (the first of a run of its kind). */
  count(kind: string): boolean {
    if (this.run?.kind === kind) {
      this.run.times += 1;
      return false;
    }
    this.run = { kind, times: 1 };
    return true;
  }

  /** Whether failures are being counted. */
  get running(): boolean {
    return this.run !== null;
  }

  /** Ends the run, as what failed worked: its kind and how many failures it counted, null when none. */
  end(): { readonly kind: string; readonly times: number } | null {
    const ended = this.run;
    this.run = null;
    return ended;
  }
}

/** What tells one failure from another: SQLite's code (`SQLITE_FULL`), else the message. */
export function describeFailureKind(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.message : String(error);
}
