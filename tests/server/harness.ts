import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  openSqliteStore,
  type RunningServer,
  SERVER_BUNDLE,
  SQLITE_FILE_NAME,
  type SqliteStore,
  type SyncOptions,
  startServer,
} from '@accord/server';
import { readDocument } from '@accord/ydoc';
import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

export const ADMIN_TOKEN = 'test-admin-token';
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURE_PATH = join(REPO_ROOT, 'tests/fixtures/council-9916-17.md');

/** A numbered text of two paragraphs, small enough to take through a silence procedure and forward. */
export const SMALL_TEXT = `**Brussels, 7 June 2017**

**9999/17**

---

**Subject:** Draft Council conclusions on a small matter

---

DRAFT COUNCIL CONCLUSIONS ON A SMALL MATTER

1. The Council welcomes the small matter.
2. The Council invites the Commission to report.
`;

// Each y-websocket provider in Node adds a process 'exit' listener; twenty clients are expected here.
process.setMaxListeners(100);

/** Everything a test starts, stopped in reverse order by `teardown`, with where it was registered. */
const cleanups: { readonly run: () => unknown; readonly registeredAt: string }[] = [];

/**
 * How long one cleanup may take before the teardown fails naming it: a hook that hung for Vitest's
 * whole timeout said only "Hook timed out", not whether a browser, a server or a store would not stop.
 */
const CLEANUP_LIMIT_MS = 60_000;

export function onTeardown(cleanup: () => unknown): void {
  const registeredAt =
    new Error().stack
      ?.split('\n')
      .slice(2)
      .find((line) => !line.includes('harness.ts'))
      ?.trim() ?? 'an unknown place';
  cleanups.push({ run: cleanup, registeredAt });
}

export async function teardown(): Promise<void> {
  for (const { run, registeredAt } of cleanups.splice(0).reverse()) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const hung = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(`the cleanup registered ${registeredAt} did not finish in ${CLEANUP_LIMIT_MS} ms`),
          ),
        CLEANUP_LIMIT_MS,
      );
    });
    try {
      await Promise.race([run(), hung]);
    } finally {
      clearTimeout(timer);
    }
  }
}

export function makeTempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'accord-test-'));
  onTeardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A block as `GET /api/documents/:id` gives it. */
export interface LiveBlock {
  readonly id: string;
  readonly text: string;
  readonly number: string | null;
}

export interface TestUser {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly delegation: string | null;
  readonly token: string;
}

/** A running server's HTTP side, as a client sees it. */
export class Api {
  constructor(readonly url: string) {}

  get syncUrl(): string {
    return `${this.url.replace(/^http/, 'ws')}/sync`;
  }

  async request(method: string, path: string, token: string | null, body?: unknown): Promise<Response> {
    return fetch(`${this.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async createUser(role: string, delegation?: string): Promise<TestUser> {
    const name = delegation ? `${delegation} ${role}` : role;
    const response = await this.request('POST', '/api/users', ADMIN_TOKEN, { name, role, delegation });
    if (response.status !== 201) throw new Error(`creating a user failed: ${await response.text()}`);
    return (await response.json()) as TestUser;
  }

  async createDocument(token: string, body: Record<string, string>): Promise<{ id: string }> {
    const response = await this.request('POST', '/api/documents', token, body);
    if (response.status !== 201) throw new Error(`creating a document failed: ${await response.text()}`);
    return (await response.json()) as { id: string };
  }

  async readDocument(token: string, id: string): Promise<{ blocks: LiveBlock[] }> {
    const response = await this.request('GET', `/api/documents/${id}`, token);
    if (response.status !== 200) throw new Error(`reading a document failed: ${await response.text()}`);
    return (await response.json()) as { blocks: LiveBlock[] };
  }
}

export interface InProcessServer extends Api {
  readonly server: RunningServer;
  readonly store: SqliteStore;
  readonly dataDir: string;
}

/** A real server on port 0 in this process, with its own SQLite file. */
export async function startTestServer(
  options: {
    sync?: SyncOptions;
    maxMessageBytes?: number;
    dataDir?: string;
    /** The server's clock. */
    now?: () => number;
    /** Where the server's own failures go (nowhere by default). */
    logError?: (message: string, error: unknown) => void;
    /** Below this much free disk space `/healthz` warns. */
    lowDiskSpaceBytes?: number;
  } = {},
): Promise<Api & { server: RunningServer; store: SqliteStore; dataDir: string }> {
  const dataDir = options.dataDir ?? makeTempDir();
  const store = openSqliteStore(join(dataDir, SQLITE_FILE_NAME));
  onTeardown(() => store.close());
  const server = await startServer({
    store,
    port: 0,
    adminToken: ADMIN_TOKEN,
    sync: options.sync,
    maxMessageBytes: options.maxMessageBytes,
    ...(options.now ? { now: options.now } : {}),
    ...(options.lowDiskSpaceBytes === undefined ? {} : { lowDiskSpaceBytes: options.lowDiskSpaceBytes }),
    logError: options.logError ?? (() => {}),
  });
  onTeardown(() => server.close());
  return Object.assign(new Api(server.url), { server, store, dataDir });
}

export interface SpawnedServer extends Api {
  readonly child: ChildProcess;
  readonly port: number;
  /** What it has printed so far, stdout and stderr. */
  output(): string;
}

/**
 * The real entry point (`main.ts`, bundled) as a child process, so it can be killed with SIGKILL.
 * Bundled (by Vitest's global setup, from the sources as they are), it starts without compiling
 * hundreds of files through tsx each time.
 */
export async function spawnServer(dataDir: string, env: Record<string, string> = {}): Promise<SpawnedServer> {
  const child = spawn(process.execPath, [SERVER_BUNDLE], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: '0',
      ACCORD_DATA_DIR: dataDir,
      ACCORD_ADMIN_TOKEN: ADMIN_TOKEN,
      ACCORD_DEMO: '0',
      // The tests read what the server prints at start; a line per request would only bury it.
      ACCORD_LOG_REQUESTS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onTeardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match) resolveUrl(match[1] as string);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) =>
      reject(new Error(`the server exited (${code}) before listening:\n${output}`)),
    );
  });
  return Object.assign(new Api(url), { child, port: Number(new URL(url).port), output: () => output });
}

/** Kills with SIGKILL and waits until the process is gone. */
export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
  child.kill('SIGKILL');
  await exited;
}

export interface Client {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  /** State vectors from durable messages, newest last (only with `acks`). */
  readonly acks: Map<number, number>[];
  /** Close codes the server sent, in order. */
  readonly closeCodes: number[];
}

/** A stock y-websocket client (the library the web app uses), with acks read from message type 100. */
export function connectClient(
  api: Api,
  documentId: string,
  token: string,
  options: { acks?: boolean; doc?: Y.Doc; connect?: boolean } = {},
): Client {
  const doc = options.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(api.syncUrl, documentId, doc, {
    params: { token, ...(options.acks ? { acks: '1' } : {}) },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    // Same-process providers would otherwise sync through BroadcastChannel, around the server.
    disableBc: true,
    connect: options.connect ?? true,
    maxBackoffTime: 200,
  });
  const acks: Map<number, number>[] = [];
  const closeCodes: number[] = [];
  provider.messageHandlers[100] = (_encoder, decoder) => {
    acks.push(Y.decodeStateVector(decoding.readVarUint8Array(decoder)));
  };
  provider.on('connection-close', (event) => {
    if (event) closeCodes.push(event.code);
  });
  onTeardown(() => {
    provider.destroy();
    if (!options.doc) doc.destroy();
  });
  return { doc, provider, acks, closeCodes };
}

export async function waitSynced(client: Client): Promise<void> {
  if (client.provider.synced) return;
  await new Promise<void>((resolveSynced) => {
    const onSync = (synced: boolean) => {
      if (!synced) return;
      client.provider.off('sync', onSync);
      resolveSynced();
    };
    client.provider.on('sync', onSync);
  });
}

/** The plain text of every block, in order, as the server reads it. */
export function readTexts(doc: Y.Doc): string[] {
  return readDocument(doc).blocks.map((block) => block.text);
}

/** Types `text` at the end of block `index` as one Yjs transaction (one keystroke batch). */
export function typeInto(doc: Y.Doc, index: number, text: string): void {
  const block = doc.getXmlFragment('default').get(index);
  if (!(block instanceof Y.XmlElement)) throw new Error(`no block ${index}`);
  doc.transact(() => {
    let run = block.toArray().find((child): child is Y.XmlText => child instanceof Y.XmlText);
    if (!run) {
      run = new Y.XmlText();
      block.insert(0, [run]);
    }
    run.insert(run.length, text);
  });
}

/** Opens a raw WebSocket upgrade and reports the HTTP status if it is refused. */
export function tryUpgrade(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; opened: boolean }> {
  return new Promise((resolveResult) => {
    const ws = new WebSocket(url, { headers });
    ws.once('unexpected-response', (_request, response) => {
      resolveResult({ status: response.statusCode ?? 0, opened: false });
      ws.terminate();
    });
    ws.once('open', () => {
      resolveResult({ status: 101, opened: true });
      ws.close();
    });
    ws.once('error', () => {});
  });
}
