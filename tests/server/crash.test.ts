import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  ADMIN_TOKEN,
  type Client,
  connectClient,
  killHard,
  makeTempDir,
  readTexts,
  spawnServer,
  teardown,
  typeInto,
  waitSynced,
} from './harness';

afterEach(teardown);

const CLIENTS = 10;
const MEMBER_STATES = ['BE', 'BG', 'CZ', 'DK', 'DE', 'EE', 'IE', 'EL', 'ES', 'FR'];

function clockOf(doc: Y.Doc): number {
  return Y.decodeStateVector(Y.encodeStateVector(doc)).get(doc.clientID) ?? 0;
}

function ackedClock(client: Client): number {
  return Math.max(0, ...client.acks.map((ack) => ack.get(client.doc.clientID) ?? 0));
}

describe('crash durability', () => {
  it('keeps every acknowledged edit through kill -9 while 10 clients type, and all converge after restart', async () => {
    const dataDir = makeTempDir();
    const first = await spawnServer(dataDir);
    const presidency = await first.createUser('presidency');
    const users = await Promise.all(
      MEMBER_STATES.slice(0, CLIENTS).map((code) => first.createUser('delegate', code)),
    );
    const { id } = await first.createDocument(presidency.token, { number: '7923/17', title: 'Crash test' });

    const clients = users.map((user) => connectClient(first, id, user.token, { acks: true }));
    await Promise.all(clients.map(waitSynced));
    // Each edit is a token like "c3e17;" and the clock the client reached with it.
    const edits = clients.map(() => [] as { token: string; clock: number }[]);
    let typing = true;
    const typers = clients.map((client, i) => {
      const timer = setInterval(() => {
        if (!typing) return;
        const token = `c${i}e${edits[i]?.length};`;
        typeInto(client.doc, 0, token);
        edits[i]?.push({ token, clock: clockOf(client.doc) });
      }, 3);
      return timer;
    });

    // Kill while typing goes on, once every client has had several edits acknowledged.
    await expect.poll(() => clients.every((c) => ackedClock(c) >= 30), { timeout: 30_000 }).toBe(true);
    await killHard(first.child);
    typing = false;
    for (const timer of typers) clearInterval(timer);
    for (const client of clients) client.provider.disconnect();
    const acked = clients.map((client, i) => (edits[i] ?? []).filter((e) => e.clock <= ackedClock(client)));
    expect(acked.every((list) => list.length > 0)).toBe(true);

    const second = await spawnServer(dataDir);
    // Before any client reconnects: the server alone has every acknowledged edit.
    const stored = (await second.readDocument(presidency.token, id)).blocks[0]?.text ?? '';
    for (const list of acked) for (const edit of list) expect(stored).toContain(edit.token);

    // The same Y.Docs reconnect to the new port and send what the server never received.
    const again = users.map((user, i) => connectClient(second, id, user.token, { doc: clients[i]?.doc }));
    await Promise.all(again.map(waitSynced));
    const reader = connectClient(second, id, presidency.token);
    await waitSynced(reader);
    await expect
      .poll(() => again.every((client) => readTexts(client.doc)[0] === readTexts(reader.doc)[0]), {
        timeout: 30_000,
      })
      .toBe(true);
    const converged = readTexts(reader.doc)[0] ?? '';
    for (const list of edits) for (const edit of list) expect(converged).toContain(edit.token);
    const total = edits.reduce((n, list) => n + list.length, 0);
    expect(converged.split(';').length - 1).toBe(total);
    expect((await second.request('GET', '/healthz', ADMIN_TOKEN)).status).toBe(200);
  });
});
