/**
 * How long a stop (SIGTERM, SIGINT) may take before the process exits anyway. Flushing the open
 * documents takes milliseconds on a working disk; a disk that hangs (a network volume gone) would
 * otherwise hold the stop until the service manager kills it without a word (systemd after 90 s).
 */
export const STOP_LIMIT_MS = 10_000;

export type Bounded<T> = { readonly finished: true; readonly value: T } | { readonly finished: false };

/** `work`'s value, or `{ finished: false }` once `limitMs` passed first. A failure of `work` is thrown. */
export async function waitAtMost<T>(work: Promise<T>, limitMs: number): Promise<Bounded<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<Bounded<T>>((resolve) => {
    timer = setTimeout(() => resolve({ finished: false }), limitMs);
  });
  try {
    return await Promise.race([work.then((value) => ({ finished: true as const, value })), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What a stop that did not finish says on stderr, because it ran out of time or a second signal
 * asked to exit at once: what it was still doing, and what that costs.
 */
export function describeUnfinishedStop(
  step: string,
  unwrittenDocuments: readonly string[],
  cut: { readonly limitMs: number } | { readonly secondSignal: string },
): string {
  const which =
    unwrittenDocuments.length === 0
      ? ''
      : ` (document${unwrittenDocuments.length === 1 ? '' : 's'} ${unwrittenDocuments.join(', ')} not yet flushed)`;
  const why =
    'limitMs' in cut
      ? `stopping did not finish within ${cut.limitMs / 1000} s, still ${step}${which}: exiting without it`
      : `a second signal (${cut.secondSignal}) while stopping: exiting at once, still ${step}${which}`;
  return `${why}; edits clients were not yet told were saved stay with them, to be sent again`;
}
