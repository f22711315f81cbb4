/**
 * `GET /healthz` as a monitor reads it: 200 while the server can keep what it is sent, 503 saying why
 * when it cannot.
 */
import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, spawnServer, teardown } from './harness';

afterEach(teardown);

async function health(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}/healthz`);
  return { status: response.status, body: await response.json() };
}

describe('GET /healthz', () => {
  it('is 200 while the database is where the server opened it', async () => {
    const server = await spawnServer(makeTempDir());
    expect(await health(server.url)).toEqual({ status: 200, body: { ok: true } });
  });

  // SQLite goes on writing a file that was deleted or moved: every edit acknowledged after it is gone
  // at the next start, so the monitor must hear of it at once.
  it.each([
    ['deleted', (dataDir: string) => rmSync(dataDir, { recursive: true, force: true })],
    ['moved away', (dataDir: string) => renameSync(dataDir, `${dataDir}-moved`)],
  ])('is 503 naming the data directory once it was %s', async (_what, remove) => {
    const parent = makeTempDir();
    const dataDir = join(parent, 'data');
    const server = await spawnServer(dataDir);
    remove(dataDir);
    const { status, body } = await health(server.url);
    expect(status).toBe(503);
    expect(body).toEqual({
      ok: false,
      problem: `the database ${join(dataDir, 'accord.sqlite')} is no longer there (deleted or moved): the next start would not find what is written now; stop the server and put the data directory back`,
    });
  });
});
