/**
 * Crash durability: 20 delegates type 100 edits each through stock y-websocket providers that ask for
 * durable acks, while the real server (`main.ts`, a child process) is killed with SIGKILL at five
 * seeded moments and restarted on the same data directory. After each restart, before any client is
 * back, the server alone holds every edit it had acknowledged; at the end every client converges, every
 * edit is there exactly once, and SQLite's integrity check passes.
 *
 * An edit is a token like `c3e17;` typed at a token boundary of a random block (one in five inside
 * square brackets), so tokens never interleave and can be counted in the text.
 */
import { join } from 'node:path';
import { SQLITE_FILE_NAME } from '@accord/server';
import { readDocument } from '@accord/ydoc';
import Database from 'better-sqlite3';
import * as prng from 'lib0/prng';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  type Client,
  connectClient,
  killHard,
  makeTempDir,
  type SpawnedServer,
  spawnServer,
  type TestUser,
  teardown,
  waitSynced,
} from '../server/harness';
import { describeReplay, LONG_RUN, listSeeds } from './run-config';

afterEach(teardown);

const CLIENTS = 20;
// The normal run's size: 200 edits each took 1,106 of the test's 1,200 s on a loaded two-core VM, and
// the kills, not the number of edits, are what it tests.
const EDITS_PER_CLIENT = LONG_RUN ? 500 : 100;
const KILLS = LONG_RUN ? 10 : 5;
const SEEDS = LONG_RUN ? 3 : 1;
const TEST_FILE = 'reliability/crash-durability.test.ts';
const MEMBER_STATES = ['BE', 'BG', 'CZ', 'DK', 'DE', 'EE', 'IE', 'EL', 'ES', 'FR'].concat([
  'HR',
  'IT',
  'CY',
  'LV',
  'LT',
  'LU',
  'HU',
  'MT',
  'NL',
  'AT',
]);
const TOKEN = /c(\d+)e(\d+);/g;

const MARKDOWN = `# Crash test

1. First paragraph.

2. Second paragraph.

3. Third paragraph.

4. Fourth paragraph.
`;

interface Edit {
  readonly token: string;
  /** The client's clock once the edit was made: durable when an ack's clock for the client reaches it. */
  readonly clock: number;
}

function clockOf(doc: Y.Doc): number {
  return Y.decodeStateVector(Y.encodeStateVector(doc)).get(doc.clientID) ?? 0;
}

function ackedClock(client: Client): number {
  let clock = 0;
  for (const ack of client.acks) clock = Math.max(clock, ack.get(client.doc.clientID) ?? 0);
  return clock;
}

/** Types `token` at the start of a random block or right after a random earlier token. */
function typeToken(gen: prng.PRNG, doc: Y.Doc, token: string): void {
  const blocks = doc
    .getXmlFragment('default')
    .toArray()
    .filter((n): n is Y.XmlElement => n instanceof Y.XmlElement);
  const block = prng.oneOf(gen, blocks);
  const text = block.toArray().find((n): n is Y.XmlText => n instanceof Y.XmlText);
  if (text === undefined) throw new Error('a block without text');
  const plain = (text.toDelta() as { insert: string }[]).map((op) => op.insert).join('');
  const boundaries = [0];
  for (let i = plain.indexOf(';'); i >= 0; i = plain.indexOf(';', i + 1)) boundaries.push(i + 1);
  const at = prng.oneOf(gen, boundaries);
  text.insert(at, token, prng.uint32(gen, 0, 4) === 0 ? { bracket: {} } : {});
}

/** How often each token occurs in the document's text. */
function countTokens(doc: { blocks: readonly { text: string }[] }): Map<string, number> {
  const counts = new Map<string, number>();
  for (const block of doc.blocks) {
    for (const match of block.text.matchAll(TOKEN)) counts.set(match[0], (counts.get(match[0]) ?? 0) + 1);
  }
  return counts;
}

function checkIntegrity(dataDir: string): string {
  const db = new Database(join(dataDir, SQLITE_FILE_NAME));
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

interface Figures {
  kills: number;
  acked: number;
  edits: number;
  /** Edits made but not yet acknowledged when the server was killed. */
  unacknowledgedAtKill: number[];
}

async function waitReconnected(clients: Client[], server: SpawnedServer): Promise<void> {
  await expect
    .poll(() => clients.every((c) => c.provider.synced && c.provider.ws?.url.startsWith(server.syncUrl)), {
      timeout: 30_000,
    })
    .toBe(true);
}

async function runSeed(seed: number, figures: Figures) {
  const gen = prng.create(seed);
  const dataDir = makeTempDir();
  let server: SpawnedServer = await spawnServer(dataDir);
  const presidency = await server.createUser('presidency');
  const delegates: TestUser[] = [];
  for (const code of MEMBER_STATES.slice(0, CLIENTS))
    delegates.push(await server.createUser('delegate', code));
  const { id } = await server.createDocument(presidency.token, { markdown: MARKDOWN });

  const clients = delegates.map((user) => {
    const doc = new Y.Doc();
    doc.clientID = prng.uint32(gen, 1, 0x7fffffff);
    return connectClient(server, id, user.token, { acks: true, doc });
  });
  await Promise.all(clients.map(waitSynced));

  const total = CLIENTS * EDITS_PER_CLIENT;
  const killAt = new Set<number>();
  while (killAt.size < KILLS)
    killAt.add(prng.uint32(gen, Math.floor(total * 0.05), Math.floor(total * 0.95)));
  const edits = clients.map(() => [] as Edit[]);
  const remaining: number[] = clients.map(() => EDITS_PER_CLIENT);
  /** Edits the server acknowledged at some point: they must survive every later crash. */
  const acknowledged = new Set<string>();
  const collectAcknowledged = () => {
    for (const [i, client] of clients.entries()) {
      const clock = ackedClock(client);
      for (const edit of edits[i] ?? []) if (edit.clock <= clock) acknowledged.add(edit.token);
    }
  };

  const kills = [...killAt].sort((a, b) => a - b);
  let made = 0;
  while (made < total) {
    if (kills.length > 0 && made >= (kills[0] as number)) {
      kills.shift();
      // A burst of typing right before the crash, so that edits are on the wire and in the journal.
      const burst = prng.uint32(gen, 0, 40);
      for (let k = 0; k < burst && made < total; k++, made++) makeEdit();
      await new Promise((resolve) => setImmediate(resolve));
      collectAcknowledged();
      await killHard(server.child);
      figures.kills++;
      figures.unacknowledgedAtKill.push(made - acknowledged.size);
      // Delegates keep typing while the server is down.
      const offline = prng.uint32(gen, 0, 40);
      for (let k = 0; k < offline && made < total; k++, made++) makeEdit();
      server = await spawnServer(dataDir);
      const stored = countTokens(await server.readDocument(presidency.token, id));
      const lost = [...acknowledged].filter((token) => stored.get(token) !== 1);
      expect(lost, `acknowledged edits missing or repeated after restart ${figures.kills}`).toEqual([]);
      for (const client of clients) client.provider.serverUrl = server.syncUrl;
      // Typing goes on once the clients are back, so that the next crash finds acknowledged work in flight.
      await waitReconnected(clients, server);
      continue;
    }
    makeEdit();
    made++;
    // Let the sockets carry what was typed, as typing does between keystrokes.
    await new Promise((resolve) => setImmediate(resolve));
  }

  function makeEdit(): void {
    const open = remaining.flatMap((n, i) => (n > 0 ? [i] : []));
    const i = prng.oneOf(gen, open);
    const client = clients[i] as Client;
    const token = `c${i}e${EDITS_PER_CLIENT - (remaining[i] as number)};`;
    remaining[i] = (remaining[i] as number) - 1;
    typeToken(gen, client.doc, token);
    edits[i]?.push({ token, clock: clockOf(client.doc) });
  }

  // Everything typed becomes durable once the clients are back.
  await expect
    .poll(() => clients.every((client) => ackedClock(client) >= clockOf(client.doc)), { timeout: 60_000 })
    .toBe(true);
  collectAcknowledged();
  figures.acked += acknowledged.size;
  figures.edits += total;
  expect(acknowledged.size).toBe(total);

  // One more crash with everything acknowledged, then the file itself, then the restarted server.
  await killHard(server.child);
  figures.kills++;
  expect(checkIntegrity(dataDir)).toBe('ok');
  server = await spawnServer(dataDir);
  const stored = await server.readDocument(presidency.token, id);
  const counts = countTokens(stored);
  expect(counts.size).toBe(total);
  expect([...counts.values()].every((n) => n === 1)).toBe(true);

  for (const client of clients) client.provider.serverUrl = server.syncUrl;
  const reader = connectClient(server, id, presidency.token);
  await waitSynced(reader);
  const expected = readDocument(reader.doc);
  expect(expected.blocks.map((b) => b.text)).toEqual(stored.blocks.map((b) => b.text));
  await expect
    .poll(
      () =>
        clients.every(
          (c) => c.provider.synced && JSON.stringify(readDocument(c.doc)) === JSON.stringify(expected),
        ),
      {
        timeout: 30_000,
      },
    )
    .toBe(true);
  server.child.kill('SIGTERM');
  await new Promise((resolve) => server.child.once('exit', resolve));
  expect(checkIntegrity(dataDir)).toBe('ok');
}

describe('crash durability', () => {
  it(`keeps every acknowledged edit of ${CLIENTS} clients × ${EDITS_PER_CLIENT} edits through ${KILLS} kill -9`, async () => {
    const figures: Figures = { kills: 0, acked: 0, edits: 0, unacknowledgedAtKill: [] };
    for (const seed of listSeeds(SEEDS)) {
      try {
        await runSeed(seed, figures);
      } catch (error) {
        throw new Error(`seed ${seed} failed (${describeReplay(seed, TEST_FILE)})\n${String(error)}`, {
          cause: error,
        });
      }
      await teardown();
    }
    console.info(
      `crash durability: ${figures.edits} edits, ${figures.kills} kill -9 survived, ` +
        `${figures.acked} acknowledged edits, 0 lost, 0 duplicated; edits not yet acknowledged at each kill: ` +
        figures.unacknowledgedAtKill.join(', '),
    );
  }, 1_200_000);
});
