import { setTimeout as sleepMs } from 'node:timers/promises';

export const sleep = (ms: number): Promise<void> => sleepMs(ms).then(() => undefined);

/**
 * Open-loop load: calls `act(i)` `count` times at `perSecond`, each at its scheduled time (late ones
 * at once, in order), without waiting for answers. Resolves once the last one is sent.
 */
export function runAtRate(count: number, perSecond: number, act: (i: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const intervalMs = 1000 / perSecond;
    let next = 0;
    const tick = () => {
      try {
        const due = Math.min(count, Math.floor((performance.now() - start) / intervalMs) + 1);
        while (next < due) act(next++);
      } catch (error) {
        reject(error);
        return;
      }
      if (next >= count) {
        resolve();
        return;
      }
      const wait = start + next * intervalMs - performance.now();
      setTimeout(tick, Math.max(0, wait));
    };
    tick();
  });
}

/** Runs `open(i)` for i < count with at most `concurrency` in flight; results in order. */
export async function openMany<T>(
  count: number,
  concurrency: number,
  open: (i: number) => Promise<T>,
): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) {
      const i = next++;
      results[i] = await open(i);
    }
  });
  await Promise.all(lanes);
  return results;
}

/** Polls `check` every `everyMs` until it returns true; throws `message` after `timeoutMs`. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  message: string,
  everyMs = 20,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(message);
    await sleep(everyMs);
  }
}
