import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { KEEP_ALIVE_TIMEOUT_MS, type RunningServer, startServer } from './start-server';
import { openSqliteStore, type SqliteStore } from './store/sqlite/open-sqlite-store';

let store: SqliteStore;
let server: RunningServer;

afterEach(async () => {
  await server.close();
  await store.close();
});

/** One GET on a keep-alive connection: the answer's headers. */
function headersOf(url: string): Promise<Record<string, string | string[] | undefined>> {
  return new Promise((resolve, reject) => {
    const call = request(url, { headers: { connection: 'keep-alive' } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.headers));
    });
    call.on('error', reject);
    call.end();
  });
}

describe('startServer', () => {
  it('keeps an idle connection open for 65 s and tells clients so, so that they let it go first', async () => {
    store = openSqliteStore(':memory:');
    server = await startServer({ store, port: 0, logError: () => {} });
    const headers = await headersOf(`${server.url}/healthz`);
    expect(KEEP_ALIVE_TIMEOUT_MS).toBe(65_000);
    expect(headers.connection).toBe('keep-alive');
    // What fetch (undici) and browsers read to close a pooled connection before the server does.
    expect(headers['keep-alive']).toBe('timeout=65');
  });
});
