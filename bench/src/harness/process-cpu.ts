import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of `/proc/<pid>/stat` times (`getconf CLK_TCK`; 100 on Linux). */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system, all threads) a process has used so far, from `/proc`: the sum over its
 * threads of `/proc/<pid>/task/<tid>/schedstat` (nanoseconds), or where that is missing the coarser
 * `/proc/<pid>/stat` utime + stime (10 ms ticks). Read from outside, so it costs the server nothing.
 */
export function readProcessCpuSeconds(pid: number): number {
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const fields = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ');
      ns += Number(fields[0]);
    }
    if (Number.isFinite(ns) && ns > 0) return ns / 1e9;
  } catch {
    // Threads come and go; fall back to the process totals.
  }
  return readStatCpuSeconds(pid);
}

/** utime + stime of `/proc/<pid>/stat`, in seconds. */
export function readStatCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces; the fields after it are space-separated.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / CLOCK_TICKS_PER_SECOND;
}

/** Measures a process's CPU over a window: `start()` then `stop()` gives seconds used. */
export class CpuMeter {
  private startSeconds = 0;
  private startWall = 0;

  constructor(private readonly pid: number) {}

  start(): void {
    this.startSeconds = readProcessCpuSeconds(this.pid);
    this.startWall = performance.now();
  }

  /** CPU seconds since `start()` and the share of one core over the wall time. */
  stop(): { cpuSeconds: number; wallSeconds: number; coreShare: number } {
    const cpuSeconds = readProcessCpuSeconds(this.pid) - this.startSeconds;
    const wallSeconds = (performance.now() - this.startWall) / 1000;
    return { cpuSeconds, wallSeconds, coreShare: wallSeconds > 0 ? cpuSeconds / wallSeconds : 0 };
  }
}
