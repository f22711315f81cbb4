/**
 * Runs `load` again whenever asked, but never twice at once: asks that arrive while a load is in flight
 * fold into one more load after it. A burst of twenty position events costs two fetches, and a slow
 * answer can never overwrite a newer one (loads run one after another, so each answer is newer than
 * the one before). Every answer is applied, even one an ask overtook: while someone types, hints come
 * faster than a large report's round trip, and holding answers back would freeze the screen.
 */
export interface Refresh {
  (): void;
  /** Drops answers still to come (the component is gone, or its effect is being run again). */
  stop(): void;
  /** Takes answers again after `stop` (React runs an effect's clean-up and the effect again). */
  resume(): void;
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
        apply(value);
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
    resume: () => {
      stopped = false;
    },
  });
}
