import { checkConvergence, type FullClient } from '../harness/full-client';
import { FULL_CLIENTS } from '../harness/latency-run';
import { PeerServer } from '../harness/peers';
import { SampleList, summarize } from '../harness/stats';
import type { SyncSocket } from '../harness/sync-socket';
import { openMany, runAtRate, sleep, waitUntil } from '../harness/timing';
import { Writer } from '../harness/writer';
import { formatCount, formatMs, formatPercent, type TargetCheck, verdict } from '../results';
import type { Scenario } from '../scenario';
import type { PersistMeter } from '../servers/accord';

const EDITS_PER_SECOND = 500;
const WRITERS = 10;
const RECEIVERS = 20;
const TARGET_COMMIT_MS = 20;
const TARGET_PERSIST_SHARE = 0.1;

export const s7Durability: Scenario = {
  id: 'S7',
  title: 'Durability: edit → commit, and CPU spent persisting, at 500 edits/s',
  async run(context) {
    const seconds = context.quick ? 2 : 10;
    context.log(`S7 Accord: ${EDITS_PER_SECOND} edits/s for ${seconds} s`);
    const peer = await PeerServer.start('accord', { env: { BENCH_METER_PERSIST: '1' } });
    const samples = new SampleList();
    let measuring = false;
    const receivers: SyncSocket[] = [];
    const writers: Writer[] = [];
    const fulls: FullClient[] = [];
    let persist: PersistMeter;
    let wall = 0;
    let cpuSeconds = 0;
    let pending = 0;
    let syncCpuMicros = 0;
    try {
      const doc = await peer.createDocument();
      receivers.push(
        ...(await openMany(RECEIVERS, 20, (i) =>
          peer.openReceiver(doc, {}, { token: peer.delegateToken(i) }),
        )),
      );
      fulls.push(...Array.from({ length: FULL_CLIENTS }, () => peer.openFull(doc)));
      await Promise.all(fulls.map((f) => f.whenSynced));
      for (let i = 0; i < WRITERS; i++) {
        // Each writer's edits, oldest first, as (clock, sent at); a durable message settles a prefix.
        const sent: [number, number][] = [];
        let clientId = -1;
        const writer = await Writer.open(peer.target(doc, { token: peer.delegateToken(i) }), {
          onDurable: (sv, at) => {
            const upTo = sv.get(clientId) ?? 0;
            while (sent.length > 0 && (sent[0] as [number, number])[0] < upTo) {
              const [, sentAt] = sent.shift() as [number, number];
              if (measuring) samples.push(at - sentAt);
              pending -= 1;
            }
          },
        });
        clientId = writer.clientId;
        writer.doc.on('update', (_update: Uint8Array, origin: unknown) => {
          if (origin !== null) return;
          sent.push([clockOf(writer) - 1, performance.now()]);
          pending += 1;
        });
        writers.push(writer);
      }
      const type = (count: number) =>
        runAtRate(count, EDITS_PER_SECOND, (i) =>
          (writers[i % WRITERS] as Writer).typeInto((i % WRITERS) + 1),
        );
      await type(EDITS_PER_SECOND / 2);
      await sleep(300);
      measuring = true;
      const before = await peer.child.request<PersistMeter>('persist');
      const cpu = peer.child.cpuSeconds();
      const started = performance.now();
      await type(EDITS_PER_SECOND * seconds);
      await waitUntil(() => pending === 0, 10_000, `${pending} edits never acknowledged as durable`);
      await checkConvergence(fulls, writers);
      wall = (performance.now() - started) / 1000;
      cpuSeconds = peer.child.cpuSeconds() - cpu;
      const after = await peer.child.request<PersistMeter>('persist');
      const fsyncMicros =
        after.walSync === 'background' ? await peer.child.request<number>('calibrate-fsync') : 0;
      syncCpuMicros = (after.appends - before.appends) * fsyncMicros;
      persist = {
        walSync: after.walSync,
        cpuMicros: after.cpuMicros - before.cpuMicros,
        wallMs: after.wallMs - before.wallMs,
        appends: after.appends - before.appends,
        entries: after.entries - before.entries,
        compactions: after.compactions - before.compactions,
      };
    } finally {
      for (const w of writers) w.close();
      for (const r of receivers) r.close();
      for (const f of fulls) f.destroy();
      await peer.stop();
    }

    const commit = summarize(samples.values());
    const persistShare = (persist.cpuMicros + syncCpuMicros) / 1e6 / wall;
    const checks: TargetCheck[] = [
      {
        name: `edit sent → durable ack at ${EDITS_PER_SECOND} edits/s, p99`,
        target: `≤ ${TARGET_COMMIT_MS} ms`,
        measured: `${formatMs(commit.p99)} (p50 ${formatMs(commit.p50)})`,
        verdict: verdict(commit.p99 <= TARGET_COMMIT_MS),
      },
      {
        name: `CPU spent persisting at ${EDITS_PER_SECOND} edits/s`,
        target: `≤ ${formatPercent(TARGET_PERSIST_SHARE)} of a core`,
        measured: formatPercent(persistShare),
        verdict: verdict(persistShare <= TARGET_PERSIST_SHARE),
      },
    ];
    return {
      tables: [
        {
          title: `Accord at ${EDITS_PER_SECOND} edits/s (${WRITERS} writers with acks, ${RECEIVERS} receivers, ${FULL_CLIENTS} full clients that must converge)`,
          columns: ['metric', 'value'],
          rows: [
            ['edits measured', formatCount(commit.count)],
            ['send → durable ack p50', formatMs(commit.p50)],
            ['send → durable ack p99', formatMs(commit.p99)],
            ['send → durable ack max', formatMs(commit.max)],
            ['commits (one fsync each)', formatCount(persist.appends)],
            ['updates per commit', (persist.entries / Math.max(1, persist.appends)).toFixed(1)],
            ['snapshots', formatCount(persist.compactions)],
            [
              'CPU persisting: commits and snapshots, on the event loop',
              formatPercent(persist.cpuMicros / 1e6 / wall),
            ],
            [
              'CPU persisting: WAL syncs on the thread pool (calibrated)',
              formatPercent(syncCpuMicros / 1e6 / wall),
            ],
            ['CPU persisting, total', formatPercent(persistShare)],
            ['event loop blocked persisting (incl. fsync)', formatPercent(persist.wallMs / 1000 / wall)],
            ['server CPU, all of it', formatPercent(cpuSeconds / wall)],
          ],
        },
      ],
      checks,
      notes: [
        'Commit time is measured by the client, as a user would see it: from sending an edit to receiving the durable message (type 100, `?acks=1`) whose state vector covers it; it includes the group-commit window (GROUP_COMMIT_WINDOW_MS) and the fsync (SQLite WAL, synchronous=FULL).',
        "CPU persisting: user + system CPU inside the update log's append and snapshot calls (better-sqlite3 is synchronous), metered in the server process; plus the WAL syncs the store runs on the thread pool (walSync 'background'), counted as syncs × the CPU of one fdatasync after a 4 KiB write, measured in the same server at the end of the run (a thread-pool thread's CPU cannot be told apart from outside).",
        'The stock server and Hocuspocus do not write edits durably (in memory; their persistence extensions save on a 2–10 s debounce), so they have no row here.',
      ],
      data: { commit, persist, wallSeconds: wall, serverCpuSeconds: cpuSeconds },
    };
  },
};

/** The next clock this writer's client will use: one past its last struct. */
function clockOf(writer: Writer): number {
  const structs = writer.doc.store.clients.get(writer.clientId);
  const last = structs?.[structs.length - 1];
  return last === undefined ? 0 : last.id.clock + last.length;
}
