/**
 * Reconnect storm: 300 stock y-websocket clients (eleven or so per delegation, as a working party's
 * laptops and phones) are connected to the real server (`main.ts`, a child process) when it restarts
 * on the same address. They all come back by themselves at once: every one is synced again with the
 * same text as the server, none is refused or closed by a limit, and the server logs no error.
 */
import { readFileSync } from 'node:fs';
import { MEMBER_STATE_CODES } from '@accord/model';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Client,
  connectClient,
  FIXTURE_PATH,
  makeTempDir,
  readTexts,
  type SpawnedServer,
  spawnServer,
  type TestUser,
  teardown,
  typeInto,
  waitSynced,
} from '../server/harness';
import { LONG_RUN } from './run-config';

afterEach(teardown);

const CLIENTS = LONG_RUN ? 1_000 : 300;
/** Close codes by which the server refuses or sheds a connection (not a restart's 1001 or a cut's 1006). */
const REFUSALS = new Set([1003, 1007, 1008, 1009, 1011, 1013]);

process.setMaxListeners(CLIENTS + 50);

describe('reconnect storm', () => {
  it(
    `brings ${CLIENTS} clients back after a restart, all synced, none refused`,
    async () => {
      const dataDir = makeTempDir();
      const first = await spawnServer(dataDir);
      const presidency = await first.createUser('presidency');
      const delegates: TestUser[] = [];
      for (const code of MEMBER_STATE_CODES) delegates.push(await first.createUser('delegate', code));
      const { id } = await first.createDocument(presidency.token, {
        markdown: readFileSync(FIXTURE_PATH, 'utf8'),
      });

      const clients: Client[] = Array.from({ length: CLIENTS }, (_, i) =>
        connectClient(first, id, (delegates[i % delegates.length] as TestUser).token, { acks: true }),
      );
      await Promise.all(clients.map(waitSynced));
      // A few people type, and the text is durable before the restart.
      for (const [i, client] of clients.slice(0, 30).entries()) typeInto(client.doc, i % 5, ` c${i}`);
      await expect
        .poll(() => clients.slice(0, 30).every((c) => (c.acks.at(-1)?.get(c.doc.clientID) ?? 0) > 0), {
          timeout: 30_000,
        })
        .toBe(true);

      const errors: string[] = [];
      const closesBefore = clients.map((c) => c.closeCodes.length);
      first.child.kill('SIGTERM');
      await new Promise((resolve) => first.child.once('exit', resolve));
      const second: SpawnedServer = await spawnServer(dataDir, { PORT: String(first.port) });
      second.child.stderr?.on('data', (chunk: Buffer) => errors.push(chunk.toString()));

      await expect
        .poll(() => clients.filter((c) => c.provider.synced && c.provider.wsconnected).length, {
          timeout: 120_000,
          interval: 100,
        })
        .toBe(CLIENTS);
      const refused = clients.flatMap((c, i) =>
        c.closeCodes
          .slice(closesBefore[i])
          .filter((code) => REFUSALS.has(code))
          .map((code) => `client ${i}: ${code}`),
      );
      expect(refused).toEqual([]);

      const reader = connectClient(second, id, presidency.token);
      await waitSynced(reader);
      const expected = readTexts(reader.doc);
      expect(expected.join(' ')).toContain(' c29');
      await expect
        .poll(() => clients.every((c) => readTexts(c.doc).join('\n') === expected.join('\n')))
        .toBe(true);
      expect((await second.request('GET', '/healthz', null)).status).toBe(200);
      expect(errors).toEqual([]);
      console.info(`reconnect storm: ${CLIENTS} clients reconnected after a restart, all synced, 0 refused`);
    },
    LONG_RUN ? 1_800_000 : 600_000,
  );
});
