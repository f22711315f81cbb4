import { EventSourceParserStream } from 'eventsource-parser/stream';
import { expect } from 'vitest';
import { type App, createApp } from '../app';
import { DocumentEventBus } from '../events/event-bus';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/open-sqlite-store';
import { LiveDocuments } from '../sync/live-documents';

/**
 * A Hono app over an in-memory store with a clock the test moves, and helpers to call it as the
 * users a Council meeting has. For the route tests of positions, consensus, silence, comments, audit
 * and events; `app.request()` only, nothing listens.
 */
export const ADMIN = 'admin-secret-token';

export const MARKDOWN = `# Draft Council conclusions on cyber diplomacy

1. The Council recalls its conclusions on cyber diplomacy.

2. The EU [stands ready] to respond to malicious cyber activities.

3. The Council invites the High Representative to report back.
`;

export interface TestUser {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly delegation: string | null;
  readonly token: string;
}

export interface Kit {
  readonly app: App;
  readonly store: SqliteStore;
  readonly documents: LiveDocuments;
  readonly events: DocumentEventBus;
  /** The app's clock, in ms since the epoch; move it with `clock.set`. */
  readonly clock: { now: number; set(iso: string): void };
  request(
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
  user(role: string, delegation?: string): Promise<TestUser>;
  createDocument(
    token: string,
    markdown?: string,
  ): Promise<{ id: string; blocks: { id: string; text: string }[] }>;
  close(): Promise<void>;
}

export function startKit(): Kit {
  const store = openSqliteStore(':memory:');
  const documents = new LiveDocuments(store, { idleUnloadMs: 60_000 });
  const clock = {
    now: Date.parse('2017-06-07T10:00:00.000Z'),
    set(iso: string) {
      this.now = Date.parse(iso);
    },
  };
  const events = new DocumentEventBus(undefined, () => clock.now);
  let ids = 0;
  const app = createApp({
    store,
    documents,
    events,
    adminToken: ADMIN,
    now: () => clock.now,
    newId: () => `id${++ids}`,
    logError: (message, error) => {
      throw new Error(`${message}: ${String(error)}`);
    },
  });
  const request = async (
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    app.request(path, {
      method,
      headers: {
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  return {
    app,
    store,
    documents,
    events,
    clock,
    request,
    async user(role, delegation) {
      const name = delegation ? `${delegation} ${role}` : role;
      const response = await request('POST', '/api/users', ADMIN, { name, role, delegation });
      expect(response.status).toBe(201);
      return (await response.json()) as TestUser;
    },
    async createDocument(token, markdown = MARKDOWN) {
      const response = await request('POST', '/api/documents', token, { markdown });
      expect(response.status).toBe(201);
      return (await response.json()) as { id: string; blocks: { id: string; text: string }[] };
    },
    async close() {
      await documents.close();
      await store.close();
    },
  };
}

/** The error body of a response, with its status. */
export async function errorOf(
  response: Response,
): Promise<{ status: number; code: string; message: string }> {
  const body = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, ...body.error };
}

export interface SseEvent {
  readonly event: string;
  readonly data: unknown;
  readonly id: string | null;
}

/**
 * Reads a server-sent event stream as it arrives: `events` grows as frames come in (comment lines,
 * the keep-alives, are skipped). `close` cancels the stream, as a browser leaving the page does.
 */
export function readSse(response: Response): { events: SseEvent[]; close(): Promise<void> } {
  const body = response.body;
  if (body === null) throw new Error('the response has no body');
  const events: SseEvent[] = [];
  const reader = body
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(new EventSourceParserStream())
    .getReader();
  void (async () => {
    for (;;) {
      const next = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (next.done) return;
      const { event, id, data } = next.value;
      events.push({ event: event ?? 'message', id: id ?? null, data: JSON.parse(data) });
    }
  })();
  return {
    events,
    close: () => reader.cancel().catch(() => {}),
  };
}
