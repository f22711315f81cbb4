import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseMarkdown } from '@accord/format';
import { MEMBER_STATES, type Role } from '@accord/model';
import { createToken, hashToken } from '../auth/tokens';
import { buildNewDocument } from '../documents/new-document';
import { storeNewDocument } from '../documents/store-new-document';
import { SERVER_ROOT } from '../server-root';
import type { DocumentRecord, Store, User } from '../store/store';

export const DEMO_FIXTURE = 'tests/fixtures/council-9916-17.md';

/** Demo users carry this id prefix, so a restart can find them again and issue fresh links. */
export const DEMO_ID_PREFIX = 'demo-';

export interface DemoLogin {
  readonly user: User;
  readonly token: string;
  /**
   * The path the link opens once signed in: the demo document, which every demo user comes to work
   * on (`startingRoom`); null, the list, only when that document is gone.
   */
  readonly next: string | null;
}

const DEMO_USERS: readonly { id: string; name: string; role: Role; delegation: User['delegation'] }[] = [
  { id: 'demo-presidency', name: 'Presidency', role: 'presidency', delegation: null },
  { id: 'demo-secretariat', name: 'General Secretariat', role: 'secretariat', delegation: null },
  ...MEMBER_STATES.map((s) => ({
    id: `demo-${s.code.toLowerCase()}`,
    name: `${s.name} delegation`,
    role: 'delegate' as const,
    delegation: s.code,
  })),
  { id: 'demo-com', name: 'European Commission', role: 'observer', delegation: 'COM' },
  { id: 'demo-archivist', name: 'Archivist', role: 'archivist', delegation: null },
];

/**
 * Where a role starts on a document: its drafting room, where the text is negotiated, drafted, commented
 * and reserved on; an archivist's, its revisions (the revisions screen is the archivists' home: they
 * read what was issued and compare it).
 */
function startingRoom(role: Role, documentPath: string): string {
  return role === 'archivist' ? `${documentPath}/revisions` : documentPath;
}

/** Finds the fixture from the server package upwards, so the demo starts whatever the working directory. */
export function findDemoFixture(from = SERVER_ROOT): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, DEMO_FIXTURE);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`the demo fixture ${DEMO_FIXTURE} was not found above ${from}`);
  }
}

/** Where a demo keeps its users' tokens between starts, beside its database. */
export const DEMO_LOGINS_FILE = 'demo-logins.json';

/**
 * Seeds an empty database with the demo workspace (the fixture document, one user per delegation, a
 * Presidency, a secretariat, an archivist and a Commission observer). The store keeps only token
 * hashes, so the demo users' tokens are also written to `loginsFile` (readable by the owner only):
 * a restart prints the same links, and browsers and scripts using them carry on. Without the file, or
 * when a token there no longer opens its user, every demo user gets a fresh token.
 */
export async function seedDemo(
  store: Store,
  options: {
    readonly now: () => number;
    readonly newId: () => string;
    readonly fixturePath?: string;
    readonly loginsFile?: string;
  },
): Promise<DemoLogin[]> {
  if ((await store.users.count()) === 0) {
    // Our own fixture, read at start before any client connects: no need for the format reader's workers.
    const parsed = parseMarkdown(readFileSync(options.fixturePath ?? findDemoFixture(), 'utf8'), {
      newId: options.newId,
    });
    if (!parsed.ok) throw new Error(`the demo fixture does not import: ${parsed.error.message}`);
    const built = buildNewDocument(
      { type: 'imported', council: parsed.value, field: 'markdown' },
      options.newId,
    );
    if (!built.ok) throw new Error(`the demo fixture does not import: ${built.error.message}`);
    for (const user of DEMO_USERS) {
      await store.users.create({ ...user, createdAt: options.now() }, hashToken(createToken()));
    }
    await storeNewDocument(store, built.value, {
      id: options.newId(),
      createdBy: 'demo-presidency',
      createdAt: options.now(),
    });
  }
  const demoDocument = await findDemoDocument(store);
  const nextFor = (user: User) =>
    demoDocument === undefined
      ? null
      : startingRoom(user.role, `/documents/${encodeURIComponent(demoDocument.id)}`);
  const demoUsers = (await store.users.list())
    .filter((user) => user.id.startsWith(DEMO_ID_PREFIX) && user.revokedAt === null)
    .map(({ revokedAt: _, ...user }) => user);
  const kept = options.loginsFile === undefined ? null : await readKeptLogins(store, options.loginsFile);
  if (kept !== null && demoUsers.every((user) => kept.has(user.id))) {
    return demoUsers.map((user) => ({ user, token: kept.get(user.id) as string, next: nextFor(user) }));
  }
  const logins: DemoLogin[] = [];
  for (const user of demoUsers) {
    const token = createToken();
    await store.users.replaceTokenHash(user.id, hashToken(token));
    logins.push({ user, token, next: nextFor(user) });
  }
  if (options.loginsFile !== undefined && logins.length > 0) {
    const tokens = Object.fromEntries(logins.map(({ user, token }) => [user.id, token]));
    writeFileSync(options.loginsFile, `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600 });
  }
  return logins;
}

/** The seeded document: the demo Presidency's first (a demo user may import more); undefined if gone. */
export async function findDemoDocument(store: Store): Promise<DocumentRecord | undefined> {
  return (await store.documents.list()).find((doc) => doc.createdBy === 'demo-presidency');
}

/** The kept tokens that still open their users, by user id; null without a readable file. */
async function readKeptLogins(store: Store, file: string): Promise<Map<string, string> | null> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object') return null;
  const kept = new Map<string, string>();
  for (const [id, token] of Object.entries(parsed)) {
    if (typeof token !== 'string') continue;
    if ((await store.users.findByTokenHash(hashToken(token)))?.id === id) kept.set(id, token);
  }
  return kept;
}
