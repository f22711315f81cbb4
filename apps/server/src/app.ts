import type { OpenAPIHono } from '@hono/zod-openapi';
import { requireAuthentication } from './auth/auth-middleware';
import { type AuthDeps, SESSION_COOKIE } from './auth/authenticate';
import { SessionEnds } from './auth/session-ends';
import { createId } from './auth/tokens';
import { mountConsensus } from './consensus/mount-consensus';
import { type FormatReader, sharedFormatReader } from './documents/format-reader';
import { DocumentEventBus } from './events/event-bus';
import {
  changingPaths,
  createNotFoundHandler,
  declaredPaths,
  type PathMethods,
  takesMethod,
} from './http/allowed-methods';
import { limitBody } from './http/body-limit';
import { type ProxyTrust, readClient } from './http/client-address';
import { refuseEncodedBodies } from './http/content-encoding';
import { createErrorHandler } from './http/error-handling';
import { declaredBodyTypes } from './http/media-types';
import { refuseChangesWhenLost } from './http/refuse-changes-when-lost';
import { logRequests } from './http/request-log';
import { type AppEnv, createRouter } from './http/router';
import { securityHeaders } from './http/security-headers';
import { documentSharedRefusals } from './http/shared-refusals';
import { StorageFaultLog } from './http/storage-fault-log';
import { serveWebApp } from './http/web-app';
import { createDocumentRoutes } from './routes/documents';
import { createHealthRoutes } from './routes/health';
import { createRevisionApi } from './routes/revision-api';
import { createSessionRoutes } from './routes/session';
import { createUserRoutes } from './routes/users';
import type { Store } from './store/store';
import type { LiveDocuments } from './sync/live-documents';

/** Request bodies above this are refused with 413 (a 2,000-block document in Markdown is about 1 MiB). */
export const MAX_REQUEST_BODY_BYTES = 10 * 1024 * 1024;

/** The OpenAPI document, the one thing under /api a caller reads without credentials. */
export const OPENAPI_PATH = '/api/openapi.json';

export interface AppDeps {
  readonly store: Store;
  readonly documents: LiveDocuments;
  /** This bearer token acts as an admin (`ACCORD_ADMIN_TOKEN`). @default null */
  readonly adminToken?: string | null;
  /** The built web app to serve; nothing is served when it does not exist. @default null */
  readonly webRoot?: string | null;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default createId (16 random URL-safe characters) */
  readonly newId?: () => string;
  /** The documents' live changes, streamed to clients; any route may publish. @default a new bus */
  readonly events?: DocumentEventBus;
  /** @default console.error */
  readonly logError?: (message: string, error: unknown) => void;
  /** Where a session's end is announced (shared with the sync endpoint). @default a new one */
  readonly sessionEnds?: SessionEnds;
  /** Where each request's log line goes (`ACCORD_LOG_REQUESTS`); none are written without it. @default null */
  readonly logRequest?: ((line: string) => void) | null;
  /** The origin users open through a reverse proxy (`ACCORD_PUBLIC_URL`). @default null */
  readonly publicOrigin?: string | null;
  /**
   * The reverse proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed
   * (`ACCORD_TRUSTED_PROXIES`). @default none
   */
  readonly trustProxy?: ProxyTrust;
  /** Below this much free space on the data directory's disk `/healthz` warns. @default LOW_DISK_SPACE_BYTES */
  readonly lowDiskSpaceBytes?: number;
  /** Reads uploads and compares Markdown in worker threads. @default the process's shared reader */
  readonly formats?: FormatReader;
}

export type App = OpenAPIHono<AppEnv>;

/** The HTTP side of the server: API, login, health, OpenAPI document and the web app. No listening here. */
export function createApp(deps: AppDeps): App {
  const now = deps.now ?? Date.now;
  const newId = deps.newId ?? createId;
  const events = deps.events ?? new DocumentEventBus(deps.logError, now);
  const sessionEnds = deps.sessionEnds ?? new SessionEnds(now);
  const formats = deps.formats ?? sharedFormatReader();
  const auth: AuthDeps = {
    store: deps.store,
    adminToken: deps.adminToken ?? null,
    now,
    sessionEnds,
    publicOrigin: deps.publicOrigin ?? null,
  };
  const logError =
    deps.logError ??
    ((message: string, error: unknown) =>
      error === undefined ? console.error(message) : console.error(message, error));
  const storageFaults = new StorageFaultLog(logError);
  const app = createRouter();

  app.use('*', readClient(deps.trustProxy ?? (() => false)));
  // Before the others, so a request refused by any middleware after it is logged too, with its status.
  if (deps.logRequest) app.use('*', logRequests(deps.logRequest, now));
  app.use('*', securityHeaders());

  app.use('/api/*', limitBody(MAX_REQUEST_BODY_BYTES));
  const authenticated = requireAuthentication(auth);
  // Public, and so is what becomes of it with a trailing slash: the 404 that points to it.
  app.use('/api/*', async (c, next) =>
    c.req.path.replace(/\/+$/, '') === OPENAPI_PATH ? next() : authenticated(c, next),
  );
  app.use('*', refuseEncodedBodies);
  // Filled once every route is in (below).
  let changes: readonly PathMethods[] = [];
  const isChange = (method: string, path: string) => takesMethod(changes, method, path);
  app.use('*', refuseChangesWhenLost(deps.store, isChange));
  app.use('*', storageFaults.endOnSavedChange(isChange));

  app.route('/', createHealthRoutes({ store: deps.store, lowDiskSpaceBytes: deps.lowDiskSpaceBytes }));
  app.route('/', createSessionRoutes(auth));
  app.route('/', createUserRoutes({ store: deps.store, now, sessionEnds }));
  app.route(
    '/',
    createDocumentRoutes({ store: deps.store, documents: deps.documents, events, now, newId, formats }),
  );
  mountConsensus(app, { store: deps.store, documents: deps.documents, events, sessionEnds, now, newId });
  app.route(
    '/',
    createRevisionApi({ store: deps.store, documents: deps.documents, events, now, newId, formats }),
  );

  documentSharedRefusals(app);
  declareAuthentication(app);
  app.doc31(OPENAPI_PATH, {
    openapi: '3.1.0',
    // Every route takes either; the public ones (health, login) say they need none.
    security: [{ bearer: [] }, { session: [] }],
    info: {
      title: 'Accord',
      version: '0.0.0',
      description: 'Real-time drafting and consensus for EU Council texts',
    },
  });

  serveWebApp(app, deps.webRoot ?? null);
  // Read once every route is in: only a route that may change something is refused while lost.
  changes = changingPaths(app);
  // Set once every route is in: a 405 names the methods of the path called.
  app.notFound(
    createNotFoundHandler([
      ...declaredPaths(app),
      { pattern: /^\/api\/openapi\.json$/, methods: ['GET', 'HEAD'] },
    ]),
  );
  // Set once every route is in: a 415 names what the route called takes.
  app.onError(createErrorHandler(logError, declaredBodyTypes(app), storageFaults));
  return app;
}

/** The two ways in, as generated clients read them: a user's token, or the session a login link opened. */
function declareAuthentication(app: App): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description:
      'A user’s token (`POST /api/users` returns it once; the demo prints them in its login links), or `ACCORD_ADMIN_TOKEN`',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description:
      'The browser session a login link opens (`GET /login`); a change sent with it must come from this site (`Origin`)',
  });
}
