import * as encoding from 'lib0/encoding';
import { PEER_LABELS, type PeerKind, PeerServer } from '../harness/peers';
import type { SyncSocket } from '../harness/sync-socket';
import { openMany, runAtRate, sleep } from '../harness/timing';
import { formatCount, formatPercent, formatRatio, type TargetCheck, verdict } from '../results';
import type { Scenario } from '../scenario';

const USERS = 100;
const MOVES_PER_SECOND = 10;
const TARGET_CORE_SHARE = 0.15;

interface Presence {
  readonly coreShare: number;
  readonly sent: number;
  readonly received: number;
  readonly seconds: number;
}

/** An awareness update as y-protocols encodes it: one client's state with a caret (y-prosemirror's shape). */
function encodeCaret(clientId: number, clock: number, user: number, offset: number): Uint8Array {
  const state = {
    user: { name: `Delegate ${user}`, color: '#1f77b4' },
    cursor: {
      anchor: {
        type: { client: 1_000_001, clock: 3 },
        tname: null,
        item: { client: 1_000_001, clock: 40 + offset },
        assoc: 0,
      },
      head: {
        type: { client: 1_000_001, clock: 3 },
        tname: null,
        item: { client: 1_000_001, clock: 40 + offset },
        assoc: 0,
      },
    },
  };
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, clientId);
  encoding.writeVarUint(e, clock);
  encoding.writeVarString(e, JSON.stringify(state));
  return encoding.toUint8Array(e);
}

async function measure(peer: PeerServer, seconds: number, warmupSeconds: number): Promise<Presence> {
  const doc = await peer.createDocument();
  if (doc.base !== null) {
    const writer = await peer.openWriter(doc, 0, { loadDocument: false });
    writer.close();
  }
  let received = 0;
  const users: SyncSocket[] = await openMany(USERS, 50, (i) =>
    peer.openReceiver(
      doc,
      {
        onAwareness: () => {
          received += 1;
        },
      },
      { token: peer.kind === 'accord' ? peer.delegateToken(i) : undefined },
    ),
  );
  await Promise.all(users.map((u) => u.whenSynced));
  const clocks = new Array<number>(USERS).fill(0);
  const clientIds = users.map((_, i) => 100_000 + i);
  const move = (i: number) => {
    const user = i % USERS;
    clocks[user] = (clocks[user] as number) + 1;
    (users[user] as SyncSocket).sendAwareness(
      encodeCaret(clientIds[user] as number, clocks[user] as number, user, i % 50),
    );
  };
  const rate = USERS * MOVES_PER_SECOND;
  await runAtRate(Math.round(rate * warmupSeconds), rate, move);
  await sleep(300);
  received = 0;
  const cpu = peer.child.cpuSeconds();
  const started = performance.now();
  const sent = Math.round(rate * seconds);
  await runAtRate(sent, rate, move);
  await sleep(100);
  const wall = (performance.now() - started) / 1000;
  const coreShare = (peer.child.cpuSeconds() - cpu) / wall;
  for (const u of users) u.close();
  return { coreShare, sent, received, seconds: wall };
}

export const s10Presence: Scenario = {
  id: 'S10',
  title: 'Presence: 100 users moving carets at 10 Hz',
  async run(context) {
    const seconds = context.quick ? 1.5 : 10;
    const peers: PeerKind[] = [
      'accord',
      ...context.peers.filter((p) => !context.quick || p !== 'hocuspocus'),
    ];
    const results = new Map<PeerKind, Presence>();
    for (const kind of peers) {
      context.log(`S10 ${PEER_LABELS[kind]}: ${USERS} users × ${MOVES_PER_SECOND} Hz for ${seconds} s`);
      const peer = await PeerServer.start(kind);
      try {
        results.set(kind, await measure(peer, seconds, context.quick ? 0.5 : 1));
      } finally {
        await peer.stop();
      }
    }
    const accord = results.get('accord') as Presence;
    const checks: TargetCheck[] = [
      {
        name: `server CPU with ${USERS} users moving carets at ${MOVES_PER_SECOND} Hz`,
        target: `≤ ${formatPercent(TARGET_CORE_SHARE)} of a core`,
        measured: formatPercent(accord.coreShare),
        verdict: verdict(accord.coreShare <= TARGET_CORE_SHARE),
      },
    ];
    return {
      tables: [
        {
          title: `${USERS} users in one document, each moving its caret ${MOVES_PER_SECOND} times a second`,
          columns: [
            'server',
            'server core',
            'caret updates in/s',
            'awareness messages out/s',
            'Accord / this',
          ],
          rows: peers.map((k) => {
            const r = results.get(k) as Presence;
            return [
              PEER_LABELS[k],
              formatPercent(r.coreShare),
              formatCount(r.sent / r.seconds),
              formatCount(r.received / r.seconds),
              k === 'accord' ? '' : formatRatio(accord.coreShare, r.coreShare),
            ];
          }),
        },
      ],
      checks,
      notes: [
        'Each user is a light socket (Accord: a delegate with a token) that sends an awareness update with its caret (the shape y-prosemirror writes, about 300 bytes) 10 times a second, phases spread evenly; every server relays them to the other users (Accord and the stock server to the sender too).',
        'Server core: CPU of the server process over the window divided by its wall time.',
      ],
      data: Object.fromEntries(results),
    };
  },
};
