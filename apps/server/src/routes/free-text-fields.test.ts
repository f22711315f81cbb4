import { MAX_POSITION_NOTE_CHARS, MAX_SILENCE_REASON_CHARS, MEMBER_STATE_CODES } from '@accord/model';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_TITLE_LENGTH } from '../documents/new-document';
import { MAX_COMMENT_BODY_CHARS, MAX_COMMENT_QUOTE_CHARS } from './consensus-schemas';
import { ADMIN, errorOf, type Kit, startKit, type TestUser } from './consensus-test-kit';
import { MAX_COMPARE_CHARS } from './diff';
import { MAX_NOTE_DATE_CHARS } from './item-note';
import { MAX_REVISION_NOTE_CHARS } from './revisions';
import { MAX_NAME_LENGTH } from './users';

/**
 * Every free-text field a request stores, refused alike: over its named limit 413 with the field's
 * code, ill-formed UTF-16 (a lone surrogate, which SQLite's UTF-8 would turn into U+FFFD) 400
 * `ill-formed-text`, both with a message that names the field.
 */

let kit: Kit;
let presidency: TestUser;
let france: TestUser;
let doc: { id: string; blocks: { id: string; text: string }[] };
let blockId: string;

beforeEach(async () => {
  kit = startKit();
  presidency = await kit.user('presidency');
  france = await kit.user('delegate', 'FR');
  doc = await kit.createDocument(presidency.token);
  blockId = doc.blocks[1]?.id as string;
});

afterEach(() => kit.close());

/** A document every Member State agrees on, as an item note may forward it; its id. */
async function agreedDocument(): Promise<string> {
  const agreed = await kit.createDocument(
    presidency.token,
    '# Draft conclusions\n\n1. The Council agrees.\n',
  );
  for (const code of MEMBER_STATE_CODES) {
    const delegate = code === 'FR' ? france : await kit.user('delegate', code);
    for (const block of agreed.blocks) {
      const put = await kit.request(
        'PUT',
        `/api/documents/${agreed.id}/blocks/${block.id}/position`,
        delegate.token,
        {
          position: 'agree',
        },
      );
      expect(put.status).toBe(200);
    }
  }
  return agreed.id;
}
let agreedId = '';
let noteNumber = 10_000;

interface Field {
  readonly field: string;
  /** What must exist before the request. */
  readonly prepare?: () => Promise<unknown>;
  /** The request carrying `value` in the field. */
  readonly send: (value: string) => Promise<Response>;
  readonly limit: number | null;
  readonly tooLongCode: string | null;
  /** A value of `length` characters the field takes; by default as many `x`. */
  readonly fill?: (length: number) => string;
}

const FIELDS: Record<string, Field> = {
  'a comment body': {
    field: 'body',
    send: (body) =>
      kit.request('POST', `/api/documents/${doc.id}/blocks/${blockId}/comments`, france.token, {
        body,
        visibility: 'all',
      }),
    limit: MAX_COMMENT_BODY_CHARS,
    tooLongCode: 'comment-too-long',
  },
  'a comment quote': {
    field: 'quote',
    send: (quote) =>
      kit.request('POST', `/api/documents/${doc.id}/blocks/${blockId}/comments`, france.token, {
        body: 'x',
        visibility: 'all',
        quote,
      }),
    limit: MAX_COMMENT_QUOTE_CHARS,
    tooLongCode: 'quote-too-long',
  },
  'a position note': {
    field: 'note',
    send: (note) =>
      kit.request('PUT', `/api/documents/${doc.id}/blocks/${blockId}/position`, france.token, {
        position: 'reservation',
        note,
      }),
    limit: MAX_POSITION_NOTE_CHARS,
    tooLongCode: 'note-too-long',
  },
  'a reason for breaking silence': {
    field: 'reason',
    prepare: () =>
      kit.request('POST', `/api/documents/${doc.id}/silence`, presidency.token, {
        until: '2017-06-09T17:00:00Z',
      }),
    send: (reason) => kit.request('POST', `/api/documents/${doc.id}/silence/break`, france.token, { reason }),
    limit: MAX_SILENCE_REASON_CHARS,
    tooLongCode: 'reason-too-long',
  },
  'a reason for cancelling silence': {
    field: 'reason',
    prepare: () =>
      kit.request('POST', `/api/documents/${doc.id}/silence`, presidency.token, {
        until: '2017-06-09T17:00:00Z',
      }),
    send: (reason) =>
      kit.request('POST', `/api/documents/${doc.id}/silence/cancel`, presidency.token, { reason }),
    limit: MAX_SILENCE_REASON_CHARS,
    tooLongCode: 'reason-too-long',
  },
  'a user name': {
    field: 'name',
    send: (name) => kit.request('POST', '/api/users', ADMIN, { name, role: 'presidency' }),
    limit: MAX_NAME_LENGTH,
    tooLongCode: 'name-too-long',
  },
  'a document title': {
    field: 'title',
    send: (title) => kit.request('POST', '/api/documents', presidency.token, { number: '9916/17', title }),
    limit: MAX_TITLE_LENGTH,
    tooLongCode: 'title-too-long',
  },
  'a revision note': {
    field: 'note',
    send: (note) => kit.request('POST', `/api/documents/${doc.id}/revisions`, presidency.token, { note }),
    limit: MAX_REVISION_NOTE_CHARS,
    tooLongCode: 'note-too-long',
  },
  'the date of an item note': {
    field: 'date',
    prepare: async () => {
      agreedId = await agreedDocument();
    },
    send: (date) =>
      kit.request('POST', `/api/documents/${agreedId}/item-note`, presidency.token, {
        number: `${++noteNumber}/17`,
        date,
      }),
    limit: MAX_NOTE_DATE_CHARS,
    tooLongCode: 'date-too-long',
    // A date must read as one: the white space around it is not.
    fill: (length) => '8 June 2017'.padEnd(length, ' '),
  },
  'the Markdown of a new document': {
    field: 'markdown',
    send: (markdown) => kit.request('POST', '/api/documents', presidency.token, { markdown }),
    limit: null,
    tooLongCode: null,
  },
  'a text compared with POST /api/diff': {
    field: 'new',
    send: (text) =>
      kit.request('POST', '/api/diff', france.token, { old: '1. The Council agrees.\n', new: text }),
    limit: MAX_COMPARE_CHARS,
    tooLongCode: 'text-too-long',
  },
  'the Markdown of a revision': {
    field: 'markdown',
    send: (markdown) =>
      kit.request('POST', `/api/documents/${doc.id}/revisions`, presidency.token, { markdown }),
    limit: null,
    tooLongCode: null,
  },
};

const LIMITED = Object.entries(FIELDS).filter(([, f]) => f.limit !== null) as [
  string,
  Field & { limit: number; tooLongCode: string },
][];

/** What was written: audit rows, users, documents. */
async function written() {
  return {
    audit: (await kit.store.audit.list(doc.id)).length,
    users: await kit.store.users.count(),
    documents: (await kit.store.documents.list()).length,
  };
}

describe('a free-text field over its limit', () => {
  it.each(LIMITED)('is refused with 413 naming the field and the limit: %s', async (_, f) => {
    await f.prepare?.();
    const before = await written();
    const error = await errorOf(await f.send('x'.repeat(f.limit + 1)));
    expect(error).toMatchObject({ status: 413, code: f.tooLongCode });
    expect(error.message).toMatch(new RegExp(`^${f.field}: .*${f.limit.toLocaleString('en')} characters`));
    expect(await written()).toEqual(before);
  });

  it.each(LIMITED)('is refused with 413 however far over: %s, 100,000 characters or more', async (_, f) => {
    await f.prepare?.();
    expect(await errorOf(await f.send('x'.repeat(Math.max(100_000, f.limit + 100_000))))).toMatchObject({
      status: 413,
      code: f.tooLongCode,
    });
  });

  it.each(LIMITED)('is accepted exactly at the limit: %s', async (_, f) => {
    await f.prepare?.();
    expect((await f.send(f.fill?.(f.limit) ?? 'x'.repeat(f.limit))).status).toBeLessThan(300);
  });
});

describe('a free-text field holding a lone UTF-16 surrogate', () => {
  it.each(Object.entries(FIELDS))('is refused with 400 naming the field: %s', async (_, f) => {
    await f.prepare?.();
    const before = await written();
    // JSON.stringify writes the lone surrogate as the escape "\ud800", as a client may send it.
    const error = await errorOf(await f.send('lone \ud800 surrogate'));
    expect(error).toMatchObject({ status: 400, code: 'ill-formed-text' });
    expect(error.message.startsWith(`${f.field}: `)).toBe(true);
    expect(await written()).toEqual(before);
  });
});

describe('a free-text field holding a NUL, which no export can write and no upload may carry', () => {
  it.each(Object.entries(FIELDS))('is refused with 400 naming the field: %s', async (_, f) => {
    await f.prepare?.();
    const before = await written();
    const error = await errorOf(await f.send('Subject\u0000 to reservation'));
    expect(error).toMatchObject({ status: 400, code: 'ill-formed-text' });
    expect(error.message.startsWith(`${f.field}: `)).toBe(true);
    expect(await written()).toEqual(before);
  });
});

describe('a free-text field holding U+FFFD, what bytes that are not UTF-8 are read as', () => {
  it.each(Object.entries(FIELDS))('is refused with 400 naming the field: %s', async (_, f) => {
    await f.prepare?.();
    const before = await written();
    const error = await errorOf(await f.send('caf\uFFFD au lait'));
    expect(error).toMatchObject({ status: 400, code: 'ill-formed-text' });
    expect(error.message.startsWith(`${f.field}: `)).toBe(true);
    expect(await written()).toEqual(before);
  });

  it.each([
    ['Latin-1 declared as such', 'application/json; charset=iso-8859-1'],
    ['Latin-1 sent as JSON', 'application/json'],
  ])('refuses a comment whose body is %s, rather than store it changed', async (_, contentType) => {
    const before = await written();
    const response = await kit.app.request(`/api/documents/${doc.id}/blocks/${blockId}/comments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${france.token}`, 'content-type': contentType },
      // "café" in Latin-1: the é is the one byte 0xE9, which is no UTF-8.
      body: new Uint8Array([
        ...new TextEncoder().encode('{"body":"caf'),
        0xe9,
        ...new TextEncoder().encode('","visibility":"all"}'),
      ]),
    });
    expect(await errorOf(response)).toMatchObject({ status: 400, code: 'ill-formed-text' });
    expect(await written()).toEqual(before);
  });
});

describe('a required text that shows nothing (a zero-width space and the like, which trim() keeps)', () => {
  const INVISIBLE = '\u200b\u2060 \u00ad';
  it.each([
    ['a comment body', 'empty-comment'],
    ['a reason for breaking silence', 'reason-required'],
    ['a user name', 'invalid-request'],
    ['a document title', 'invalid-title'],
  ])('is refused with 400 naming the field: %s', async (name, code) => {
    const f = FIELDS[name] as Field;
    await f.prepare?.();
    const before = await written();
    const error = await errorOf(await f.send(INVISIBLE));
    expect(error).toMatchObject({ status: 400, code });
    expect(error.message.startsWith(`${f.field}: `)).toBe(true);
    expect(await written()).toEqual(before);
  });

  it('is no note on a revision, as an empty one is', async () => {
    const response = await (FIELDS['a revision note'] as Field).send(INVISIBLE);
    expect(response.status).toBe(201);
    expect(((await response.json()) as { note: string | null }).note).toBeNull();
  });

  it('is no note on a position, as an empty one is', async () => {
    const response = await (FIELDS['a position note'] as Field).send(INVISIBLE);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { note: string | null }).note).toBeNull();
  });
});
