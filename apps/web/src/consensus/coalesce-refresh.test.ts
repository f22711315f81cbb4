import { describe, expect, it } from 'vitest';
import { coalesceRefresh } from './coalesce-refresh';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A refresher whose loads the test answers one by one, and what it applied. */
function deferredRefresh() {
  const loads: ReturnType<typeof deferred<number>>[] = [];
  const applied: number[] = [];
  const refresh = coalesceRefresh(
    () => {
      const next = deferred<number>();
      loads.push(next);
      return next.promise;
    },
    (value) => applied.push(value),
  );
  return { loads, applied, refresh };
}

describe('coalesced refreshes', () => {
  it('fold asks made during a load into one more load, applying each answer in turn', async () => {
    const { loads, applied, refresh } = deferredRefresh();
    refresh();
    refresh();
    refresh();
    expect(loads).toHaveLength(1);
    loads[0]?.resolve(1);
    await expect.poll(() => loads.length).toBe(2);
    // The first answer is shown at once: asks keep coming while someone types, and waiting for an
    // answer no ask overtook would freeze the screen.
    await expect.poll(() => applied).toEqual([1]);
    loads[1]?.resolve(2);
    await expect.poll(() => applied).toEqual([1, 2]);
  });

  it('keep the screen current while asks come faster than answers', async () => {
    const { loads, applied, refresh } = deferredRefresh();
    refresh();
    for (let n = 1; n <= 3; n++) {
      refresh();
      loads[n - 1]?.resolve(n);
      await expect.poll(() => loads.length).toBe(n + 1);
    }
    expect(applied).toEqual([1, 2, 3]);
  });

  it('drop answers once stopped, and take them again once resumed (an effect run twice)', async () => {
    const { loads, applied, refresh } = deferredRefresh();
    refresh();
    refresh.stop();
    loads[0]?.resolve(1);
    // The refresher awaited this answer before the test did, so it has taken (and dropped) it by now.
    await loads[0]?.promise;
    expect(applied).toEqual([]);
    refresh.resume();
    refresh();
    await expect.poll(() => loads.length).toBe(2);
    loads[1]?.resolve(2);
    await expect.poll(() => applied).toEqual([2]);
  });

  it('load again when asked after a load finished', async () => {
    const applied: number[] = [];
    let n = 0;
    const refresh = coalesceRefresh(
      async () => ++n,
      (value) => applied.push(value),
    );
    refresh();
    await expect.poll(() => applied).toEqual([1]);
    refresh();
    await expect.poll(() => applied).toEqual([1, 2]);
  });
});
