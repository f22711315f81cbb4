import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { can } from '@accord/model';
import { parse as parseCookies } from 'hono/utils/cookie';
import { type WebSocket, WebSocketServer } from 'ws';
import {
  type AuthDeps,
  authenticate,
  isSameOrigin,
  readCredentials,
  SESSION_COOKIE,
} from '../auth/authenticate';
import { type ProxyTrust, readClientOf } from '../http/client-address';
import { writeRawError } from '../http/raw-error';
import { formatRequestLine } from '../http/request-log';
import type { Store } from '../store/store';
import { MAX_MESSAGE_BYTES } from './limits';
import type { LiveDocuments } from './live-documents';
import { CloseCode } from './protocol';

const SYNC_PATH = /^\/sync\/([^/]+)\/?$/;

export interface SyncEndpointDeps {
  readonly store: Store;
  readonly documents: LiveDocuments;
  readonly auth: AuthDeps;
  /** @default MAX_MESSAGE_BYTES */
  readonly maxMessageBytes?: number;
  /** Where each upgrade's request log line goes, as the app's requests' (`ACCORD_LOG_REQUESTS`). @default null */
  readonly logRequest?: ((line: string) => void) | null;
  /** The reverse proxies whose `X-Forwarded-For` names the client in that line. @default none */
  readonly trustProxy?: ProxyTrust;
  /** @default Date.now */
  readonly now?: () => number;
}

export interface SyncEndpoint {
  /** The `upgrade` listener of the HTTP server. */
  readonly handleUpgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => void;
  /** Terminates every socket still open (after LiveDocuments.close has said goodbye). */
  readonly terminateAll: () => void;
}

/**
 * `/sync/:documentId?token=…[&acks=1]`, authorised at the HTTP upgrade: without a valid token (in the
 * query or an `Authorization: Bearer` header) or a session cookie from a same-origin page 401, for an
 * unknown document 404, and only then a socket.
 */
export function createSyncEndpoint(deps: SyncEndpointDeps): SyncEndpoint {
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    clientTracking: false,
    maxPayload: deps.maxMessageBytes ?? MAX_MESSAGE_BYTES,
  });
  const sockets = new Set<WebSocket>();

  /** The status answered: a refusal's, or 101 once the socket is open. */
  async function authorise(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<number> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const match = SYNC_PATH.exec(url.pathname);
    if (match === null) return refuse(socket, 404, 'not-found', 'no such endpoint');
    let documentId: string;
    try {
      documentId = decodeURIComponent(match[1] as string);
    } catch {
      return refuse(socket, 400, 'bad-request', 'malformed document id');
    }
    const token = url.searchParams.get('token');
    const authorization = request.headers.authorization;
    let auth = null;
    if (token !== null) {
      auth = await authenticate(deps.auth, { type: 'bearer', token });
    } else if (authorization !== undefined) {
      // As the API reads it: a client that can set headers (Node's `ws`) keeps the token out of the URL,
      // and so out of proxies' logs. Browsers set no header here, so no origin check is needed.
      auth = await authenticate(deps.auth, readCredentials(authorization, undefined));
    } else {
      const sessionId = parseCookies(request.headers.cookie ?? '', SESSION_COOKIE)[SESSION_COOKIE];
      if (sessionId) {
        // Browsers send cookies on cross-site WebSocket upgrades too: only our own pages may use them.
        if (!isSameOrigin(request.headers.origin, request.headers.host, deps.auth.publicOrigin ?? null)) {
          return refuse(socket, 403, 'forbidden', 'cross-origin upgrade refused');
        }
        auth = await authenticate(deps.auth, { type: 'session', sessionId });
      }
    }
    if (auth === null) return refuse(socket, 401, 'unauthorized', 'a valid token is required');
    if (!can(auth.user.role, 'read'))
      return refuse(socket, 403, 'forbidden', 'this role may not read documents');
    if ((await deps.store.documents.findById(documentId)) === null) {
      return refuse(socket, 404, 'document-not-found', 'no such document');
    }
    // nginx's code for a client that went away before it was answered.
    if (socket.destroyed) return 499;
    // The checks above wait on the store: a server that began to stop meanwhile lets nobody in.
    if (deps.documents.isClosing) return refuse(socket, 503, 'server-stopping', 'the server is stopping');
    const { user } = auth;
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      // Signed out (or in as someone else) in this browser, expired, or the user's access revoked: the
      // socket goes with it.
      const stopWatching = deps.auth.sessionEnds.watchConnection(auth, () =>
        ws.close(CloseCode.sessionEnded, 'the session ended'),
      );
      ws.once('close', () => {
        sockets.delete(ws);
        stopWatching();
      });
      deps.documents.connect(ws, user, documentId, {
        readOnly: !can(user.role, 'edit'),
        mayChangeHeader: can(user.role, 'edit-header'),
        acks: url.searchParams.get('acks') === '1',
      });
    });
    return 101;
  }

  return {
    handleUpgrade(request, socket, head) {
      const receivedAt = (deps.now ?? Date.now)();
      const started = performance.now();
      // A reset during the asynchronous checks must not become an uncaught error.
      socket.on('error', () => socket.destroy());
      authorise(request, socket, head)
        .catch(() => refuse(socket, 500, 'internal', 'upgrade failed'))
        .then((status) =>
          deps.logRequest?.(
            formatRequestLine({
              receivedAt,
              address: readClientOf(request, deps.trustProxy ?? (() => false))?.address ?? null,
              method: request.method ?? 'GET',
              url: request.url ?? '/',
              status,
              tookMs: performance.now() - started,
            }),
          ),
        );
    },
    terminateAll() {
      for (const ws of sockets) ws.terminate();
      sockets.clear();
    },
  };
}

function refuse(socket: Duplex, status: number, code: string, message: string): number {
  writeRawError(socket, status, code, message);
  return status;
}
