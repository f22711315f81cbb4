import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener, RequestError } from '@hono/node-server';
import { type AppDeps, createApp } from './app';
import { SessionEnds } from './auth/session-ends';
import { answerClientError, answerConnect, answerUnmetExpectation } from './http/client-errors';
import type { ErrorBody } from './http/error-handling';
import { RequestsInProgress } from './http/requests-in-progress';
import { SECURITY_HEADERS } from './http/security-headers';
import type { Store } from './store/store';
import { type CloseReport, LiveDocuments, type SyncOptions } from './sync/live-documents';
import { createSyncEndpoint } from './sync/sync-endpoint';

export interface ServerOptions extends Omit<AppDeps, 'documents'> {
  readonly store: Store;
  /** 0 picks a free port. @default 8080 */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  readonly sync?: SyncOptions;
  /** @default MAX_MESSAGE_BYTES */
  readonly maxMessageBytes?: number;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:8080 */
  readonly url: string;
  readonly port: number;
  readonly documents: LiveDocuments;
  /**
   * Stops listening, lets the requests in progress be answered (for `DRAIN_LIMIT_MS` at most), then
   * closes sockets, commits and snapshots every document: what it flushed, and how many requests it
   * had to cut. The store stays open.
   */
  close(): Promise<StopReport>;
}

export interface StopReport extends CloseReport {
  /** Requests still unanswered after `DRAIN_LIMIT_MS`, whose connections were closed. */
  readonly requestsCut: number;
}

/**
 * How long a stop waits for the requests in progress to be answered: a revision being read or a
 * comment being written answered, rather than its connection closed on it (its sender could not tell
 * whether it was kept). Within the stop's own limit (`STOP_LIMIT_MS`, 10 s), with time left to flush.
 */
export const DRAIN_LIMIT_MS = 5_000;

/**
 * How long an idle keep-alive connection stays open. Node's 5 s default let a client reuse a
 * connection the server was closing: a reset the client sees as a failed request (fetch does not
 * retry it). The event loop stalling for 5 s between two requests of one client (a slow fsync, a
 * starved VM) did exactly that in the tests. 65 s also outlasts the 60 s idle limit of the usual load
 * balancers and proxies, which must close first.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** Starts one process, one port: the Hono app and the sync endpoint on the same HTTP server. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const documents = new LiveDocuments(options.store, options.sync);
  const sessionEnds = new SessionEnds(options.now);
  const app = createApp({ ...options, documents, sessionEnds });
  const server = createServer(
    // Node's own check answered a request without Host with a bare 400; the adapter refuses it too,
    // through `answerUnreadableRequest`, with the JSON error.
    { requireHostHeader: false },
    getRequestListener(app.fetch, { errorHandler: answerUnreadableRequest }),
  );
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  const inProgress = new RequestsInProgress(server);
  // What Node's server would answer itself (a request its parser refuses, an Expect it cannot meet, a
  // CONNECT) gets the JSON error too.
  server.on('clientError', answerClientError);
  server.on('checkExpectation', answerUnmetExpectation);
  server.on('connect', answerConnect);
  const sync = createSyncEndpoint({
    store: options.store,
    documents,
    auth: {
      store: options.store,
      adminToken: options.adminToken ?? null,
      now: options.now ?? Date.now,
      sessionEnds,
      publicOrigin: options.publicOrigin ?? null,
    },
    maxMessageBytes: options.maxMessageBytes,
    logRequest: options.logRequest ?? null,
    trustProxy: options.trustProxy,
    now: options.now,
  });
  server.on('upgrade', sync.handleUpgrade);

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<StopReport> | null = null;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    documents,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const requestsCut = await inProgress.waitForNone(DRAIN_LIMIT_MS);
        const report = await documents.close();
        sync.terminateAll();
        server.closeAllConnections();
        await stopped;
        return { ...report, requestsCut };
      })();
      return closing;
    },
  };
}

/**
 * A request the app never sees, because no URL can be built from it (`GET *`, a Host of `[`): the same
 * JSON error body and security headers as every other answer, not the adapter's bare 400.
 */
function answerUnreadableRequest(error: unknown): Response {
  const unreadable = error instanceof RequestError;
  const body: ErrorBody = unreadable
    ? { error: { code: 'bad-request', message: 'the request line or its Host header cannot be read' } }
    : { error: { code: 'internal', message: 'the server failed to handle this request' } };
  return new Response(JSON.stringify(body), {
    status: unreadable ? 400 : 500,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'application/json' },
  });
}
