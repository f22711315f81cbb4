import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MEMBER_STATES, type Role } from '@accord/model';
import { createToken, hashToken } from '../auth/tokens';
import { buildNewDocument } from '../documents/new-document';
import { storeNewDocument } from '../documents/store-new-document';
import type { Store, User } from '../store/store';

export const DEMO_FIXTURE = 'tests/fixtures/council-9916-17.md';

/** Demo users carry this id prefix, so a restart can find them again and issue fresh links. */
export const DEMO_ID_PREFIX = 'demo-';

export interface DemoLogin {
  readonly user: User;
  readonly token: string;
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

/** Finds the fixture from this file upwards, so the demo starts whatever the working directory. */
export function findDemoFixture(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, DEMO_FIXTURE);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`the demo fixture ${DEMO_FIXTURE} was not found above ${from}`);
  }
}

/**
 * Seeds an empty database with the demo workspace (the fixture document, one user per delegation, a
 * Presidency, a secretariat, an archivist and a Commission observer). Only token hashes are stored, so
 * at every demo start each demo user gets a fresh token: the links printed last are the ones that work.
 */
export async function seedDemo(
  store: Store,
  options: { readonly now: () => number; readonly newId: () => string; readonly fixturePath?: string },
): Promise<DemoLogin[]> {
  if ((await store.users.count()) === 0) {
    const built = buildNewDocument(
      { type: 'markdown', markdown: readFileSync(options.fixturePath ?? findDemoFixture(), 'utf8') },
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
  const logins: DemoLogin[] = [];
  for (const user of await store.users.list()) {
    if (!user.id.startsWith(DEMO_ID_PREFIX)) continue;
    const token = createToken();
    await store.users.replaceTokenHash(user.id, hashToken(token));
    logins.push({ user, token });
  }
  return logins;
}
