import { useEffect, useState } from 'react';

const COUNTDOWN_TICK_MS = 1000;

/**
 * The current time, ticking every second while `active`: the UI's clock for a countdown (the silence
 * procedure's, on the board and in the drafting room), never the domain's.
 */
export function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), COUNTDOWN_TICK_MS);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}
