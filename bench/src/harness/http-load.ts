/**
 * S9's load generator, in a process of its own (`runHttpLoad`). Run inside the bench it measured
 * the bench's own state: after S1-S8 the same empty Hono route got 13,682 requests/s from it against
 * 26,554-27,962 from a fresh process (after S8 alone, 21,225), and the route's rate, bounded by the
 * load generator, is S9's yardstick. A fresh process, on the bench's core, measures every route alike.
 */
import { Pool } from 'undici';
import { runInFreshProcess, serveInFreshProcess } from './fresh-process';
import { CpuMeter } from './process-cpu';
import { summarize } from './stats';
import { sleep } from './timing';

/**
 * Client `c`'s n-th request: `PUT prefix + ids[(c × clientStride + n × requestStride) mod ids] + suffix`
 * with `Authorization: Bearer tokens[c mod tokens]` and the body `bodies[(c + n) mod bodies]`.
 */
export interface HttpLoadPlan {
  readonly origin: string;
  readonly serverPid: number;
  readonly clients: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly prefix: string;
  readonly ids: readonly string[];
  readonly suffix: string;
  readonly clientStride: number;
  readonly requestStride: number;
  readonly tokens: readonly string[];
  readonly bodies: readonly string[];
}

export interface Throughput {
  readonly requests: number;
  readonly perSecond: number;
  readonly errors: number;
  readonly latency: { p50: number; p99: number };
  /** The server's CPU over the counted seconds: share of its core, and per request. */
  readonly server: { coreShare: number; cpuMicrosPerRequest: number };
  /** The load generator's share of its core over the counted seconds. */
  readonly loadCoreShare: number;
}

/** Runs `plan` in a fresh child process (pinned with the bench, as children inherit its core). */
export function runHttpLoad(plan: HttpLoadPlan): Promise<Throughput> {
  return runInFreshProcess(import.meta.url, plan, 'S9 load generator');
}

/** Every client sends its next request as soon as the last is answered, for `plan.seconds`. */
async function hammer(plan: HttpLoadPlan): Promise<Throughput> {
  const pool = new Pool(plan.origin, { connections: plan.clients, pipelining: 1 });
  let measuring = false;
  let stop = false;
  let requests = 0;
  let errors = 0;
  const latencies: number[] = [];
  const lanes = Array.from({ length: plan.clients }, async (_, client) => {
    const token = plan.tokens[client % plan.tokens.length];
    for (let n = 0; !stop; n++) {
      const id = plan.ids[(client * plan.clientStride + n * plan.requestStride) % plan.ids.length];
      const started = performance.now();
      const response = await pool.request({
        method: 'PUT',
        path: `${plan.prefix}${id}${plan.suffix}`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: plan.bodies[(client + n) % plan.bodies.length],
      });
      await response.body.text();
      if (!measuring) continue;
      requests += 1;
      latencies.push(performance.now() - started);
      if (response.statusCode !== 200) errors += 1;
    }
  });
  await sleep(plan.warmupSeconds * 1000);
  measuring = true;
  const cpu = new CpuMeter(plan.serverPid);
  cpu.start();
  const loadCpu = process.cpuUsage();
  const started = performance.now();
  await sleep(plan.seconds * 1000);
  measuring = false;
  const elapsed = (performance.now() - started) / 1000;
  const counted = requests;
  const used = cpu.stop();
  const loadUsed = process.cpuUsage(loadCpu);
  stop = true;
  await Promise.all(lanes);
  await pool.close();
  const summary = summarize(latencies);
  return {
    requests: counted,
    perSecond: counted / elapsed,
    errors,
    latency: { p50: summary.p50, p99: summary.p99 },
    server: {
      coreShare: used.coreShare,
      cpuMicrosPerRequest: counted > 0 ? (used.cpuSeconds * 1e6) / counted : 0,
    },
    loadCoreShare: (loadUsed.user + loadUsed.system) / 1e6 / elapsed,
  };
}

serveInFreshProcess(import.meta.url, hammer);
