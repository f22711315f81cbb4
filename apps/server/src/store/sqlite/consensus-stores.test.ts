import type { PositionEvent } from '@accord/model';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntryInput } from '../audit-store';
import { MIGRATIONS, runMigrations } from './migrations';
import { openSqliteStore, type SqliteStore } from './open-sqlite-store';
import { createSqliteSilenceStore } from './silence';

let store: SqliteStore;

beforeEach(async () => {
  store = openSqliteStore(':memory:');
  await store.documents.create(
    { id: 'd1', number: '7923/17', title: 'Cyber', createdBy: null, createdAt: 1 },
    new Uint8Array([0, 0]),
  );
});

afterEach(async () => {
  await store.close();
});

const audit = (action: AuditEntryInput['action'], at = 1_000): AuditEntryInput => ({
  documentId: 'd1',
  at,
  actor: { id: 'u1', name: 'France delegate', role: 'delegate', delegation: 'FR' },
  action,
  blockId: 'b1',
  summary: `did ${action}`,
  details: { n: 1 },
});

const recorded = (position: 'agree' | 'oppose', at: string): PositionEvent => ({
  type: 'recorded',
  record: {
    blockId: 'b1',
    delegation: 'FR',
    position,
    note: null,
    textHash: 'abc',
    revision: 0,
    at,
    userId: 'u1',
  },
});

const count = (table: string) =>
  (store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('the position store', () => {
  it('gives the history back in the order it was appended, each event with its audit row', async () => {
    const events: PositionEvent[] = [
      recorded('agree', '2017-06-07T10:00:00.000Z'),
      recorded('oppose', '2017-06-07T10:00:00.000Z'),
      { type: 'withdrawn', blockId: 'b1', delegation: 'FR', at: '2017-06-07T11:00:00.000Z', userId: 'u2' },
    ];
    await store.positions.append(
      events.map((event) => ({ documentId: 'd1', event, audit: audit('position.recorded') })),
    );
    expect(await store.positions.list('d1')).toEqual(events);
    expect(await store.positions.list('other')).toEqual([]);
    expect(count('audit_log')).toBe(3);
  });

  it('writes nothing of a batch when one of its rows fails', async () => {
    const good = { documentId: 'd1', event: recorded('agree', '2017-06-07T10:00:00.000Z') };
    const bad = { documentId: 'no-such-document', event: recorded('agree', '2017-06-07T10:00:00.000Z') };
    await expect(
      store.positions.append([
        { ...good, audit: audit('position.recorded') },
        { ...bad, audit: { ...audit('position.recorded'), documentId: 'no-such-document' } },
      ]),
    ).rejects.toThrow(/FOREIGN KEY/);
    expect(count('position_events')).toBe(0);
    expect(count('audit_log')).toBe(0);
  });

  it('refuses to change or delete history at the SQL level', async () => {
    await store.positions.append([
      {
        documentId: 'd1',
        event: recorded('agree', '2017-06-07T10:00:00.000Z'),
        audit: audit('position.recorded'),
      },
    ]);
    expect(() => store.db.exec("UPDATE position_events SET position = 'oppose'")).toThrow(/append-only/);
    expect(() => store.db.exec('DELETE FROM position_events')).toThrow(/append-only/);
  });
});

describe('the audit store', () => {
  it('lists a document’s entries oldest first, with paging after a seq', async () => {
    const first = await store.audit.append(audit('revision.issued', 1));
    const second = await store.audit.append(audit('silence.started', 2));
    expect(second.seq).toBeGreaterThan(first.seq);
    expect(await store.audit.list('d1')).toEqual([first, second]);
    expect(await store.audit.list('d1', { after: first.seq })).toEqual([second]);
    expect(await store.audit.list('d1', { limit: 1 })).toEqual([first]);
  });

  it('refuses an UPDATE or DELETE of an entry', async () => {
    await store.audit.append(audit('revision.issued'));
    expect(() => store.db.exec("UPDATE audit_log SET summary = 'nothing happened'")).toThrow(/append-only/);
    expect(() => store.db.exec('DELETE FROM audit_log')).toThrow(/append-only/);
    expect(count('audit_log')).toBe(1);
  });
});

describe('the silence store', () => {
  it('gives back procedures oldest first with their breaks', async () => {
    const procedure = {
      id: 'p1',
      startedAt: '2017-06-07T10:00:00.000Z',
      startedBy: 'pres',
      until: '2017-06-09T17:00:00.000Z',
      textHashes: Object.fromEntries([
        ['b1', 'h1'],
        ['__proto__', 'h2'],
      ]),
      breaks: [],
      changedDuring: [],
      cancellation: null,
    };
    await store.silence.start('d1', procedure, audit('silence.started'));
    const brk = { delegation: 'DE' as const, reason: 'Para 3', at: '2017-06-08T09:00:00.000Z', userId: 'u9' };
    await store.silence.addBreak('p1', brk, audit('silence.broken'));
    const [stored] = await store.silence.list('d1');
    expect(stored).toEqual({ ...procedure, breaks: [brk] });
    expect(Object.keys(stored?.textHashes ?? {})).toEqual(['b1', '__proto__']);
    await expect(store.silence.addBreak('p1', brk, audit('silence.broken'))).rejects.toThrow(/UNIQUE/);
    expect(count('audit_log')).toBe(2);
  });
});

describe('the silence store’s look-up of an unsettled procedure', () => {
  const procedure = {
    id: 'p1',
    startedAt: '2017-06-07T10:00:00.000Z',
    startedBy: 'pres',
    until: '2017-06-09T17:00:00.000Z',
    textHashes: { b1: 'h1' },
    breaks: [],
    changedDuring: [],
    cancellation: null,
  };
  const brk = { delegation: 'DE' as const, reason: 'Para 3', at: '2017-06-08T09:00:00.000Z', userId: 'u9' };
  const cancellation = { reason: null, at: '2017-06-08T09:00:00.000Z', userId: 'pres' };

  it('gives the latest procedure’s deadline until it is broken or cancelled, and nothing without one', async () => {
    expect(await store.silence.findUnsettledDeadline('d1')).toBeNull();
    await store.silence.start('d1', procedure, audit('silence.started'));
    expect(await store.silence.findUnsettledDeadline('d1')).toBe(procedure.until);
    await store.silence.addBreak('p1', brk, audit('silence.broken'));
    expect(await store.silence.findUnsettledDeadline('d1')).toBeNull();
    const next = { ...procedure, id: 'p2', until: '2017-06-10T17:00:00.000Z' };
    await store.silence.start('d1', next, audit('silence.started'));
    expect(await store.silence.findUnsettledDeadline('d1')).toBe(next.until);
    await store.silence.cancel('p2', cancellation, audit('silence.cancelled'));
    expect(await store.silence.findUnsettledDeadline('d1')).toBeNull();
  });
});

describe('the silence store’s changes during a procedure', () => {
  const procedure = {
    id: 'p1',
    startedAt: '2017-06-07T10:00:00.000Z',
    startedBy: 'pres',
    until: '2017-06-09T17:00:00.000Z',
    textHashes: { b1: 'h1', b2: 'h2' },
    breaks: [],
    changedDuring: [],
    cancellation: null,
  };

  it('keeps each changed block once, in the order first marked, append-only', async () => {
    await store.silence.start('d1', procedure, audit('silence.started'));
    // Written before the call returns (the relay acknowledges an edit after it): read without awaiting.
    void store.silence.markChanged('p1', ['b2'], '2017-06-08T09:00:00.000Z');
    expect(store.db.prepare('SELECT block_id FROM silence_changes').pluck().all()).toEqual(['b2']);
    await store.silence.markChanged('p1', ['b1', 'b2'], '2017-06-08T10:00:00.000Z');
    expect((await store.silence.list('d1'))[0]?.changedDuring).toEqual(['b2', 'b1']);
    expect(() => store.db.exec('DELETE FROM silence_changes')).toThrow(/never deleted/);
    await expect(store.silence.markChanged('nope', ['b1'], procedure.startedAt)).rejects.toThrow(
      /FOREIGN KEY/,
    );
  });

  it('reads a procedure stored before changes were kept as one with none changed', async () => {
    const db = migrateWithOldProcedure('014-silence-changes');
    const [old] = await createSqliteSilenceStore(db).list('old-doc');
    expect(old?.changedDuring).toEqual([]);
    db.close();
  });
});

describe('the silence store’s cancellations', () => {
  const procedure = {
    id: 'p1',
    startedAt: '2017-06-07T10:00:00.000Z',
    startedBy: 'pres',
    until: '2017-06-09T17:00:00.000Z',
    textHashes: { b1: 'h1' },
    breaks: [],
    changedDuring: [],
    cancellation: null,
  };

  it('records a cancellation with its audit entry, once, append-only', async () => {
    await store.silence.start('d1', procedure, audit('silence.started'));
    await store.silence.start('d1', { ...procedure, id: 'p2' }, audit('silence.started'));
    const cancellation = { reason: null, at: '2017-06-08T09:00:00.000Z', userId: 'pres' };
    await store.silence.cancel('p1', cancellation, audit('silence.cancelled'));
    expect(await store.silence.list('d1')).toEqual([
      { ...procedure, cancellation },
      { ...procedure, id: 'p2' },
    ]);
    await expect(
      store.silence.cancel('p1', { ...cancellation, reason: 'again' }, audit('silence.cancelled')),
    ).rejects.toThrow(/UNIQUE|PRIMARY KEY/);
    expect((await store.audit.list('d1')).map((e) => e.action)).toEqual([
      'silence.started',
      'silence.started',
      'silence.cancelled',
    ]);
    expect(() => store.db.exec("UPDATE silence_cancellations SET reason = 'x'")).toThrow(/never changed/);
    expect(() => store.db.exec('DELETE FROM silence_cancellations')).toThrow(/never deleted/);
    await expect(store.silence.cancel('nope', cancellation, audit('silence.cancelled'))).rejects.toThrow(
      /FOREIGN KEY/,
    );
  });

  it('migrates a database from before cancellations: its procedures read as never cancelled, and can be', async () => {
    const db = migrateWithOldProcedure('015-silence-cancellations');
    const silence = createSqliteSilenceStore(db);
    const [old] = await silence.list('old-doc');
    expect(old?.cancellation).toBeNull();
    const cancellation = { reason: 'Wrong text', at: '1970-01-01T00:00:00.000Z', userId: 'pres' };
    await silence.cancel('old', cancellation, { ...audit('silence.cancelled'), documentId: 'old-doc' });
    expect((await silence.list('old-doc'))[0]?.cancellation).toEqual(cancellation);
    db.close();
  });
});

describe('the silence store’s lapses', () => {
  it('records a procedure’s lapse with its audit entry once, whoever asks and however often', async () => {
    const procedure = {
      id: 'p1',
      startedAt: '2017-06-07T10:00:00.000Z',
      startedBy: 'pres',
      until: '2017-06-09T17:00:00.000Z',
      textHashes: { b1: 'h1' },
      breaks: [],
      changedDuring: [],
      cancellation: null,
    };
    await store.silence.start('d1', procedure, audit('silence.started'));
    expect(await store.silence.listLapses('d1')).toEqual([]);
    expect(await store.silence.recordLapse('p1', audit('silence.lapsed'))).toBe(true);
    expect(await store.silence.recordLapse('p1', audit('silence.lapsed'))).toBe(false);
    expect(await store.silence.listLapses('d1')).toEqual(['p1']);
    expect((await store.audit.list('d1')).map((e) => e.action)).toEqual([
      'silence.started',
      'silence.lapsed',
    ]);
    expect(() => store.db.exec('DELETE FROM silence_lapses')).toThrow(/never deleted/);
    await expect(store.silence.recordLapse('nope', audit('silence.lapsed'))).rejects.toThrow(/FOREIGN KEY/);
    expect(count('audit_log')).toBe(2);
  });
});

describe('the comment store', () => {
  const comment = {
    id: 'c1',
    documentId: 'd1',
    blockId: 'b1',
    authorId: 'u1',
    authorName: 'France delegate',
    authorDelegation: 'FR',
    body: '<b>not html</b>',
    visibility: 'all' as const,
    replyTo: null,
    quote: 'The Council',
    createdAt: 5,
  };

  it('keeps a comment as given and resolves it once', async () => {
    expect(await store.comments.create(comment, audit('comment.created'))).toEqual({
      ...comment,
      resolvedAt: null,
      resolvedBy: null,
    });
    const first = await store.comments.resolve('c1', 'pres', 9, audit('comment.resolved'));
    expect(first?.changed).toBe(true);
    const resolved = first?.comment;
    expect(resolved).toMatchObject({ body: '<b>not html</b>', resolvedAt: 9, resolvedBy: 'pres' });
    expect(await store.comments.resolve('c1', 'other', 10, audit('comment.resolved'))).toEqual({
      comment: resolved,
      changed: false,
    });
    expect(await store.comments.findById('c1')).toEqual(resolved);
    expect(await store.comments.list('d1')).toEqual([resolved]);
    expect(await store.comments.resolve('nope', 'pres', 9, audit('comment.resolved'))).toBeNull();
    expect(count('audit_log')).toBe(2);
  });

  it('reopens a resolved comment, which may be resolved again, each change with its audit row', async () => {
    await store.comments.create(comment, audit('comment.created'));
    const open = await store.comments.findById('c1');
    expect(await store.comments.reopen('c1', 'pres', 8, audit('comment.reopened'))).toEqual({
      comment: open,
      changed: false,
    });
    expect(count('audit_log')).toBe(1);
    await store.comments.resolve('c1', 'pres', 9, audit('comment.resolved'));
    expect(await store.comments.reopen('c1', 'u1', 10, audit('comment.reopened'))).toEqual({
      comment: open,
      changed: true,
    });
    expect(await store.comments.findById('c1')).toEqual(open);
    const again = (await store.comments.resolve('c1', 'sec', 11, audit('comment.resolved')))?.comment;
    expect(again).toMatchObject({ resolvedAt: 11, resolvedBy: 'sec' });
    expect(await store.comments.list('d1')).toEqual([again]);
    expect(await store.comments.reopen('nope', 'pres', 12, audit('comment.reopened'))).toBeNull();
    expect(count('audit_log')).toBe(4);
    expect(count('comment_status_changes')).toBe(3);
    expect(() => store.db.exec('DELETE FROM comment_status_changes')).toThrow(/never deleted/);
    expect(() => store.db.exec("UPDATE comment_status_changes SET status = 'reopened'")).toThrow(
      /never changed/,
    );
  });

  it('keeps the resolutions made before comments could be reopened', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    runMigrations(
      db,
      MIGRATIONS.slice(
        0,
        MIGRATIONS.findIndex((m) => m.name === '017-comment-status-changes'),
      ),
    );
    db.exec(`INSERT INTO documents (id, title, created_at) VALUES ('old-doc', 'Old', 0);
      INSERT INTO comments (id, document_id, block_id, author_id, author_name, body, visibility, quote, created_at)
      VALUES ('a', 'old-doc', 'b1', 'u1', 'FR', 'x', 'all', 'q', 1),
             ('b', 'old-doc', 'b1', 'u1', 'FR', 'y', 'all', 'q', 2);
      INSERT INTO comment_resolutions (comment_id, resolved_by, resolved_at) VALUES ('b', 'pres', 3)`);
    runMigrations(db);
    const rows = db
      .prepare('SELECT comment_id, status, user_id, at FROM comment_status_changes')
      .all() as unknown[];
    expect(rows).toEqual([{ comment_id: 'b', status: 'resolved', user_id: 'pres', at: 3 }]);
    db.close();
  });

  it('refuses a reply to a comment that does not exist', async () => {
    await expect(
      store.comments.create({ ...comment, replyTo: 'ghost' }, audit('comment.created')),
    ).rejects.toThrow(/FOREIGN KEY/);
    expect(count('audit_log')).toBe(0);
  });
});

/**
 * A database whose silence procedure 'old' (of document 'old-doc') was stored before `migration`,
 * then migrated to the latest schema.
 */
function migrateWithOldProcedure(migration: string): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  runMigrations(
    db,
    MIGRATIONS.slice(
      0,
      MIGRATIONS.findIndex((m) => m.name === migration),
    ),
  );
  db.exec(`INSERT INTO documents (id, title, created_at) VALUES ('old-doc', 'Old', 0);
    INSERT INTO silence_procedures (id, document_id, started_at, started_by, until, text_hashes)
    VALUES ('old', 'old-doc', 0, 'pres', 1, '{"b1":"h1"}')`);
  runMigrations(db);
  return db;
}
