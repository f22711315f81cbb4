import { generateDocument } from '../harness/content';
import type { FullClient } from '../harness/full-client';
import { type BenchDocument, PEER_LABELS, type PeerKind, PeerServer } from '../harness/peers';
import { summarize } from '../harness/stats';
import { formatCount, formatMs, formatRatio, type TargetCheck, verdict } from '../results';
import type { Scenario } from '../scenario';

const BLOCKS = 2_000;
const TARGET_SYNCED_P50_MS = 80;
/** Loads before the measured ones, on other documents: a server that has just started compiles its code on the first ones. */
const WARMUP_LOADS = 2;

interface LoadTimes {
  /** Light socket open → the server's first message (sent once the document is loaded). */
  readonly serverLoad: number[];
  /** New WebsocketProvider / HocuspocusProvider → synced. */
  readonly clientSynced: number[];
  readonly warmClientSynced: number[];
}

async function timeServerLoad(peer: PeerServer, doc: BenchDocument): Promise<number> {
  let firstAt = 0;
  const opened = performance.now();
  const socket = await peer.openReceiver(doc, {
    answerStep1: () => {
      firstAt ||= performance.now();
      return new Uint8Array([0, 0]);
    },
  });
  await socket.whenSynced;
  socket.close();
  return (firstAt || performance.now()) - opened;
}

async function timeClientSynced(peer: PeerServer, doc: BenchDocument): Promise<number> {
  const started = performance.now();
  const client: FullClient = peer.openFull(doc);
  await client.whenSynced;
  const elapsed = performance.now() - started;
  client.destroy();
  return elapsed;
}

export const s5ColdLoad: Scenario = {
  id: 'S5',
  title: 'Cold load of a 2,000-block document',
  async run(context) {
    const samples = context.quick ? 5 : 20;
    const peers: PeerKind[] = [
      'accord',
      ...context.peers.filter((p) => p !== 'relay' && (!context.quick || p === 'stock')),
    ];
    const times = new Map<PeerKind, LoadTimes>();
    const content = generateDocument(BLOCKS, 5);
    for (const kind of peers) {
      context.log(`S5 ${PEER_LABELS[kind]}: ${samples} loads`);
      const peer = await PeerServer.start(kind);
      const result: LoadTimes = { serverLoad: [], clientSynced: [], warmClientSynced: [] };
      times.set(kind, result);
      try {
        const template = await peer.createDocument(content);
        if (kind === 'accord') {
          // Cold: each sample opens a document that is not in memory (copies of one created through the API).
          const docs = await peer.cloneDocument(template, (samples + WARMUP_LOADS) * 2);
          for (let i = 0; i < samples + WARMUP_LOADS; i++) {
            const load = await timeServerLoad(peer, docs[i * 2] as BenchDocument);
            const synced = await timeClientSynced(peer, docs[i * 2 + 1] as BenchDocument);
            if (i < WARMUP_LOADS) continue;
            result.serverLoad.push(load);
            result.clientSynced.push(synced);
          }
        } else {
          // Documents live in memory only: the writer puts one there, then clients load it warm.
          const writer = await peer.openWriter(template, 0, { loadDocument: false });
          const first = await peer.openReceiver(template, {});
          await first.whenSynced;
          writer.close();
          for (let i = 0; i < samples; i++)
            result.warmClientSynced.push(await timeClientSynced(peer, template));
          first.close();
        }
        if (kind === 'accord') {
          const hold = await peer.openReceiver(template, {});
          await hold.whenSynced;
          for (let i = 0; i < samples; i++)
            result.warmClientSynced.push(await timeClientSynced(peer, template));
          hold.close();
        }
      } finally {
        await peer.stop();
      }
    }

    const p50 = (values: number[]) => summarize(values).p50;
    const accord = times.get('accord') as LoadTimes;
    const rows: string[][] = [
      [
        'Accord',
        'cold: server load (socket open → first message)',
        formatMs(p50(accord.serverLoad)),
        formatMs(summarize(accord.serverLoad).max),
        '',
      ],
      [
        'Accord',
        'cold: client new → synced',
        formatMs(p50(accord.clientSynced)),
        formatMs(summarize(accord.clientSynced).max),
        '',
      ],
      [
        'Accord',
        'warm: client new → synced',
        formatMs(p50(accord.warmClientSynced)),
        formatMs(summarize(accord.warmClientSynced).max),
        '',
      ],
    ];
    for (const kind of peers) {
      if (kind === 'accord') continue;
      const t = times.get(kind) as LoadTimes;
      rows.push([
        PEER_LABELS[kind],
        'in memory: client new → synced',
        formatMs(p50(t.warmClientSynced)),
        formatMs(summarize(t.warmClientSynced).max),
        formatRatio(p50(accord.clientSynced), p50(t.warmClientSynced)),
      ]);
    }
    const checks: TargetCheck[] = [
      {
        name: `client synced on a cold ${formatCount(BLOCKS)}-block document, p50`,
        target: `≤ ${TARGET_SYNCED_P50_MS} ms`,
        measured: formatMs(p50(accord.clientSynced)),
        verdict: verdict(p50(accord.clientSynced) <= TARGET_SYNCED_P50_MS),
      },
    ];
    return {
      tables: [
        {
          title: `Loading a ${formatCount(BLOCKS)}-block document`,
          columns: ['server', 'what', 'p50', 'max', 'Accord cold / this'],
          rows,
        },
      ],
      checks,
      notes: [
        `${samples} samples each, after ${WARMUP_LOADS} warm-up loads of other documents. Cold: the document is only on disk (SQLite): the connection makes the server load it (snapshot + log), then the client syncs. The client is the stock WebsocketProvider with a Y.Doc in the bench process, timed from its creation (connect, upgrade with token check, load, SyncStep2 applied) to its synced event.`,
        'The stock server and Hocuspocus keep documents in memory only (no persistence configured), so they have no cold load: their row is a client syncing a document already in memory, for reference.',
      ],
      data: Object.fromEntries(times),
    };
  },
};
