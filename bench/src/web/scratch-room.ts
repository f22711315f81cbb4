/**
 * What the scratch measurements of the drafting room share (`typing-latency.ts`, `remote-typing.ts`,
 * `consensus-refetch.ts`): a real server in this process on a temporary SQLite file, a generated
 * document, delegates typing through the stock y-websocket provider, a headless Chromium signed in as
 * one of them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore, SQLITE_FILE_NAME, startServer } from '@accord/server';
import { launchChromium } from '@accord/tests/chromium';
import { getFragment } from '@accord/ydoc';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { generateDocument, renderDocumentMarkdown } from '../harness/content';

const ADMIN_TOKEN = 'scratch-room-admin';

/** Member States in the order the scratch measurements hand them to their typists and viewers. */
export const DELEGATIONS =
  'BE BG CZ DK EE IE EL ES HR IT CY LV LT LU HU MT NL AT PL PT RO SI SK FI SE FR DE'.split(' ');

export interface ScratchUser {
  readonly id: string;
  readonly token: string;
}

export interface ScratchServer {
  readonly url: string;
  /** Where the y-websocket provider connects: `ws://…/sync`. */
  readonly syncUrl: string;
  /** An API call as `token`, its JSON answer; a 4xx or 5xx throws. */
  request(method: string, path: string, token: string, body?: unknown): Promise<unknown>;
  createUser(role: string, delegation?: string): Promise<ScratchUser>;
  /** A document of `blocks` generated blocks, created by a new Presidency user; its id. */
  createDocument(blocks: number, number: string): Promise<string>;
  close(): Promise<void>;
}

export async function startScratchServer(webRoot?: string): Promise<ScratchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'accord-scratch-'));
  const store = openSqliteStore(join(dataDir, SQLITE_FILE_NAME));
  const server = await startServer({
    store,
    port: 0,
    adminToken: ADMIN_TOKEN,
    ...(webRoot === undefined ? {} : { webRoot }),
    logError: (message, error) => console.error(message, error),
  });
  const request = async (method: string, path: string, token: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status >= 400)
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<unknown>;
  };
  const createUser = (role: string, delegation?: string) =>
    request('POST', '/api/users', ADMIN_TOKEN, {
      name: `${delegation ?? ''} ${role}`,
      role,
      delegation,
    }) as Promise<ScratchUser>;
  return {
    url: server.url,
    syncUrl: `${server.url.replace(/^http/, 'ws')}/sync`,
    request,
    createUser,
    async createDocument(blocks, number) {
      const presidency = await createUser('presidency');
      const content = generateDocument(blocks, 7);
      const markdown = renderDocumentMarkdown({ ...content, metadata: { ...content.metadata, number } });
      const { id } = (await request('POST', '/api/documents', presidency.token, { markdown })) as {
        id: string;
      };
      return id;
    },
    async close() {
      await server.close();
      store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface YClient {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  /** Resolves once the server's state is in `doc`. */
  readonly synced: Promise<void>;
  destroy(): void;
}

/** A delegate's client through the stock y-websocket provider (durable acks ignored). */
export function connectYClient(syncUrl: string, documentId: string, token: string): YClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(syncUrl, documentId, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  provider.messageHandlers[100] = () => {};
  const synced = new Promise<void>((resolve) => {
    const onSync = (isSynced: boolean) => {
      if (!isSynced) return;
      provider.off('sync', onSync);
      resolve();
    };
    provider.on('sync', onSync);
  });
  return {
    doc,
    provider,
    synced,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Types one character a tick at the start of block `index`, 5 a second; returns the stop. */
export function typeEvery200Ms(doc: Y.Doc, index: number): () => void {
  let typed = 0;
  const timer = setInterval(() => {
    const block = getFragment(doc).get(index);
    const text = block instanceof Y.XmlElement ? block.get(0) : null;
    if (text instanceof Y.XmlText) text.insert(0, 'abcdefghij'[typed++ % 10] as string);
  }, 200);
  return () => clearInterval(timer);
}

export { launchChromium };

/** A browser context signed in as `token` through its login link, at the desktop size measured. */
export async function signedInContext(browser: Browser, url: string, token: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: url, viewport: { width: 1400, height: 1000 } });
  context.setDefaultTimeout(120_000);
  const signIn = await context.request.get(`/login?token=${encodeURIComponent(token)}`, { maxRedirects: 0 });
  if (signIn.status() !== 302) throw new Error(`the login link answered ${signIn.status()}`);
  return context;
}

/** Opens the drafting room of document `id` and waits for its `blocks` paragraphs and their margins. */
export async function openRoom(page: Page, id: string, blocks: number): Promise<void> {
  await page.goto(`/documents/${encodeURIComponent(id)}`);
  await page.waitForFunction(
    (count) => document.querySelectorAll('.council-body > [data-id]').length === count,
    blocks,
  );
  await page.waitForFunction((count) => document.querySelectorAll('.block-margin').length === count, blocks);
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}
