import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { can } from '@accord/model';
import { parse as parseCookies } from 'hono/utils/cookie';
import { type WebSocket, WebSocketServer } from 'ws';
import { type AuthDeps, authenticate, isSameOrigin, SESSION_COOKIE } from '../auth/authenticate';
import { SECURITY_HEADERS } from '../http/security-headers';
import type { Store } from '../store/store';
import { MAX_MESSAGE_BYTES } from './limits';
import type { LiveDocuments } from './live-documents';
import { CloseCode } from './protocol';

const SYNC_PATH = /^\/sync\/([^/]+)\/?$/;

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface SyncEndpointDeps {
  readonly store: Store;
  readonly documents: LiveDocuments;
  readonly auth: AuthDeps;
  /** @default MAX_MESSAGE_BYTES */
  readonly maxMessageBytes?: number;
}

export interface SyncEndpoint {
  /** The `upgrade` listener of the HTTP server. */
  readonly handleUpgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => void;
  /** Terminates every socket still open (after LiveDocuments.close has said goodbye). */
  readonly terminateAll: () => void;
}

/** Answers an upgrade with a plain HTTP error: no WebSocket is ever opened. */
function refuse(socket: Duplex, status: number, message: string): void {
  if (socket.destroyed) return;
  const body = `${message}\n`;
  socket.once('finish', () => socket.destroy());
  const headers = Object.entries(SECURITY_HEADERS).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `${headers.join('')}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * `/sync/:documentId?token=…[&acks=1]`, authorised at the HTTP upgrade: without a valid token (or a
 * session cookie from a same-origin page) 401, for an unknown document 404, and only then a socket.
 */
export function createSyncEndpoint(deps: SyncEndpointDeps): SyncEndpoint {
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    clientTracking: false,
    maxPayload: deps.maxMessageBytes ?? MAX_MESSAGE_BYTES,
  });
  const sockets = new Set<WebSocket>();

  async function authorise(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const match = SYNC_PATH.exec(url.pathname);
    if (match === null) return refuse(socket, 404, 'no such endpoint');
    let documentId: string;
    try {
      documentId = decodeURIComponent(match[1] as string);
    } catch {
      return refuse(socket, 400, 'malformed document id');
    }
    const token = url.searchParams.get('token');
    let auth = null;
    if (token !== null) {
      auth = await authenticate(deps.auth, { type: 'bearer', token });
    } else {
      const sessionId = parseCookies(request.headers.cookie ?? '', SESSION_COOKIE)[SESSION_COOKIE];
      if (sessionId) {
        // Browsers send cookies on cross-site WebSocket upgrades too: only our own pages may use them.
        if (!isSameOrigin(request.headers.origin, request.headers.host)) {
          return refuse(socket, 403, 'cross-origin upgrade refused');
        }
        auth = await authenticate(deps.auth, { type: 'session', sessionId });
      }
    }
    if (auth === null) return refuse(socket, 401, 'a valid token is required');
    if (!can(auth.user.role, 'read')) return refuse(socket, 403, 'this role may not read documents');
    if ((await deps.store.documents.findById(documentId)) === null) {
      return refuse(socket, 404, 'no such document');
    }
    if (socket.destroyed) return;
    // The checks above wait on the store: a server that began to stop meanwhile lets nobody in.
    if (deps.documents.isClosing) return refuse(socket, 503, 'the server is stopping');
    const { user, sessionHash, sessionExpiresAt } = auth;
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      // Signed out (or in as someone else) in this browser, or expired: the socket goes with the session.
      const stopWatching =
        sessionHash === null
          ? () => {}
          : deps.auth.sessionEnds.watch(
              sessionHash,
              () => ws.close(CloseCode.sessionEnded, 'the session ended'),
              sessionExpiresAt,
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
  }

  return {
    handleUpgrade(request, socket, head) {
      // A reset during the asynchronous checks must not become an uncaught error.
      socket.on('error', () => socket.destroy());
      authorise(request, socket, head).catch(() => refuse(socket, 500, 'upgrade failed'));
    },
    terminateAll() {
      for (const ws of sockets) ws.terminate();
      sockets.clear();
    },
  };
}
