import * as Y from 'yjs';
import { generateDocument } from '../harness/content';
import { PEER_LABELS, type PeerKind, PeerServer } from '../harness/peers';
import type { SyncSocket } from '../harness/sync-socket';
import { openMany, sleep, waitUntil } from '../harness/timing';
import { typeIntoOwnParagraph } from '../harness/writer';
import { formatCount, formatMiB, formatRatio, type TargetCheck, verdict } from '../results';
import type { Scenario } from '../scenario';

const BLOCKS = 2_000;
const TARGET_MIB_PER_DOCUMENT = 4.5;
const TARGET_HEAP_GROWTH_MIB = 5;
const IDLE_UNLOAD_MS = 1_000;

interface Loaded {
  readonly documents: number;
  /** JS heap plus array buffers (Yjs and socket data live in both), after GC. */
  readonly heapPerDocument: number;
  readonly rssPerDocument: number;
}

async function measureLoaded(peer: PeerServer, documents: number): Promise<Loaded> {
  const template = await peer.createDocument(generateDocument(BLOCKS, 4));
  const docs = await peer.cloneDocument(template, documents);
  const before = await peer.child.request<NodeJS.MemoryUsage>('memory');
  const sockets: SyncSocket[] = [];
  try {
    for (const doc of docs) {
      if (doc.base !== null) {
        // Servers that keep no content get it from a writer, which then leaves.
        const writer = await peer.openWriter(doc, 0, { loadDocument: false });
        const reader = await peer.openReceiver(doc, {});
        await reader.whenSynced;
        writer.close();
        sockets.push(reader);
      } else {
        const reader = await peer.openReceiver(doc, {});
        await reader.whenSynced;
        sockets.push(reader);
      }
    }
    // Past the server's short-lived caches (FULL_STATE_CACHE_MS), as a document held open would be.
    await sleep(1500);
    const after = await peer.child.request<NodeJS.MemoryUsage>('memory');
    return {
      documents,
      heapPerDocument:
        (after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / documents,
      rssPerDocument: (after.rss - before.rss) / documents,
    };
  } finally {
    for (const s of sockets) s.close();
  }
}

/** One session: connect, sync, type one keystroke, wait until it is durable, leave. */
async function cycle(peer: PeerServer, name: string, index: number): Promise<void> {
  const doc = new Y.Doc();
  let clock = 0;
  let resolveDurable!: () => void;
  const durable = new Promise<void>((resolve) => {
    resolveDurable = resolve;
  });
  const socket = await peer.openReceiver(
    { name, base: null },
    {
      onDurable: (sv) => {
        if ((Y.decodeStateVector(sv).get(doc.clientID) ?? 0) >= clock && clock > 0) resolveDurable();
      },
    },
    { token: peer.delegateToken(index) },
  );
  await socket.whenSynced;
  doc.on('update', (update: Uint8Array) => socket.sendUpdate(update));
  typeIntoOwnParagraph(doc);
  clock = Y.decodeStateVector(Y.encodeStateVector(doc)).get(doc.clientID) ?? 1;
  await durable;
  socket.close();
  doc.destroy();
}

export const s4Memory: Scenario = {
  id: 'S4',
  title: 'Memory per loaded 2,000-block document; heap after connect/edit/disconnect cycles',
  async run(context) {
    const loadedCount = context.quick ? 3 : 20;
    const cycles = context.quick ? 500 : 10_000;
    const cycleDocuments = context.quick ? 50 : 1_000;
    const peers: PeerKind[] = ['accord', ...context.peers.filter((p) => p !== 'relay' && !context.quick)];
    const loaded = new Map<PeerKind, Loaded>();
    for (const kind of peers) {
      context.log(`S4 ${PEER_LABELS[kind]}: ${loadedCount} documents of ${formatCount(BLOCKS)} blocks`);
      const peer = await PeerServer.start(kind);
      try {
        loaded.set(kind, await measureLoaded(peer, loadedCount));
      } finally {
        await peer.stop();
      }
    }

    context.log(
      `S4 Accord: ${formatCount(cycles)} connect/edit/disconnect cycles over ${formatCount(cycleDocuments)} documents`,
    );
    const peer = await PeerServer.start('accord', { env: { BENCH_IDLE_UNLOAD_MS: String(IDLE_UNLOAD_MS) } });
    let heap: { baseline: number; after: number; loadedAfterCycles: number } | null = null;
    try {
      const template = await peer.createDocument();
      const docs = await peer.cloneDocument(template, cycleDocuments);
      const runCycles = (count: number) =>
        openMany(count, 50, (i) => cycle(peer, (docs[i % docs.length] as { name: string }).name, i));
      const unloaded = () =>
        waitUntil(
          async () => (await peer.child.request<number>('loaded')) === 0,
          60_000,
          'documents stayed loaded',
          200,
        );
      // Warm-up: the first sessions compile code and fill caches that are meant to stay.
      await runCycles(Math.min(cycles, cycleDocuments * 2));
      await unloaded();
      const baseline = (await peer.child.request<NodeJS.MemoryUsage>('memory')).heapUsed;
      await runCycles(cycles);
      const loadedAfterCycles = await peer.child.request<number>('loaded');
      await unloaded();
      const after = (await peer.child.request<NodeJS.MemoryUsage>('memory')).heapUsed;
      heap = { baseline, after, loadedAfterCycles };
    } finally {
      await peer.stop();
    }

    const accord = loaded.get('accord');
    const growth = heap ? heap.after - heap.baseline : Number.NaN;
    const checks: TargetCheck[] = [
      {
        name: `memory (heap + buffers) per loaded ${formatCount(BLOCKS)}-block document`,
        target: `≤ ${TARGET_MIB_PER_DOCUMENT} MiB`,
        measured: accord ? formatMiB(accord.heapPerDocument) : '–',
        verdict: verdict(accord !== undefined && accord.heapPerDocument <= TARGET_MIB_PER_DOCUMENT * 2 ** 20),
      },
      {
        name: `heap after ${formatCount(cycles)} cycles over ${formatCount(cycleDocuments)} documents, once unloaded`,
        target: `within ${TARGET_HEAP_GROWTH_MIB} MiB of before`,
        measured: `${growth >= 0 ? '+' : ''}${formatMiB(growth)}`,
        verdict: verdict(Math.abs(growth) <= TARGET_HEAP_GROWTH_MIB * 2 ** 20),
      },
    ];
    return {
      tables: [
        {
          title: `Memory per loaded ${formatCount(BLOCKS)}-block document`,
          columns: ['server', 'heap + buffers / document', 'RSS / document', 'Accord / this'],
          rows: peers.map((k) => {
            const m = loaded.get(k);
            return [
              PEER_LABELS[k],
              m ? formatMiB(m.heapPerDocument) : '–',
              m ? formatMiB(m.rssPerDocument) : '–',
              k === 'accord' || !m || !accord ? '' : formatRatio(accord.heapPerDocument, m.heapPerDocument),
            ];
          }),
        },
        {
          title: 'Heap after cycling (Accord)',
          columns: ['cycles', 'documents', 'heap before', 'heap after', 'growth'],
          rows: heap
            ? [
                [
                  formatCount(cycles),
                  formatCount(cycleDocuments),
                  formatMiB(heap.baseline),
                  formatMiB(heap.after),
                  formatMiB(growth),
                ],
              ]
            : [],
        },
      ],
      checks,
      notes: [
        `Memory: heapUsed + arrayBuffers after two full GCs in the server (--expose-gc), before and after ${loadedCount} documents are loaded, each held open by one connected reader, measured 1.5 s after the last load (past the 1 s cache of a document's encoded state). RSS for reference (noisy: the allocator keeps freed pages).`,
        `Cycling: each cycle connects a delegate with acks, syncs, types one keystroke, waits for its durable ack and disconnects; 50 at a time. The server runs with idle unload after ${IDLE_UNLOAD_MS} ms (default ${30} s) so that the documents leave memory within the run; heap is compared once every document is unloaded, against a baseline taken after a warm-up round.`,
        'The stock server and Hocuspocus keep or drop documents by their own rules (the stock server never drops one without persistence), so cycling is measured on Accord only.',
      ],
      data: { loaded: Object.fromEntries(loaded), heap },
    };
  },
};
