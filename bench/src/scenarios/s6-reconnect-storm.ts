import { PEER_LABELS, type PeerKind, PeerServer } from '../harness/peers';
import { UpgradeRefused } from '../harness/raw-websocket';
import type { SyncSocket } from '../harness/sync-socket';
import { formatCount, formatMs, formatRatio, type TargetCheck, verdict } from '../results';
import type { Scenario } from '../scenario';

const CLIENTS = 300;
const TARGET_ALL_SYNCED_MS = 1_000;

interface Storm {
  readonly synced: number;
  readonly refused: number;
  readonly closed: number;
  /** From the restarted server being ready to the last client synced. */
  readonly allSyncedMs: number;
  readonly p50SyncedMs: number;
  /** From the stop request to the last client synced (shutdown, start, storm). */
  readonly totalMs: number;
}

async function storm(peer: PeerServer): Promise<Storm> {
  const doc = await peer.createDocument();
  if (doc.base !== null) {
    const writer = await peer.openWriter(doc, 0, { loadDocument: false });
    const reader = await peer.openReceiver(doc, {});
    await reader.whenSynced;
    writer.close();
    reader.close();
  }
  const token = (i: number) => (peer.kind === 'accord' ? peer.delegateToken(i) : undefined);
  const first = await Promise.all(
    Array.from({ length: CLIENTS }, (_, i) => peer.openReceiver(doc, {}, { token: token(i) })),
  );
  await Promise.all(first.map((s) => s.whenSynced));

  const stopAt = performance.now();
  await peer.restart();
  const readyAt = performance.now();
  const syncedAt: number[] = [];
  let refused = 0;
  let closed = 0;
  const sockets: SyncSocket[] = [];
  // Everyone at once, as clients whose server just came back.
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, i) => {
      try {
        const socket = await peer.openReceiver(doc, {}, { token: token(i) });
        sockets.push(socket);
        await socket.whenSynced;
        syncedAt.push(performance.now() - readyAt);
      } catch (error) {
        if (error instanceof UpgradeRefused) refused += 1;
        else closed += 1;
      }
    }),
  );
  const lastAt = Math.max(...syncedAt);
  for (const s of sockets) s.close();
  for (const s of first) s.destroy();
  const sorted = [...syncedAt].sort((a, b) => a - b);
  return {
    synced: syncedAt.length,
    refused,
    closed,
    allSyncedMs: lastAt,
    p50SyncedMs: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN,
    totalMs: readyAt - stopAt + lastAt,
  };
}

export const s6ReconnectStorm: Scenario = {
  id: 'S6',
  title: 'Reconnect storm: 300 clients reconnect at once after a restart',
  async run(context) {
    const peers: PeerKind[] = [
      'accord',
      ...context.peers.filter((p) => p !== 'relay' && (!context.quick || p === 'stock')),
    ];
    const storms = new Map<PeerKind, Storm>();
    for (const kind of peers) {
      context.log(`S6 ${PEER_LABELS[kind]}: ${CLIENTS} clients`);
      const peer = await PeerServer.start(kind);
      try {
        storms.set(kind, await storm(peer));
      } finally {
        await peer.stop();
      }
    }
    const accord = storms.get('accord') as Storm;
    const checks: TargetCheck[] = [
      {
        name: `all ${CLIENTS} synced after a restart, none refused`,
        target: `≤ ${formatMs(TARGET_ALL_SYNCED_MS)}, 0 refused`,
        measured: `${formatMs(accord.allSyncedMs)}, ${accord.synced} synced, ${accord.refused + accord.closed} refused`,
        verdict: verdict(
          accord.allSyncedMs <= TARGET_ALL_SYNCED_MS &&
            accord.synced === CLIENTS &&
            accord.refused + accord.closed === 0,
        ),
      },
    ];
    return {
      tables: [
        {
          title: `${CLIENTS} clients reconnecting at once`,
          columns: [
            'server',
            'synced',
            'refused',
            'p50 synced',
            'all synced',
            'incl. restart',
            'Accord / this',
          ],
          rows: peers.map((k) => {
            const s = storms.get(k) as Storm;
            return [
              PEER_LABELS[k],
              formatCount(s.synced),
              formatCount(s.refused + s.closed),
              formatMs(s.p50SyncedMs),
              formatMs(s.allSyncedMs),
              formatMs(s.totalMs),
              k === 'accord' ? '' : formatRatio(accord.allSyncedMs, s.allSyncedMs),
            ];
          }),
        },
      ],
      checks,
      notes: [
        `${CLIENTS} light clients (Accord: delegates with tokens) on the fixture document; the server is stopped (SIGTERM, a graceful close) and started again on the same port; once it is ready all ${CLIENTS} connect at the same moment and do the sync handshake. "All synced": from the server being ready to the last client's SyncStep2.`,
        'Accord must authenticate each upgrade and load the document from SQLite first; the stock server and Hocuspocus start empty after a restart (their content is gone without persistence).',
      ],
      data: Object.fromEntries(storms),
    };
  },
};
