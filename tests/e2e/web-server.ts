/**
 * A real server on port 0 with its own SQLite file, serving the built web app (apps/web/dist), plus the
 * people of a working party and the fixture document, created through the API as an admin would.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  openSqliteStore,
  type RunningServer,
  type ServerOptions,
  SQLITE_FILE_NAME,
  type SqliteStore,
  startServer,
} from '@accord/server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import {
  ADMIN_TOKEN,
  Api,
  FIXTURE_PATH,
  makeTempDir,
  onTeardown,
  REPO_ROOT,
  type TestUser,
} from '../server/harness';
import { launchChromium } from './browser';

export const WEB_ROOT = join(REPO_ROOT, 'apps/web/dist');

export function assertWebAppBuilt(): void {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) {
    throw new Error(`the web app is not built: run "npm run build -w @accord/web" (looked in ${WEB_ROOT})`);
  }
}

export interface WebServer extends Api {
  readonly store: SqliteStore;
  server: RunningServer;
  /** Stops the server; the store and its data stay. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  restart(): Promise<void>;
}

/** What a test may give the server: its event bus, to watch what the streams are given; its clock. */
export type WebServerOptions = Pick<ServerOptions, 'events' | 'now'>;

/**
 * A clock for the server that a test moves on instead of waiting (a silence deadline is judged by the
 * server's clock): the real time, or `from` (an instant it then runs on from), plus what `advance`
 * added. A page's clock is moved with it (Playwright's `page.clock`) where the page times the same
 * thing. A deadline the tests write out (31 Jul 2099) needs a clock `from` near it: the server takes
 * none further than `MAX_SILENCE_DAYS` ahead.
 */
export function createServerClock(from?: string): { readonly now: () => number; advance(ms: number): void } {
  let ahead = from === undefined ? 0 : Date.parse(from) - Date.now();
  return {
    now: () => Date.now() + ahead,
    advance: (ms) => {
      ahead += ms;
    },
  };
}

export async function startWebServer(extra: WebServerOptions = {}): Promise<WebServer> {
  const dataDir = makeTempDir();
  const store = openSqliteStore(join(dataDir, SQLITE_FILE_NAME));
  onTeardown(() => store.close());
  const options = { ...extra, store, adminToken: ADMIN_TOKEN, webRoot: WEB_ROOT, logError: () => {} };
  const first = await startServer({ ...options, port: 0 });
  const web = Object.assign(new Api(first.url), {
    store,
    server: first,
    stop: async () => {
      await web.server.close();
    },
    async restart() {
      web.server = await startServer({ ...options, port: first.port });
    },
  });
  onTeardown(() => web.server.close());
  return web;
}

export interface WorkingParty {
  readonly server: WebServer;
  readonly presidency: TestUser;
  readonly france: TestUser;
  readonly germany: TestUser;
  readonly archivist: TestUser;
  /** The fixture document (9916/17), created by the Presidency. */
  readonly documentId: string;
}

export async function setUpWorkingParty(extra: WebServerOptions = {}): Promise<WorkingParty> {
  const server = await startWebServer(extra);
  const presidency = await server.createUser('presidency');
  const france = await server.createUser('delegate', 'FR');
  const germany = await server.createUser('delegate', 'DE');
  const archivist = await server.createUser('archivist');
  const { id } = await server.createDocument(presidency.token, {
    markdown: readFileSync(FIXTURE_PATH, 'utf8'),
  });
  return { server, presidency, france, germany, archivist, documentId: id };
}

/** A position given through the API as the delegation's own client would. */
export async function recordPosition(
  party: WorkingParty,
  token: string,
  blockId: string,
  position: string,
  note?: string,
) {
  await putStatement(party, token, `blocks/${blockId}/position`, position, note);
}

/** The Commission's reservation entered through the API as its own client would. */
export async function enterCommissionReservation(
  party: WorkingParty,
  token: string,
  blockId: string,
  position: string,
  note?: string,
) {
  await putStatement(party, token, `blocks/${blockId}/commission-reservation`, position, note);
}

async function putStatement(
  party: WorkingParty,
  token: string,
  path: string,
  position: string,
  note?: string,
) {
  const response = await party.server.request('PUT', `/api/documents/${party.documentId}/${path}`, token, {
    position,
    ...(note === undefined ? {} : { note }),
  });
  if (response.status !== 200) throw new Error(`PUT …/${path} failed: ${await response.text()}`);
}

/** A block of the live document as the server reads it. */
export async function readLiveBlock(party: WorkingParty, index: number) {
  const response = await party.server.request(
    'GET',
    `/api/documents/${party.documentId}`,
    party.france.token,
  );
  const doc = (await response.json()) as { blocks: { id: string; number: string | null; text: string }[] };
  const block = doc.blocks[index];
  if (!block) throw new Error(`no block ${index}`);
  return block;
}

/**
 * Chromium for the tests of one file or `describe`: launched before them, once the built web app is
 * known to be there, and closed after them. Call the result inside a test for the browser.
 */
export function useChromium(): () => Browser {
  let browser: Browser | null = null;
  beforeAll(async () => {
    assertWebAppBuilt();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (browser === null) throw new Error('Chromium is not running: call useChromium() outside a test');
    return browser;
  };
}
