/** Chrome trace events (`Tracing.dataCollected` with the devtools.timeline categories), summed. */
import { writeFileSync } from 'node:fs';
import type { CDPSession } from 'playwright-core';

export interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  readonly args?: { name?: string };
}

/** The renderer main thread's tasks and the main kinds of work in them, per update. */
export function summarizeTrace(events: readonly TraceEvent[], updates: number): string {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return 'no renderer main thread in the trace';
  const kinds = [
    'RunTask',
    'FunctionCall',
    'EventDispatch',
    'TimerFire',
    'FireAnimationFrame',
    'v8.execute',
    'UpdateLayoutTree',
    'Layout',
    'PrePaint',
    'Paint',
    'Layerize',
    'Commit',
    'HitTest',
    'ResizeObserverController::DeliverObservations',
    'MinorGC',
    'MajorGC',
    'V8.GC_SCAVENGER',
    'V8.GC_MC_BACKGROUND_MARKING',
    'ScheduleStyleRecalculation',
    'ParseHTML',
    'IntersectionObserverController::computeIntersections',
  ];
  const totals = new Map<string, { ms: number; count: number }>();
  for (const e of events) {
    if (e.pid !== main.pid || e.tid !== main.tid || e.ph !== 'X' || e.dur === undefined) continue;
    const entry = totals.get(e.name) ?? { ms: 0, count: 0 };
    entry.ms += e.dur / 1000;
    entry.count++;
    totals.set(e.name, entry);
  }
  const lines = ['trace, renderer main thread, per update (ms, count):'];
  for (const [name, { ms, count }] of [...totals].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25))
    lines.push(
      `  ${name.padEnd(50)} ${(ms / updates).toFixed(2).padStart(7)} ${String(count).padStart(6)}${kinds.includes(name) ? '' : ' *'}`,
    );
  return lines.join('\n');
}

/**
 * Starts tracing the page's renderer (the devtools timeline and V8's execution); the function returned
 * ends it, writes the events to `file` and prints their sums divided by `updates`.
 */
export async function startTrace(cdp: CDPSession, file: string): Promise<(updates: number) => Promise<void>> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8.execute',
    transferMode: 'ReportEvents',
  });
  return async (updates) => {
    const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.end');
    await done;
    writeFileSync(file, JSON.stringify({ traceEvents: events }));
    console.log(summarizeTrace(events, updates));
  };
}
