import { type LatencyMeasurement, LatencyRoom } from '../harness/latency-run';
import { PEER_LABELS, type PeerKind, PeerServer } from '../harness/peers';
import { SampleList, summarize } from '../harness/stats';
import { sleep } from '../harness/timing';
import { formatMs, formatRatio, formatUs, type TargetCheck, verdict } from '../results';
import type { Scenario } from '../scenario';

const P99_OVER_FLOOR = 1.3;
const CPU_OVER_FLOOR = 1.2;
/** Edits each server is sent, in a room of its own, before the first measured turn (not with --quick). */
const JIT_WARMUP_EDITS = 2000;
const JIT_WARMUP_PER_SECOND = 250;
/** Few enough that the load core keeps up with the warm-up's rate, whatever room sizes are measured. */
const JIT_WARMUP_RECEIVERS = 30;

export const s1Latency: Scenario = {
  id: 'S1',
  title: 'Edit → remote-visible latency in one document',
  async run(context) {
    // BENCH_S1_SIZES=30,100 measures only those room sizes, for an interleaved A/B of one setting.
    const only = process.env.BENCH_S1_SIZES;
    const sizes = only ? only.split(',').map(Number) : context.quick ? [30, 300] : [30, 100, 300];
    if (!sizes.every((size) => Number.isInteger(size) && size > 0)) {
      throw new Error(`BENCH_S1_SIZES: room sizes are whole numbers above 0, as in 30,100 (got ${only})`);
    }
    const edits = context.quick ? 50 : 1000;
    const warmup = context.quick ? 10 : 100;
    const perSecond = 50;
    // Every peer's room is open at once and the peers take turns, each round in another order, each
    // peer's rounds pooled: a spell of this VM's noise (its tail moves 2x from run to run) then falls on
    // every peer alike, where one peer measured after another met whatever spell its own minutes had.
    const rounds = context.quick ? 1 : 5;
    const roundWarmup = context.quick ? 0 : 25;
    const jitWarmup = context.quick ? 0 : JIT_WARMUP_EDITS;
    // --quick leaves Hocuspocus out, to keep the suite under two minutes.
    const others = context.peers.filter((p) => !context.quick || p !== 'hocuspocus');
    const peers: PeerKind[] = ['accord', ...others];
    const results = new Map<string, LatencyMeasurement>();
    const servers = new Map<PeerKind, PeerServer>();
    try {
      for (const kind of peers) {
        // A document left is unloaded at once, while the server settles (below), not 30 s later
        // during another peer's turn at the next room size.
        const env: Record<string, string> = kind === 'accord' ? { BENCH_IDLE_UNLOAD_MS: '1' } : {};
        servers.set(kind, await PeerServer.start(kind, { env }));
      }
      // Each server types its way to steady state before anything is measured: V8 compiles a
      // server's hot path over its first thousands of edits, and a broad path (check, apply, log,
      // commit, ack) takes longer than a relay's, so without this the first room size measured
      // compilation on V8's threads (pinned with the server) as CPU per edit.
      for (const kind of jitWarmup > 0 ? peers : []) {
        const server = servers.get(kind) as PeerServer;
        context.log(`S1 ${PEER_LABELS[kind]}: ${jitWarmup} edits to warm the server up`);
        const room = await LatencyRoom.open(server, { receivers: JIT_WARMUP_RECEIVERS, writers: 1 });
        try {
          await room.warmUp(jitWarmup, JIT_WARMUP_PER_SECOND);
        } finally {
          room.close();
        }
        await settle(server);
      }
      for (const receivers of sizes) {
        const rooms = new Map<PeerKind, LatencyRoom>();
        try {
          for (const kind of peers) {
            context.log(`S1 ${PEER_LABELS[kind]}: ${receivers} receivers, opening the room`);
            const server = servers.get(kind) as PeerServer;
            rooms.set(kind, await LatencyRoom.open(server, { receivers, writers: 1 }));
            // The room's opening garbage collected, so that no peer's turn pays for it.
            await server.child.request('memory');
          }
          const pools = new Map(peers.map((kind) => [kind, new MeasurementPool()]));
          for (let round = 0; round < rounds; round++) {
            for (const kind of rotate(peers, round)) {
              const room = rooms.get(kind) as LatencyRoom;
              await settle(room.peer);
              const warm = round === 0 ? warmup : roundWarmup;
              const measured = await room.measure({ warmup: warm, edits: edits / rounds, perSecond });
              (pools.get(kind) as MeasurementPool).add(measured, room.recorder.samples.values());
            }
          }
          for (const [kind, pool] of pools) results.set(`${kind}/${receivers}`, pool.result());
          for (const room of rooms.values()) await room.checkConverged();
        } finally {
          for (const room of rooms.values()) room.close();
        }
        // Every server done with its closed room before the next size opens new ones.
        for (const server of servers.values()) await settle(server);
      }
    } finally {
      await Promise.all([...servers.values()].map((server) => server.stop()));
    }

    const get = (kind: PeerKind, n: number) => results.get(`${kind}/${n}`);
    const columns = [
      'receivers',
      'metric',
      ...peers.map((k) => PEER_LABELS[k]),
      ...others.map((k) => `Accord / ${PEER_LABELS[k]}`),
    ];
    const rows: string[][] = [];
    const checks: TargetCheck[] = [];
    const metrics: [string, (m: LatencyMeasurement) => number, (v: number) => string][] = [
      ['p50', (m) => m.latency.p50, (v) => formatMs(v)],
      ['p99', (m) => m.latency.p99, (v) => formatMs(v)],
      ['server CPU / edit', (m) => m.cpuMsPerEdit, formatUs],
    ];
    for (const n of sizes) {
      for (const [name, pick, format] of metrics) {
        const accord = get('accord', n);
        const a = accord ? pick(accord) : Number.NaN;
        rows.push([
          String(n),
          name,
          ...peers.map((k) => {
            const m = get(k, n);
            return m ? format(pick(m)) : '–';
          }),
          ...others.map((k) => {
            const m = get(k, n);
            return m ? formatRatio(a, pick(m)) : '–';
          }),
        ]);
      }
      const accord = get('accord', n);
      const relay = get('relay', n);
      const stock = get('stock', n);
      if (accord && relay) {
        checks.push({
          name: `p99 at ${n} receivers within ${P99_OVER_FLOOR}× the raw relay`,
          target: `≤ ${formatMs(relay.latency.p99 * P99_OVER_FLOOR)}`,
          measured: `${formatMs(accord.latency.p99)} (${formatRatio(accord.latency.p99, relay.latency.p99)})`,
          verdict: verdict(accord.latency.p99 <= relay.latency.p99 * P99_OVER_FLOOR),
        });
        checks.push({
          name: `server CPU per edit at ${n} receivers within ${CPU_OVER_FLOOR}× the raw relay`,
          target: `≤ ${formatUs(relay.cpuMsPerEdit * CPU_OVER_FLOOR)}`,
          measured: `${formatUs(accord.cpuMsPerEdit)} (${formatRatio(accord.cpuMsPerEdit, relay.cpuMsPerEdit)})`,
          verdict: verdict(accord.cpuMsPerEdit <= relay.cpuMsPerEdit * CPU_OVER_FLOOR),
        });
      }
      if (accord && stock) {
        checks.push({
          name: `p99 at ${n} receivers never above the stock server`,
          target: `≤ ${formatMs(stock.latency.p99)}`,
          measured: `${formatMs(accord.latency.p99)} (${formatRatio(accord.latency.p99, stock.latency.p99)})`,
          verdict: verdict(accord.latency.p99 <= stock.latency.p99),
        });
      }
    }
    return {
      tables: [{ title: 'Edit → remote-visible latency and server CPU per edit', columns, rows }],
      checks,
      notes: [
        `One writer types ${perSecond} keystrokes/s into a paragraph of the fixture document (9916/17); ` +
          `${edits} edits are measured per peer and room size, in ${rounds} round${rounds === 1 ? '' : 's'} of ${edits / rounds}: ` +
          "every peer's room at a size is open at once and the peers take turns, each round in another order, " +
          `after ${warmup} warm-up edits in a peer's first turn${rounds > 1 ? ` and ${roundWarmup} in the others` : ''}; ` +
          (jitWarmup > 0
            ? `before the first room size each server is sent ${jitWarmup} edits at ${JIT_WARMUP_PER_SECOND}/s in a room of its own with ${JIT_WARMUP_RECEIVERS} receivers (not measured), so that V8 has compiled its hot path; `
            : '') +
          "latency and CPU pool each peer's rounds. A server's garbage from opening its room is collected, " +
          `and each turn waits until its server has been idle (under ${IDLE_SHARE * 100} % of a core) for ${IDLE_WINDOW_MS} ms.`,
        'Latency: from the writer handing the update to its socket to each light receiver reading it, over all (edit, receiver) pairs.',
        'Accord receivers are delegates with their own tokens and ask for durable acks (`?acks=1`), as the web app does.',
        'Server CPU: user + system time of the server process (all threads, /proc) over the measured window, divided by the edits.',
      ],
      data: Object.fromEntries(results),
    };
  },
};

/** A server's share of a core below which it counts as idle; a CPU profiler's sampling alone costs more than 1 %. */
const IDLE_SHARE = process.env.BENCH_CPU_PROF_DIR ? 0.05 : 0.01;
const IDLE_WINDOW_MS = 200;

/** Waits until the server has spent under IDLE_SHARE of a core for IDLE_WINDOW_MS: done with what came before. */
async function settle(server: PeerServer, timeoutMs = 10_000): Promise<void> {
  const started = performance.now();
  for (;;) {
    const before = server.child.cpuSeconds();
    await sleep(IDLE_WINDOW_MS);
    if (server.child.cpuSeconds() - before < (IDLE_SHARE * IDLE_WINDOW_MS) / 1000) return;
    if (performance.now() - started > timeoutMs) {
      throw new Error(`${server.label} did not go idle within ${timeoutMs} ms`);
    }
  }
}

/** `items` started at `round` (mod its length): each round another peer goes first. */
function rotate<T>(items: readonly T[], round: number): T[] {
  const start = round % items.length;
  return [...items.slice(start), ...items.slice(0, start)];
}

/** One peer's rounds at one room size, pooled: latency over all their samples, CPU over all their edits. */
class MeasurementPool {
  private readonly samples = new SampleList();
  private edits = 0;
  private cpuMs = 0;
  private readonly coreShares: number[] = [];

  add(measured: LatencyMeasurement, samples: ArrayLike<number>): void {
    this.samples.pushAll(samples);
    this.edits += measured.edits;
    this.cpuMs += measured.cpuMsPerEdit * measured.edits;
    this.coreShares.push(measured.coreShare);
  }

  result(): LatencyMeasurement {
    const shares = this.coreShares;
    return {
      latency: summarize(this.samples.values()),
      edits: this.edits,
      cpuMsPerEdit: this.cpuMs / this.edits,
      coreShare: shares.reduce((a, b) => a + b, 0) / shares.length,
    };
  }
}
