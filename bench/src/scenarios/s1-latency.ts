import { type LatencyMeasurement, LatencyRoom } from '../harness/latency-run';
import { PEER_LABELS, type PeerKind, PeerServer } from '../harness/peers';
import { formatMs, formatRatio, formatUs, type TargetCheck, verdict } from '../results';
import type { Scenario } from '../scenario';

const P99_OVER_FLOOR = 1.3;
const CPU_OVER_FLOOR = 1.2;

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
    // --quick leaves Hocuspocus out, to keep the suite under two minutes.
    const others = context.peers.filter((p) => !context.quick || p !== 'hocuspocus');
    const peers: PeerKind[] = ['accord', ...others];
    const results = new Map<string, LatencyMeasurement>();
    for (const kind of peers) {
      const peer = await PeerServer.start(kind);
      try {
        for (const receivers of sizes) {
          context.log(`S1 ${PEER_LABELS[kind]}: ${receivers} receivers`);
          const room = await LatencyRoom.open(peer, { receivers, writers: 1 });
          try {
            results.set(`${kind}/${receivers}`, await room.measure({ warmup, edits, perSecond }));
            await room.checkConverged();
          } finally {
            room.close();
          }
        }
      } finally {
        await peer.stop();
      }
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
          `${warmup} warm-up edits are discarded, then ${edits} are measured.`,
        'Latency: from the writer handing the update to its socket to each light receiver reading it, over all (edit, receiver) pairs.',
        'Accord receivers are delegates with their own tokens and ask for durable acks (`?acks=1`), as the web app does.',
        'Server CPU: user + system time of the server process (all threads, /proc) over the measured window, divided by the edits.',
      ],
      data: Object.fromEntries(results),
    };
  },
};
