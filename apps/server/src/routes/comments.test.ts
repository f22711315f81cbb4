import { findBlockElement, getFragment } from '@accord/ydoc';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashToken } from '../auth/tokens';
import { MAX_COMMENT_BODY_CHARS } from './consensus-schemas';
import { errorOf, type Kit, startKit, type TestUser } from './consensus-test-kit';

let kit: Kit;
let presidency: TestUser;
let secretariat: TestUser;
let archivist: TestUser;
let france: TestUser;
let france2: TestUser;
let germany: TestUser;
let doc: { id: string; blocks: { id: string; text: string }[] };
let blockId: string;
let blockText: string;

beforeEach(async () => {
  kit = startKit();
  presidency = await kit.user('presidency');
  secretariat = await kit.user('secretariat');
  archivist = await kit.user('archivist');
  france = await kit.user('delegate', 'FR');
  france2 = await kit.user('delegate', 'FR');
  germany = await kit.user('delegate', 'DE');
  doc = await kit.createDocument(presidency.token);
  blockId = doc.blocks[2]?.id as string;
  blockText = doc.blocks[2]?.text as string;
});

afterEach(() => kit.close());

interface Comment {
  id: string;
  blockId: string;
  author: { id: string; name: string; delegation: string | null };
  body: string;
  visibility: string;
  replyTo: string | null;
  quote: string;
  createdAt: string;
  resolved: boolean;
  orphaned: boolean;
}

const comment = (token: string, body: unknown, block = blockId) =>
  kit.request('POST', `/api/documents/${doc.id}/blocks/${block}/comments`, token, body);

async function post(token: string, body: unknown, block = blockId): Promise<Comment> {
  const response = await comment(token, body, block);
  expect(response.status).toBe(201);
  return (await response.json()) as Comment;
}

async function list(token: string): Promise<Comment[]> {
  const response = await kit.request('GET', `/api/documents/${doc.id}/comments`, token);
  expect(response.status).toBe(200);
  return (await response.json()) as Comment[];
}

const resolve = (token: string, id: string) =>
  kit.request('POST', `/api/documents/${doc.id}/comments/${id}/resolve`, token);

const reopen = (token: string, id: string) =>
  kit.request('POST', `/api/documents/${doc.id}/comments/${id}/reopen`, token);

async function auditEntries(): Promise<
  { action: string; summary: string; blockId: string | null; details: object }[]
> {
  return JSON.parse(await auditText());
}

async function auditText(): Promise<string> {
  const response = await kit.request('GET', `/api/documents/${doc.id}/audit`, presidency.token);
  return response.text();
}

describe('POST /api/documents/:id/blocks/:blockId/comments', () => {
  it('stores a plain-text comment exactly as given and quotes the block’s text by default', async () => {
    const body = '<script>alert("x")</script> & "stands ready" is too weak';
    const created = await post(france.token, { body, visibility: 'all' });
    expect(created).toEqual({
      id: expect.any(String),
      blockId,
      author: { id: france.id, name: 'FR delegate', delegation: 'FR' },
      body,
      visibility: 'all',
      replyTo: null,
      quote: blockText,
      createdAt: '2017-06-07T10:00:00.000Z',
      resolved: false,
      orphaned: false,
    });
    expect(await list(germany.token)).toEqual([created]);
  });

  it('keeps a quote given by the client', async () => {
    const created = await post(presidency.token, {
      body: 'Options?',
      visibility: 'all',
      quote: 'stands ready',
    });
    expect(created.quote).toBe('stands ready');
  });

  it.each([
    ['author', { author: { id: 'x', name: 'DE delegate', delegation: 'DE' } }],
    ['delegation', { delegation: 'DE' }],
    ['userId', { userId: 'x' }],
  ])('refuses a body that names the %s (400), writing nothing', async (_, forged) => {
    const response = await comment(france.token, { body: 'Hi', visibility: 'all', ...forged });
    expect(await errorOf(response)).toMatchObject({ status: 400, code: 'identity-in-body' });
    expect(await list(france.token)).toEqual([]);
  });

  it('lets delegates, the Presidency, the Secretariat and observers comment, not archivists', async () => {
    const observer = await kit.user('observer', 'COM');
    for (const user of [france, presidency, secretariat, observer])
      await post(user.token, { body: 'x', visibility: 'all' });
    expect((await comment(archivist.token, { body: 'x', visibility: 'all' })).status).toBe(403);
    expect(await list(archivist.token)).toHaveLength(4);
  });

  it.each([
    ['an empty body', { body: '', visibility: 'all' }, 400, 'empty-comment'],
    ['a body of spaces', { body: ' \n ', visibility: 'all' }, 400, 'empty-comment'],
    ['no body', { visibility: 'all' }, 400, 'invalid-request'],
    ['no visibility', { body: 'x' }, 400, 'invalid-request'],
    ['an unknown visibility', { body: 'x', visibility: 'presidency' }, 400, 'invalid-request'],
    [
      'a body over the limit',
      { body: 'x'.repeat(MAX_COMMENT_BODY_CHARS + 1), visibility: 'all' },
      413,
      'comment-too-long',
    ],
    [
      'a quote over the limit',
      { body: 'x', visibility: 'all', quote: 'q'.repeat(20_001) },
      413,
      'quote-too-long',
    ],
    [
      'a body with a lone surrogate',
      { body: 'lone \ud800 surrogate', visibility: 'all' },
      400,
      'ill-formed-text',
    ],
    [
      'a quote with a lone surrogate',
      { body: 'x', visibility: 'all', quote: '\udc00 stands ready' },
      400,
      'ill-formed-text',
    ],
  ])('refuses %s', async (_, body, status, code) => {
    expect(await errorOf(await comment(france.token, body))).toMatchObject({ status, code });
    expect(await list(france.token)).toEqual([]);
  });

  it('reads back a body and quote outside the Basic Multilingual Plane exactly as given', async () => {
    const created = await post(france.token, { body: 'Ψ 𝄞 👍🏽 ok', visibility: 'all', quote: '𝔼𝕌' });
    expect(created).toMatchObject({ body: 'Ψ 𝄞 👍🏽 ok', quote: '𝔼𝕌' });
    expect(await list(germany.token)).toEqual([created]);
  });

  it('refuses a replyTo longer than any id with 400, without repeating it', async () => {
    const replyTo = 'r'.repeat(5_000_000);
    const error = await errorOf(await comment(france.token, { body: 'x', visibility: 'all', replyTo }));
    expect(error).toMatchObject({ status: 400, code: 'invalid-request' });
    expect(error.message.startsWith('replyTo: ')).toBe(true);
    expect(error.message.length).toBeLessThan(200);
  });

  it('repeats only the beginning of an unknown replyTo', async () => {
    const replyTo = `${'r'.repeat(64)}${'s'.repeat(136)}`;
    const error = await errorOf(await comment(france.token, { body: 'x', visibility: 'all', replyTo }));
    expect(error).toMatchObject({ status: 400, code: 'invalid-reply' });
    expect(error.message).toBe(`replyTo: there is no comment ${'r'.repeat(64)}… on this document for you`);
  });

  it('accepts a body exactly at the limit', async () => {
    await post(france.token, { body: 'x'.repeat(MAX_COMMENT_BODY_CHARS), visibility: 'all' });
  });

  it('answers 404 for an unknown block or document', async () => {
    expect((await comment(france.token, { body: 'x', visibility: 'all' }, 'nope')).status).toBe(404);
    const response = await kit.request(
      'POST',
      `/api/documents/nope/blocks/${blockId}/comments`,
      france.token,
      {
        body: 'x',
        visibility: 'all',
      },
    );
    expect(await errorOf(response)).toMatchObject({ status: 404, code: 'document-not-found' });
  });
});

describe('a delegation note', () => {
  const NOTE = 'Paris insists on "stands ready"; do not concede before Thursday';

  it('is seen by the users of its delegation alone', async () => {
    const note = await post(france.token, { body: NOTE, visibility: 'delegation' });
    expect(note.visibility).toBe('delegation');
    expect(await list(france.token)).toEqual([note]);
    expect(await list(france2.token)).toEqual([note]);
    const observer = await kit.user('observer', 'COM');
    for (const outsider of [germany, presidency, secretariat, archivist, observer]) {
      expect(await list(outsider.token)).toEqual([]);
    }
    const admin = await kit.request('GET', `/api/documents/${doc.id}/comments`, 'admin-secret-token');
    expect(await admin.json()).toEqual([]);
  });

  it('reaches the audit log only as “a delegation note was added”, with no text, quote or block', async () => {
    await post(france.token, { body: NOTE, visibility: 'delegation', quote: 'secret quote' });
    const text = await auditText();
    expect(text).not.toContain('Paris');
    expect(text).not.toContain('secret quote');
    expect(text).not.toContain(blockId);
    const [entry] = JSON.parse(text) as { summary: string; action: string; blockId: null; details: object }[];
    expect(entry).toMatchObject({
      action: 'comment.created',
      summary: 'a delegation note was added',
      blockId: null,
      details: {},
    });
  });

  it('cannot be written by a user without a delegation', async () => {
    // An observer made before observers needed their institution's code has none either.
    await kit.store.users.create(
      { id: 'older-observer', name: 'Observer', role: 'observer', delegation: null, createdAt: 0 },
      hashToken('older-observer-token'),
    );
    for (const user of [presidency, secretariat, { token: 'older-observer-token' }]) {
      expect(await errorOf(await comment(user.token, { body: 'x', visibility: 'delegation' }))).toMatchObject(
        {
          status: 400,
          code: 'no-delegation',
        },
      );
    }
  });

  it('can be answered only within the delegation, by a note', async () => {
    const note = await post(france.token, { body: NOTE, visibility: 'delegation' });
    expect(
      await errorOf(await comment(germany.token, { body: 'x', visibility: 'all', replyTo: note.id })),
    ).toMatchObject({
      status: 400,
      code: 'invalid-reply',
    });
    expect(
      await errorOf(await comment(france2.token, { body: 'x', visibility: 'all', replyTo: note.id })),
    ).toMatchObject({
      status: 400,
      code: 'invalid-reply',
    });
    const reply = await post(france2.token, { body: 'Agreed', visibility: 'delegation', replyTo: note.id });
    expect(reply.replyTo).toBe(note.id);
  });

  it('cannot be resolved by anyone outside the delegation: for them it does not exist', async () => {
    const note = await post(france.token, { body: NOTE, visibility: 'delegation' });
    for (const outsider of [germany, presidency, secretariat]) {
      expect(await errorOf(await resolve(outsider.token, note.id))).toMatchObject({
        status: 404,
        code: 'comment-not-found',
      });
    }
    expect((await resolve(france.token, note.id)).status).toBe(200);
    const text = await auditText();
    expect(text).toContain('a delegation note was resolved');
    expect(text).not.toContain(note.id);
  });

  it('cannot be reopened by anyone outside the delegation, and reaches the audit log only as “a delegation note was reopened”', async () => {
    const note = await post(france.token, { body: NOTE, visibility: 'delegation', quote: 'secret quote' });
    expect((await resolve(france.token, note.id)).status).toBe(200);
    for (const outsider of [germany, presidency, secretariat]) {
      expect(await errorOf(await reopen(outsider.token, note.id))).toMatchObject({
        status: 404,
        code: 'comment-not-found',
      });
    }
    // Within the delegation, the rule of Resolve: its author, not another delegate.
    expect(await errorOf(await reopen(france2.token, note.id))).toMatchObject({ status: 403 });
    const reopened = await reopen(france.token, note.id);
    expect(reopened.status).toBe(200);
    expect(await reopened.json()).toEqual({ ...note, resolved: false });
    expect(await list(france2.token)).toEqual([{ ...note, resolved: false }]);
    expect(await list(presidency.token)).toEqual([]);
    const text = await auditText();
    for (const secret of ['Paris', 'secret quote', blockId, note.id]) expect(text).not.toContain(secret);
    expect((await auditEntries()).at(-1)).toMatchObject({
      action: 'comment.reopened',
      summary: 'a delegation note was reopened',
      blockId: null,
      details: {},
    });
  });
});

describe('replies', () => {
  it('answer a comment on the same block of the same document', async () => {
    const first = await post(germany.token, { body: 'Too weak', visibility: 'all' });
    const reply = await post(france.token, { body: 'Agree', visibility: 'all', replyTo: first.id });
    expect(reply).toMatchObject({ replyTo: first.id, blockId });
    expect(
      await errorOf(await comment(france.token, { body: 'x', visibility: 'all', replyTo: 'ghost' })),
    ).toMatchObject({
      status: 400,
      code: 'invalid-reply',
    });
    const other = doc.blocks[1]?.id as string;
    expect(
      await errorOf(await comment(france.token, { body: 'x', visibility: 'all', replyTo: first.id }, other)),
    ).toMatchObject({ status: 400, code: 'invalid-reply' });
  });

  it('cannot point at a comment of another document', async () => {
    const otherDoc = await kit.createDocument(presidency.token);
    const response = await kit.request(
      'POST',
      `/api/documents/${otherDoc.id}/blocks/${otherDoc.blocks[2]?.id}/comments`,
      germany.token,
      { body: 'Elsewhere', visibility: 'all' },
    );
    const elsewhere = (await response.json()) as Comment;
    expect(
      await errorOf(await comment(france.token, { body: 'x', visibility: 'all', replyTo: elsewhere.id })),
    ).toMatchObject({
      status: 400,
      code: 'invalid-reply',
    });
  });
});

describe('POST /api/documents/:id/comments/:commentId/resolve', () => {
  it('lets the author, the Presidency and the Secretariat resolve, and no one else', async () => {
    const byFrance = await post(france.token, { body: 'a', visibility: 'all' });
    const byGermany = await post(germany.token, { body: 'b', visibility: 'all' });
    const byObserver = await post((await kit.user('observer', 'COM')).token, {
      body: 'c',
      visibility: 'all',
    });
    expect(await errorOf(await resolve(germany.token, byFrance.id))).toMatchObject({ status: 403 });
    expect(await errorOf(await resolve(france2.token, byFrance.id))).toMatchObject({ status: 403 });
    expect(await errorOf(await resolve(archivist.token, byFrance.id))).toMatchObject({ status: 403 });
    const resolved = await resolve(france.token, byFrance.id);
    expect(resolved.status).toBe(200);
    expect((await resolved.json()) as Comment).toMatchObject({ id: byFrance.id, resolved: true });
    expect((await resolve(presidency.token, byGermany.id)).status).toBe(200);
    expect((await resolve(secretariat.token, byObserver.id)).status).toBe(200);
    expect((await list(germany.token)).map((c) => c.resolved)).toEqual([true, true, true]);
  });

  it('is idempotent and audited once', async () => {
    const created = await post(france.token, { body: 'a', visibility: 'all' });
    expect((await resolve(france.token, created.id)).status).toBe(200);
    expect((await resolve(presidency.token, created.id)).status).toBe(200);
    const entries = JSON.parse(await auditText()) as { action: string }[];
    expect(entries.map((e) => e.action)).toEqual(['comment.created', 'comment.resolved']);
  });

  it('answers 404 for an unknown comment, or one of another document', async () => {
    expect((await resolve(presidency.token, 'ghost')).status).toBe(404);
    const created = await post(france.token, { body: 'a', visibility: 'all' });
    const otherDoc = await kit.createDocument(presidency.token);
    const response = await kit.request(
      'POST',
      `/api/documents/${otherDoc.id}/comments/${created.id}/resolve`,
      presidency.token,
    );
    expect(response.status).toBe(404);
  });
});

describe('POST /api/documents/:id/comments/:commentId/reopen', () => {
  it('pushes, of a reopen and a resolve at once, the events that end as the store does', async () => {
    const created = await post(france.token, { body: 'a', visibility: 'all' });
    expect((await resolve(france.token, created.id)).status).toBe(200);
    const actions: string[] = [];
    const stop = kit.events.subscribe(doc.id, { delegation: 'DE' }, (event) => {
      if (event.type === 'comment') actions.push((event.data as { action: string }).action);
    });
    // Both read the comment resolved; the reopen is written first, then the resolve.
    const answers = await Promise.all([
      reopen(france.token, created.id),
      resolve(presidency.token, created.id),
    ]);
    stop();
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    const stored = (await list(germany.token)).find((c) => c.id === created.id);
    expect(actions.at(-1)).toBe(stored?.resolved ? 'resolved' : 'reopened');
    expect(actions).toEqual(['reopened', 'resolved']);
  });

  it('lets the author, the Presidency and the Secretariat reopen a resolved comment, and no one else', async () => {
    const byFrance = await post(france.token, { body: 'a', visibility: 'all' });
    const byGermany = await post(germany.token, { body: 'b', visibility: 'all' });
    const byObserver = await post((await kit.user('observer', 'COM')).token, {
      body: 'c',
      visibility: 'all',
    });
    for (const created of [byFrance, byGermany, byObserver]) {
      expect((await resolve(presidency.token, created.id)).status).toBe(200);
    }
    expect(await errorOf(await reopen(germany.token, byFrance.id))).toMatchObject({ status: 403 });
    expect(await errorOf(await reopen(france2.token, byFrance.id))).toMatchObject({ status: 403 });
    expect(await errorOf(await reopen(archivist.token, byFrance.id))).toMatchObject({ status: 403 });
    expect((await list(germany.token)).map((c) => c.resolved)).toEqual([true, true, true]);
    const reopened = await reopen(france.token, byFrance.id);
    expect(reopened.status).toBe(200);
    expect((await reopened.json()) as Comment).toEqual({ ...byFrance, resolved: false });
    expect((await reopen(presidency.token, byGermany.id)).status).toBe(200);
    expect((await reopen(secretariat.token, byObserver.id)).status).toBe(200);
    expect((await list(germany.token)).map((c) => c.resolved)).toEqual([false, false, false]);
  });

  it('answers a comment that is not resolved as it is, writing nothing, as resolve does', async () => {
    const created = await post(france.token, { body: 'a', visibility: 'all' });
    const open = await reopen(france.token, created.id);
    expect(open.status).toBe(200);
    expect((await open.json()) as Comment).toEqual(created);
    expect((await resolve(france.token, created.id)).status).toBe(200);
    // The author and the Presidency pressing at the same moment: one reopens it, the other finds it open.
    const both = await Promise.all([reopen(france.token, created.id), reopen(presidency.token, created.id)]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    for (const response of both) expect(((await response.json()) as Comment).resolved).toBe(false);
    // Rights come first, as for Resolve: a user who may not reopen it learns nothing of its state.
    expect(await errorOf(await reopen(germany.token, created.id))).toMatchObject({ status: 403 });
    expect((await auditEntries()).map((e) => e.action)).toEqual([
      'comment.created',
      'comment.resolved',
      'comment.reopened',
    ]);
  });

  it('leaves a comment that may be resolved again, each change audited as comment.resolved does', async () => {
    const created = await post(france.token, { body: 'a', visibility: 'all' });
    expect((await resolve(france.token, created.id)).status).toBe(200);
    expect((await reopen(presidency.token, created.id)).status).toBe(200);
    const resolvedAgain = await resolve(secretariat.token, created.id);
    expect(resolvedAgain.status).toBe(200);
    expect(((await resolvedAgain.json()) as Comment).resolved).toBe(true);
    expect((await list(france.token)).map((c) => c.resolved)).toEqual([true]);
    const entries = await auditEntries();
    expect(entries.map((e) => e.action)).toEqual([
      'comment.created',
      'comment.resolved',
      'comment.reopened',
      'comment.resolved',
    ]);
    expect(entries[2]).toMatchObject({
      action: 'comment.reopened',
      summary: 'a comment was reopened',
      blockId,
      details: { commentId: created.id },
    });
    expect(entries[2]?.details).toEqual(entries[1]?.details);
  });

  it('answers 404 for an unknown comment, or one of another document', async () => {
    expect(await errorOf(await reopen(presidency.token, 'ghost'))).toMatchObject({
      status: 404,
      code: 'comment-not-found',
    });
    const created = await post(france.token, { body: 'a', visibility: 'all' });
    expect((await resolve(france.token, created.id)).status).toBe(200);
    const otherDoc = await kit.createDocument(presidency.token);
    const response = await kit.request(
      'POST',
      `/api/documents/${otherDoc.id}/comments/${created.id}/reopen`,
      presidency.token,
    );
    expect(response.status).toBe(404);
    expect(
      (await kit.request('POST', `/api/documents/nope/comments/${created.id}/reopen`, presidency.token))
        .status,
    ).toBe(404);
    expect((await list(france.token)).map((c) => c.resolved)).toEqual([true]);
  });
});

describe('an orphaned comment', () => {
  it('stays listed with its quote after its block is deleted from the live text', async () => {
    const created = await post(germany.token, { body: 'Delete this?', visibility: 'all' });
    await kit.documents.edit(
      doc.id,
      (ydoc) => {
        const element = findBlockElement(ydoc, blockId);
        const fragment = getFragment(ydoc);
        fragment.delete(fragment.toArray().indexOf(element as never), 1);
      },
      { userId: null, delegation: null },
    );
    const [listed] = await list(france.token);
    expect(listed).toEqual({ ...created, orphaned: true });
    expect(listed?.quote).toBe(blockText);
    expect(await errorOf(await comment(france.token, { body: 'x', visibility: 'all' }))).toMatchObject({
      status: 404,
      code: 'block-not-found',
    });
    expect((await resolve(germany.token, created.id)).status).toBe(200);
  });

  it('takes replies to its thread, quoting what it was about, and they are orphaned too; a new comment there stays refused', async () => {
    const created = await post(germany.token, { body: 'Delete this?', visibility: 'all' });
    const note = await post(france.token, { body: 'Paris agrees.', visibility: 'delegation' });
    await kit.documents.edit(
      doc.id,
      (ydoc) => {
        const element = findBlockElement(ydoc, blockId);
        const fragment = getFragment(ydoc);
        fragment.delete(fragment.toArray().indexOf(element as never), 1);
      },
      { userId: null, delegation: null },
    );
    const reply = await post(france.token, { body: 'Yes, gone.', visibility: 'all', replyTo: created.id });
    expect(reply).toMatchObject({ replyTo: created.id, blockId, quote: blockText, orphaned: true });
    const toNote = await post(france2.token, {
      body: 'Seen.',
      visibility: 'delegation',
      replyTo: note.id,
    });
    expect(toNote).toMatchObject({ replyTo: note.id, orphaned: true, visibility: 'delegation' });
    // A reply answers a comment the caller may see, on that block: a note of another delegation is none.
    expect(
      await errorOf(await comment(germany.token, { body: 'x', visibility: 'all', replyTo: note.id })),
    ).toMatchObject({ status: 400, code: 'invalid-reply' });
    expect(await errorOf(await comment(france.token, { body: 'x', visibility: 'all' }))).toMatchObject({
      status: 404,
      code: 'block-not-found',
    });
    expect((await list(germany.token)).map((c) => c.body)).toEqual(['Delete this?', 'Yes, gone.']);
    expect((await resolve(france.token, reply.id)).status).toBe(200);
  });
});
