/**
 * Runs `load` again whenever asked, but never twice at once: asks that arrive while a load is in flight
 * fold into one more load after it. A burst of twenty position events costs two fetches, and a slow
 * answer can never overwrite a newer one.
 */
export interface Refresh {
  (): void;
  /** Drops answers still to come (the component is gone). */
  stop(): void;
}

export function coalesceRefresh<T>(load: () => Promise<T>, apply: (value: T) => void): Refresh {
  let running = false;
  let again = false;
  let stopped = false;
  const run = async () => {
    running = true;
    try {
      do {
        again = false;
        const value = await load();
        if (stopped) return;
        if (!again) apply(value);
      } while (again);
    } finally {
      running = false;
    }
  };
  const refresh = () => {
    if (running) again = true;
    else void run();
  };
  return Object.assign(refresh, {
    stop: () => {
      stopped = true;
    },
  });
}
