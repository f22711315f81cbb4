/**
 * One run of the convergence fuzz, modelled on Yjs's own test helper: five delegates edit one fresh
 * document through the real server while a seeded scheduler decides everything else: which client
 * edits, when its queued frames reach the server, when the server's frames reach it, and when its
 * connection is cut (losing whatever was in flight) or comes back. At the end every client, the
 * server's live document and the document the server reloads from SQLite hold the same state and the
 * same text, and block ids are unique.
 *
 * The server runs in this process on port 0 with a tiny idle-unload delay and snapshot threshold, so
 * documents are also unloaded, compacted and reloaded in the middle of a run.
 */
import { join } from 'node:path';
import { openSqliteStore, SQLITE_FILE_NAME, startServer } from '@accord/server';
import { readDocument } from '@accord/ydoc';
import * as prng from 'lib0/prng';
import { expect } from 'vitest';
import * as Y from 'yjs';
import { ADMIN_TOKEN, Api, makeTempDir, onTeardown, type TestUser } from '../server/harness';
import { HeldSyncClient } from '../support/held-sync-client';
import { applyRandomEdit, type LayoutEditor, readHiddenRestarts, readRawBlockIds } from './layout-edits';

export const CLIENTS = 5;

const INITIAL_MARKDOWN = `# Draft Council conclusions on cyber diplomacy

1. The Council recalls its conclusions on cyber diplomacy<sup>1</sup>.

<sup>1</sup> Doc. 6122/15.

2. The EU [stands ready] to respond to malicious cyber activities.

- Confidence-building measures.

3. The Council invites the High Representative to report back.
`;

export interface ConvergenceServer {
  readonly api: Api;
  readonly presidency: TestUser;
  readonly observer: TestUser;
  readonly delegates: TestUser[];
  readonly isLoaded: (documentId: string) => boolean;
  readonly serverErrors: string[];
}

/** What runs add up to, for the report. */
export interface ConvergenceFigures {
  seeds: number;
  steps: number;
  edits: number;
  cuts: number;
  sent: number;
  delivered: number;
  lost: number;
}

export function createFigures(): ConvergenceFigures {
  return { seeds: 0, steps: 0, edits: 0, cuts: 0, sent: 0, delivered: 0, lost: 0 };
}

/** One server for many seeds (a fresh document each); stopped at teardown. */
export async function startConvergenceServer(): Promise<ConvergenceServer> {
  const store = openSqliteStore(join(makeTempDir(), SQLITE_FILE_NAME));
  onTeardown(() => store.close());
  const serverErrors: string[] = [];
  const server = await startServer({
    store,
    port: 0,
    adminToken: ADMIN_TOKEN,
    // Relays at the end of each server turn, never on the 10 ms timer of a busy document: which
    // updates share a relayed message then depends on the seed alone, so a seed replays exactly.
    sync: { idleUnloadMs: 1, snapshotAfterUpdates: 25, relayMinIntervalMs: 0 },
    logError: (message, error) => serverErrors.push(`${message}: ${String(error)}`),
  });
  onTeardown(() => server.close());
  const api = new Api(server.url);
  return {
    api,
    presidency: await api.createUser('presidency'),
    observer: await api.createUser('observer', 'COM'),
    delegates: await Promise.all(
      ['FR', 'DE', 'NL', 'PL', 'EL'].map((code) => api.createUser('delegate', code)),
    ),
    isLoaded: (id) => server.documents.isLoaded(id),
    serverErrors,
  };
}

function sortedVector(doc: Y.Doc): [number, number][] {
  return [...Y.decodeStateVector(Y.encodeStateVector(doc)).entries()].sort((a, b) => a[0] - b[0]);
}

/** Everything the server holds of the document, fetched by a fresh reader. */
function fetchServerState(setup: ConvergenceServer, documentId: string): Promise<Y.Doc> {
  return HeldSyncClient.fetchDocument({
    syncUrl: setup.api.syncUrl,
    documentId,
    token: setup.observer.token,
  });
}

/** Waits until the server has handled what `sender` put on the wire and the others have received it. */
async function settleAfter(sender: HeldSyncClient, clients: HeldSyncClient[]): Promise<void> {
  await sender.settle();
  await Promise.all(clients.filter((c) => c !== sender).map((c) => c.settle()));
}

async function exchangeUntilIdle(clients: HeldSyncClient[]): Promise<void> {
  for (let round = 0; round < 100; round++) {
    for (const client of clients) await client.send();
    // First everyone's frames are handled; only then is every relay they caused on its way to the others.
    await Promise.all(clients.map((c) => c.settle()));
    await Promise.all(clients.map((c) => c.settle()));
    for (const client of clients) client.deliver();
    if (clients.every((c) => c.idle)) return;
  }
  throw new Error('the clients kept exchanging messages for 100 rounds');
}

/** Runs one seed for `steps` steps; `log` collects what happened, for a failure's message. */
export async function runConvergenceSeed(
  setup: ConvergenceServer,
  seed: number,
  steps: number,
  log: string[],
  figures: ConvergenceFigures = createFigures(),
): Promise<void> {
  const gen = prng.create(seed);
  const { id } = await setup.api.createDocument(setup.presidency.token, { markdown: INITIAL_MARKDOWN });
  const clients = setup.delegates.slice(0, CLIENTS).map((user) => {
    const client = new HeldSyncClient({ syncUrl: setup.api.syncUrl, documentId: id, token: user.token });
    // Client ids decide the order of concurrent inserts: seeded, so a seed replays the same way.
    client.doc.clientID = prng.uint32(gen, 1, 0x7fffffff);
    return client;
  });
  const editors: LayoutEditor[] = clients.map((_, i) => ({ name: `c${i}`, ids: 0 }));
  try {
    // Everyone starts from the document as created, as the editor waits for sync before editing.
    await Promise.all(clients.map((c) => c.connect()));
    await exchangeUntilIdle(clients);

    for (let step = 0; step < steps; step++) {
      figures.steps++;
      const connected = clients.filter((c) => c.connected);
      const offline = clients.filter((c) => !c.connected);
      const roll = prng.uint32(gen, 0, 99);
      if (roll < 45) {
        const i = prng.uint32(gen, 0, CLIENTS - 1);
        const client = clients[i] as HeldSyncClient;
        log.push(`c${i} ${applyRandomEdit(gen, editors[i] as LayoutEditor, client.doc)}`);
        figures.edits++;
      } else if (roll < 65 && connected.some((c) => c.outbox.length > 0)) {
        const client = prng.oneOf(
          gen,
          connected.filter((c) => c.outbox.length > 0),
        );
        const count = prng.uint32(gen, 1, client.outbox.length);
        await client.send(count);
        log.push(`c${clients.indexOf(client)} sends ${count}`);
        await settleAfter(client, connected);
      } else if (roll < 85 && clients.some((c) => c.inbox.length > 0)) {
        const client = prng.oneOf(
          gen,
          clients.filter((c) => c.inbox.length > 0),
        );
        const count = prng.uint32(gen, 1, client.inbox.length);
        client.deliver(count);
        log.push(`c${clients.indexOf(client)} receives ${count}`);
      } else if (roll < 92 && connected.length > 0) {
        const client = prng.oneOf(gen, connected);
        log.push(
          `c${clients.indexOf(client)} cut (${client.outbox.length} out, ${client.inbox.length} in lost)`,
        );
        client.disconnect();
        figures.cuts++;
      } else if (offline.length > 0) {
        const client = prng.oneOf(gen, offline);
        await client.connect();
        log.push(`c${clients.indexOf(client)} reconnects`);
        await settleAfter(
          client,
          clients.filter((c) => c.connected),
        );
      }
    }

    log.push('everyone reconnects and exchanges until idle');
    await Promise.all(clients.map((c) => c.connect()));
    await exchangeUntilIdle(clients);

    const server = await fetchServerState(setup, id);
    const expected = readDocument(server);
    const blockIds = readRawBlockIds(server);
    expect(new Set(blockIds).size, `block ids ${blockIds.join(', ')}`).toBe(blockIds.length);
    expect(readHiddenRestarts(server), 'restarts left on unnumbered blocks').toEqual([]);
    expect(server.store.pendingStructs).toBeNull();
    expect(server.store.pendingDs).toBeNull();
    for (const [i, client] of clients.entries()) {
      expect(sortedVector(client.doc), `state vector of c${i}`).toEqual(sortedVector(server));
      expect(readDocument(client.doc), `content of c${i}`).toEqual(expected);
      expect(client.serverCloses, `connections of c${i} the server closed`).toEqual([]);
    }
    const live = await setup.api.readDocument(setup.presidency.token, id);
    expect(live.blocks.map((b) => b.text)).toEqual(expected.blocks.map((b) => b.text));

    // Unloaded (committed, snapshotted) and loaded again from SQLite alone: still the same.
    for (const client of clients) client.disconnect();
    await expect.poll(() => setup.isLoaded(id), { timeout: 60_000 }).toBe(false);
    const reloaded = await fetchServerState(setup, id);
    expect(sortedVector(reloaded)).toEqual(sortedVector(server));
    expect(readDocument(reloaded)).toEqual(expected);
    expect(setup.serverErrors).toEqual([]);
  } finally {
    for (const client of clients) {
      client.disconnect();
      figures.sent += client.counts.sent;
      figures.delivered += client.counts.delivered;
      figures.lost += client.counts.lost;
    }
  }
}
