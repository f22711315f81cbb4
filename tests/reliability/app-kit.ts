/**
 * The server's HTTP side as `createApp` builds it, over a real SQLite file, called with `app.request()`
 * (nothing listens): fast enough to try every pair of delegations on every route.
 */
import { join } from 'node:path';
import { MEMBER_STATE_CODES } from '@accord/model';
import {
  type App,
  createApp,
  DocumentEventBus,
  LiveDocuments,
  openSqliteStore,
  SQLITE_FILE_NAME,
  type SqliteStore,
  type User,
} from '@accord/server';
import { ADMIN_TOKEN, makeTempDir, onTeardown, type TestUser } from '../server/harness';

export interface AppKit {
  readonly app: App;
  readonly store: SqliteStore;
  readonly documents: LiveDocuments;
  /** The app's clock in ms; tests move it. */
  readonly clock: { now: number };
  /** One delegate per Member State, in protocol order. */
  readonly delegates: ReadonlyMap<string, TestUser>;
  readonly presidency: TestUser;
  readonly usersById: ReadonlyMap<string, User>;
  request(
    method: string,
    path: string,
    token: string | null,
    options?: { body?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
  createUser(role: string, delegation?: string): Promise<TestUser>;
}

/** Paragraphs enough for one per Member State and some to spare. */
export function numberedMarkdown(paragraphs: number): string {
  const lines = ['# Draft Council conclusions', ''];
  for (let i = 1; i <= paragraphs; i++)
    lines.push(`${i}. Paragraph ${i} of the draft [under discussion].`, '');
  return lines.join('\n');
}

export async function startAppKit(): Promise<AppKit> {
  const store = openSqliteStore(join(makeTempDir(), SQLITE_FILE_NAME));
  const documents = new LiveDocuments(store, { idleUnloadMs: 60_000 });
  onTeardown(async () => {
    await documents.close();
    await store.close();
  });
  const clock = { now: Date.parse('2017-06-07T10:00:00.000Z') };
  const errors: string[] = [];
  const app = createApp({
    store,
    documents,
    events: new DocumentEventBus(),
    adminToken: ADMIN_TOKEN,
    now: () => clock.now,
    logError: (message, error) => errors.push(`${message}: ${String(error)}`),
  });
  onTeardown(() => {
    if (errors.length > 0) throw new Error(`the app logged errors:\n${errors.join('\n')}`);
  });
  const usersById = new Map<string, User>();
  const request: AppKit['request'] = async (method, path, token, options = {}) =>
    app.request(path, {
      method,
      headers: {
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      body:
        options.body === undefined
          ? undefined
          : typeof options.body === 'string'
            ? options.body
            : JSON.stringify(options.body),
    });
  const createUser = async (role: string, delegation?: string): Promise<TestUser> => {
    const name = delegation ? `${delegation} ${role}` : role;
    const response = await request('POST', '/api/users', ADMIN_TOKEN, { body: { name, role, delegation } });
    if (response.status !== 201) throw new Error(`creating a user failed: ${await response.text()}`);
    const user = (await response.json()) as TestUser;
    usersById.set(user.id, {
      id: user.id,
      name: user.name,
      role: user.role as User['role'],
      delegation: user.delegation as User['delegation'],
    });
    return user;
  };
  const delegates = new Map<string, TestUser>();
  for (const code of MEMBER_STATE_CODES) delegates.set(code, await createUser('delegate', code));
  const presidency = await createUser('presidency');
  return { app, store, documents, clock, delegates, presidency, usersById, request, createUser };
}
