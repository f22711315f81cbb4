import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store';
import type { Store } from '../store/store';
import { LiveDocuments } from './live-documents';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('commits of edits that fail', () => {
  it('are said once while they fail the same way, however often retried, and once when they work again', async () => {
    const store = openSqliteStore(':memory:');
    cleanups.push(() => store.close());
    let full = true;
    let commits = 0;
    // The real store, its commits refused as a full disk refuses them until there is room.
    const filling: Store = {
      ...store,
      updates: {
        ...store.updates,
        append: (entries, claims) => {
          commits += 1;
          if (full)
            return Promise.reject(new Database.SqliteError('database or disk is full', 'SQLITE_FULL'));
          return store.updates.append(entries, claims);
        },
      },
    };
    const said: string[] = [];
    const documents = new LiveDocuments(filling, {
      commitRetryMs: 5,
      logError: (message, error) =>
        said.push(`${message}${error instanceof Error ? `: ${error.message}` : ''}`),
    });
    cleanups.push(async () => {
      await documents.close();
    });
    await store.documents.create(
      { id: 'd1', number: '9916/17', title: 'Draft Council conclusions', createdBy: null, createdAt: 1 },
      Y.encodeStateAsUpdate(new Y.Doc()),
    );
    const author = { userId: null, delegation: null };
    await documents.edit('d1', (doc) => doc.getMap('meta').set('title', 'Typed on a full disk'), author);
    await vi.waitFor(() => expect(commits).toBeGreaterThan(10));
    expect(said).toEqual([
      'committing updates failed; retrying every 5 ms, said again only once it works or fails otherwise: database or disk is full',
    ]);

    full = false;
    await documents.flush();
    expect(said.slice(1)).toEqual([
      expect.stringMatching(/^committing updates works again, after \d+ failed attempts$/),
    ]);
  });
});
