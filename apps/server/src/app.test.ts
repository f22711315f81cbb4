import { readFileSync } from 'node:fs';
import { MAX_TEXT_BYTES, parseMarkdown, renderDocx } from '@accord/format';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type App, createApp, MAX_REQUEST_BODY_BYTES } from './app';
import { findDemoFixture } from './demo/seed-demo';
import { openSqliteStore, type SqliteStore } from './store/sqlite/open-sqlite-store';
import { LiveDocuments } from './sync/live-documents';

const ADMIN = 'admin-secret-token';
const fixture = readFileSync(findDemoFixture(), 'utf8');

let store: SqliteStore;
let documents: LiveDocuments;
let app: App;
const errors: unknown[] = [];

beforeEach(() => {
  store = openSqliteStore(':memory:');
  documents = new LiveDocuments(store, { idleUnloadMs: 60_000 });
  app = createApp({ store, documents, adminToken: ADMIN, logError: (_, e) => errors.push(e) });
});

afterEach(async () => {
  await documents.close();
  await store.close();
  errors.length = 0;
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function post(
  path: string,
  body: unknown,
  token: string | null = ADMIN,
  headers: Record<string, string> = {},
) {
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? bearer(token) : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function createUser(role: string, delegation?: string): Promise<{ id: string; token: string }> {
  const response = await post('/api/users', { name: `${role} ${delegation ?? ''}`.trim(), role, delegation });
  expect(response.status).toBe(201);
  return response.json() as Promise<{ id: string; token: string }>;
}

/** The confirmation page's form, posted from this site: `fields` (token, next), and a cookie if any. */
function confirmLogin(fields: Record<string, string>, headers: Record<string, string> = {}) {
  return app.request('/login', {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: 'http://localhost',
      host: 'localhost',
      ...headers,
    },
    body: new URLSearchParams(fields).toString(),
  });
}

async function errorOf(response: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, ...body.error };
}

describe('health and unknown routes', () => {
  it('answers /healthz once ready, with no disk to report for a database kept in memory', async () => {
    const response = await app.request('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, warnings: [] });
  });

  it('answers an unknown route with a JSON 404', async () => {
    expect(await errorOf(await app.request('/api/nothing-here', { headers: bearer(ADMIN) }))).toMatchObject({
      status: 404,
      code: 'not-found',
    });
  });

  it('answers a method a path does not take with 405 and Allow naming those it does', async () => {
    const documents = await app.request('/api/documents', { method: 'DELETE', headers: bearer(ADMIN) });
    expect(documents.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(await errorOf(documents)).toEqual({
      status: 405,
      code: 'method-not-allowed',
      message: '/api/documents takes GET, HEAD or POST, not DELETE',
    });
    const position = await app.request('/api/documents/x/blocks/y/position', {
      method: 'POST',
      headers: bearer(ADMIN),
    });
    expect(position.status).toBe(405);
    expect(position.headers.get('allow')).toBe('PUT, DELETE');
    expect((await app.request('/healthz', { method: 'OPTIONS' })).headers.get('allow')).toBe('GET, HEAD');
  });

  it('says where a path with a trailing slash would have been found', async () => {
    expect(await errorOf(await app.request('/api/documents/', { headers: bearer(ADMIN) }))).toEqual({
      status: 404,
      code: 'not-found',
      message: 'there is no GET /api/documents/ (without the trailing slash: /api/documents)',
    });
  });

  it.each([
    ['/api/openapi.json/', '/api/openapi.json'],
    ['/healthz/', '/healthz'],
  ])(
    'answers a public path with a trailing slash, %s, with the 404 hint, without credentials',
    async (path, trimmed) => {
      expect(await errorOf(await app.request(path))).toEqual({
        status: 404,
        code: 'not-found',
        message: `there is no GET ${path} (without the trailing slash: ${trimmed})`,
      });
    },
  );

  it('publishes an OpenAPI document generated from the route schemas', async () => {
    const response = await app.request('/api/openapi.json');
    expect(response.status).toBe(200);
    const doc = (await response.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/users', '/api/me', '/api/documents', '/api/documents/{id}', '/healthz']),
    );
  });
});

describe('the OpenAPI document’s query parameters', () => {
  it('lists the values the export and diff take as enums, which generated clients offer', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as {
      paths: Record<string, { get: { parameters: { name: string; schema: { enum?: string[] } }[] } }>;
    };
    const enumOf = (path: string, name: string) =>
      doc.paths[path]?.get.parameters.find((parameter) => parameter.name === name)?.schema.enum;
    expect(enumOf('/api/documents/{id}/export', 'format')).toEqual(['md', 'html', 'docx']);
    expect(enumOf('/api/documents/{id}/export', 'positions')).toEqual(['footnotes']);
    expect(enumOf('/api/documents/{id}/diff', 'format')).toEqual(['json', 'html', 'docx', 'text']);
    expect(enumOf('/api/documents/{id}/diff', 'insertions')).toEqual(['bold-underline', 'bold']);
  });
});

describe('request bodies', () => {
  interface JsonSchema {
    readonly $ref?: string;
    readonly type?: string;
    readonly properties?: Record<string, JsonSchema>;
    readonly additionalProperties?: unknown;
    readonly items?: JsonSchema;
    readonly anyOf?: readonly JsonSchema[];
    readonly oneOf?: readonly JsonSchema[];
  }

  it('declares every JSON body closed: a field the route does not know is refused, not dropped', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: JsonSchema }> } }>
      >;
      components: { schemas: Record<string, JsonSchema> };
    };
    const open: string[] = [];
    const visit = (schema: JsonSchema, where: string): void => {
      const resolved = schema.$ref ? doc.components.schemas[schema.$ref.split('/').at(-1) as string] : schema;
      if (resolved === undefined) return;
      if (resolved.type === 'object' && resolved.additionalProperties !== false) open.push(where);
      for (const [name, property] of Object.entries(resolved.properties ?? {}))
        visit(property, `${where}.${name}`);
      if (resolved.items) visit(resolved.items, `${where}[]`);
      for (const branch of [...(resolved.anyOf ?? []), ...(resolved.oneOf ?? [])]) visit(branch, where);
    };
    let bodies = 0;
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const json = operation.requestBody?.content['application/json'];
        if (json === undefined) continue;
        bodies++;
        visit(json.schema, `${method.toUpperCase()} ${path}`);
      }
    }
    expect(bodies).toBeGreaterThan(10);
    expect(open).toEqual([]);
  });

  it('names a field it does not know, a typing error as likely as not, and creates nothing', async () => {
    const { token } = await createUser('presidency');
    const response = await app.request('/api/documents', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ number: '7923/17', title: 'Conclusions', tittle: 'typo' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'unknown-field', message: 'tittle: no such field in this request' },
    });
    expect(await store.documents.list()).toEqual([]);
  });
});

describe('how a client authenticates', () => {
  it('declares in the OpenAPI document a bearer token or the session cookie for every route but the public ones', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as {
      components: { securitySchemes?: Record<string, Record<string, string>> };
      security?: unknown;
      paths: Record<string, Record<string, { security?: unknown }>>;
    };
    expect(doc.components.securitySchemes).toMatchObject({
      bearer: { type: 'http', scheme: 'bearer' },
      session: { type: 'apiKey', in: 'cookie', name: 'accord_session' },
    });
    expect(doc.security).toEqual([{ bearer: [] }, { session: [] }]);
    expect(doc.paths['/healthz']?.get?.security).toEqual([]);
    expect(doc.paths['/login']?.get?.security).toEqual([]);
    expect(doc.paths['/login']?.post?.security).toEqual([]);
    expect(doc.paths['/api/documents']?.get?.security).toBeUndefined();
  });

  it('answers a 401 with WWW-Authenticate naming the bearer scheme', async () => {
    for (const headers of [{}, bearer('not-a-token')]) {
      const response = await app.request('/api/me', { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="accord"');
    }
  });
});

describe('POST /api/users', () => {
  it('lets the admin create a delegate whose token then identifies them', async () => {
    const response = await post('/api/users', {
      name: 'France delegation',
      role: 'delegate',
      delegation: 'FR',
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: string; token: string };
    expect(created).toMatchObject({ name: 'France delegation', role: 'delegate', delegation: 'FR' });
    expect(Buffer.from(created.token, 'base64url')).toHaveLength(32);
    const me = await app.request('/api/me', { headers: bearer(created.token) });
    expect(await me.json()).toEqual({
      id: created.id,
      name: 'France delegation',
      role: 'delegate',
      delegation: 'FR',
    });
  });

  it('lets an observer carry an institution code', async () => {
    const response = await post('/api/users', { name: 'Commission', role: 'observer', delegation: 'COM' });
    expect(response.status).toBe(201);
  });

  it.each([
    ['malformed JSON', '{"name": "x", ', 'malformed-json', 'JSON'],
    ['a name of the wrong type', { name: 5, role: 'delegate', delegation: 'FR' }, 'invalid-request', 'name'],
    ['an unknown role', { name: 'X', role: 'king' }, 'invalid-request', 'role'],
    ['a missing name', { role: 'presidency' }, 'invalid-request', 'name'],
    ['a missing role', { name: 'X' }, 'invalid-request', 'role'],
    ['an empty body', {}, 'invalid-request', 'name'],
    ['a JSON array', [], 'invalid-request', 'body'],
    [
      'GR for Greece',
      { name: 'Greece', role: 'delegate', delegation: 'GR' },
      'invalid-delegation',
      'Greece is EL',
    ],
    ['a delegate without delegation', { name: 'X', role: 'delegate' }, 'invalid-delegation', 'delegation'],
    [
      'an unknown delegation',
      { name: 'X', role: 'delegate', delegation: 'XX' },
      'invalid-delegation',
      'delegation',
    ],
    [
      'a delegate for COM',
      { name: 'X', role: 'delegate', delegation: 'COM' },
      'invalid-delegation',
      'delegation',
    ],
    [
      'an observer for FR',
      { name: 'X', role: 'observer', delegation: 'FR' },
      'invalid-delegation',
      'observer',
    ],
    [
      'a presidency with a delegation',
      { name: 'X', role: 'presidency', delegation: 'MT' },
      'invalid-delegation',
      'delegation',
    ],
    [
      'a delegation of the wrong type',
      { name: 'X', role: 'delegate', delegation: 7 },
      'invalid-request',
      'delegation',
    ],
  ])('refuses %s with a 400 naming the field and writes nothing', async (_, body, code, mention) => {
    const result = await errorOf(await post('/api/users', body));
    expect(result).toMatchObject({ status: 400, code });
    expect(result.message).toContain(mention);
    expect(await store.users.count()).toBe(0);
  });

  it('refuses a body that is not declared as JSON with 415', async () => {
    const response = await app.request('/api/users', {
      method: 'POST',
      headers: { ...bearer(ADMIN), 'content-type': 'text/plain' },
      body: JSON.stringify({ name: 'X', role: 'presidency' }),
    });
    expect(await errorOf(response)).toMatchObject({ status: 415, code: 'unsupported-media-type' });
    expect(await store.users.count()).toBe(0);
  });

  it('names in a 415 what the route called takes: JSON, a form, or JSON or a file upload', async () => {
    const sent = (path: string, headers: Record<string, string>) =>
      app.request(path, { method: 'POST', headers: { ...headers, 'content-type': 'text/plain' }, body: 'x' });
    expect(await errorOf(await sent('/api/users', bearer(ADMIN)))).toEqual({
      status: 415,
      code: 'unsupported-media-type',
      message: 'the body must be JSON (Content-Type: application/json)',
    });
    expect(await errorOf(await sent('/login', { origin: 'http://localhost', host: 'localhost' }))).toEqual({
      status: 415,
      code: 'unsupported-media-type',
      message:
        'the body must be a form (Content-Type: application/x-www-form-urlencoded) or JSON (Content-Type: application/json)',
    });
    const presidency = await createUser('presidency');
    expect((await errorOf(await sent('/api/documents', bearer(presidency.token)))).message).toBe(
      'the body must be JSON (Content-Type: application/json) or a file upload (Content-Type: multipart/form-data)',
    );
  });

  it('refuses a form of fields (what `curl -d` sends) where a route takes JSON or a file, 415 naming both', async () => {
    const presidency = await createUser('presidency');
    const created = await post('/api/documents', { number: '7923/17', title: 'Draft' }, presidency.token);
    const { id } = (await created.json()) as { id: string };
    for (const path of ['/api/documents', `/api/documents/${id}/revisions`]) {
      const response = await app.request(path, {
        method: 'POST',
        headers: { ...bearer(presidency.token), 'content-type': 'application/x-www-form-urlencoded' },
        body: 'number=7924%2F17&title=Draft',
      });
      expect(await errorOf(response)).toEqual({
        status: 415,
        code: 'unsupported-media-type',
        message:
          'the body must be JSON (Content-Type: application/json) or a file upload (Content-Type: multipart/form-data)',
      });
    }
    expect(await store.documents.list()).toHaveLength(1);
    expect(await store.revisions.list(id)).toHaveLength(1);
  });

  it.each([
    [
      'UTF-16 with its byte-order mark',
      (json: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')]),
    ],
    ['UTF-16 big-endian without one', (json: string) => Buffer.from(json, 'utf16le').swap16()],
  ])('refuses JSON in %s with 415 saying it must be UTF-8, not that it is malformed', async (_, encode) => {
    const body = encode(JSON.stringify({ name: 'Anna', role: 'presidency' }));
    const response = await app.request('/api/users', {
      method: 'POST',
      headers: { ...bearer(ADMIN), 'content-type': 'application/json' },
      body: new Uint8Array(body),
    });
    expect(await errorOf(response)).toEqual({
      status: 415,
      code: 'json-not-utf8',
      message: 'JSON must be UTF-8 (RFC 8259), and this body is not (UTF-16?): send it as UTF-8',
    });
    expect(await store.users.count()).toBe(0);
  });

  it('takes JSON in UTF-8 with a byte-order mark, and still calls broken JSON malformed', async () => {
    const json = JSON.stringify({ name: 'Anna', role: 'presidency' });
    const withMark = await app.request('/api/users', {
      method: 'POST',
      headers: { ...bearer(ADMIN), 'content-type': 'application/json' },
      body: `\uFEFF${json}`,
    });
    expect(withMark.status).toBe(201);
    const broken = await app.request('/api/users', {
      method: 'POST',
      headers: { ...bearer(ADMIN), 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(await errorOf(broken)).toMatchObject({ status: 400, code: 'malformed-json' });
  });

  it('refuses an oversized body with 413 and writes nothing', async () => {
    const name = 'x'.repeat(MAX_REQUEST_BODY_BYTES);
    const result = await errorOf(await post('/api/users', { name, role: 'presidency' }));
    expect(result).toMatchObject({ status: 413, code: 'body-too-large' });
    expect(await store.users.count()).toBe(0);
  });

  it('refuses a text over the readers’ limit with 413 naming it, whether sent as JSON or as a file', async () => {
    const presidency = await createUser('presidency');
    const markdown = `1. ${'x'.repeat(MAX_TEXT_BYTES)}\n`;
    expect(await errorOf(await post('/api/documents', { markdown }, presidency.token))).toEqual({
      status: 413,
      code: 'too-large',
      message: `markdown: the Markdown is larger than ${MAX_TEXT_BYTES} bytes`,
    });
    const created = await post('/api/documents', { number: '7923/17', title: 'Draft' }, presidency.token);
    const { id } = (await created.json()) as { id: string };
    expect(
      await errorOf(await post(`/api/documents/${id}/revisions`, { markdown }, presidency.token)),
    ).toEqual({
      status: 413,
      code: 'too-large',
      message: `markdown: the Markdown is larger than ${MAX_TEXT_BYTES} bytes`,
    });
    const form = new FormData();
    form.append('file', new Blob([markdown]), 'rev.md');
    const uploaded = await app.request(`/api/documents/${id}/revisions`, {
      method: 'POST',
      headers: bearer(presidency.token),
      body: form,
    });
    expect(await errorOf(uploaded)).toEqual({
      status: 413,
      code: 'too-large',
      message: `rev.md: the file is larger than ${MAX_TEXT_BYTES} bytes, the limit for text formats`,
    });
    expect(await store.documents.list()).toHaveLength(1);
    expect(await store.revisions.list(id)).toHaveLength(1);
  });

  it('answers 401 without credentials or with a bad token, and 403 for a role that may not manage users', async () => {
    expect((await post('/api/users', { name: 'X', role: 'presidency' }, null)).status).toBe(401);
    expect((await post('/api/users', { name: 'X', role: 'presidency' }, 'not-a-token')).status).toBe(401);
    const presidency = await createUser('presidency');
    const result = await errorOf(
      await post('/api/users', { name: 'X', role: 'presidency' }, presidency.token),
    );
    expect(result).toMatchObject({ status: 403, code: 'forbidden' });
    expect(await store.users.count()).toBe(1);
  });

  it('answers 401 for a malformed Authorization header', async () => {
    const response = await app.request('/api/me', { headers: { authorization: 'Basic abc' } });
    expect(response.status).toBe(401);
  });
});

describe('documents', () => {
  it('creates a document from the fixture and serves its live text', async () => {
    const presidency = await createUser('presidency');
    const response = await post('/api/documents', { markdown: fixture }, presidency.token);
    expect(response.status).toBe(201);
    const created = (await response.json()) as {
      id: string;
      number: string;
      title: string;
      revision: number;
      metadata: { number: string; codes: string[] };
      blocks: { id: string; kind: string; number: string | null; text: string }[];
      footnotes: { blockId: string }[];
      upload: unknown;
    };
    expect(created).toMatchObject({
      number: '9916/17',
      revision: 0,
      upload: { positionFootnotesDropped: 0 },
    });
    expect(created.title).toMatch(/^Draft Council Conclusions on a Framework/);
    expect(created.metadata.codes).toContain('CYBER 91');
    expect(created.blocks.length).toBeGreaterThan(5);
    expect(created.blocks[0]).toMatchObject({ kind: 'numbered', number: '1' });
    expect(created.footnotes.length).toBeGreaterThan(0);

    const delegate = await createUser('delegate', 'FR');
    const list = await app.request('/api/documents', { headers: bearer(delegate.token) });
    expect(await list.json()).toEqual([
      {
        id: created.id,
        number: '9916/17',
        title: created.title,
        revision: 0,
        label: '9916/17',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        silenceUntil: null,
        forwardedAs: [],
        forwards: null,
        corrects: null,
        correctedBy: [],
      },
    ]);
    const read = await app.request(`/api/documents/${created.id}`, { headers: bearer(delegate.token) });
    // The same document, without the answer about the upload, and gone forward as no item note.
    const { upload: _, ...document } = created;
    expect(await read.json()).toEqual({
      ...document,
      forwardedAs: [],
      forwards: null,
      corrects: null,
      correctedBy: [],
    });
  });

  it('creates a blank document from a number and a title', async () => {
    const secretariat = await createUser('secretariat');
    const response = await post(
      '/api/documents',
      { number: ' 7923/17 ', title: 'Cyber diplomacy' },
      secretariat.token,
    );
    expect(response.status).toBe(201);
    const created = (await response.json()) as {
      number: string;
      title: string;
      blocks: unknown[];
      metadata: object;
    };
    expect(created).toMatchObject({ number: '7923/17', title: 'Cyber diplomacy' });
    expect(created.metadata).toMatchObject({ number: '7923/17', subject: 'Cyber diplomacy' });
    expect(created.blocks).toEqual([{ id: expect.any(String), kind: 'numbered', number: '1', text: '' }]);
  });

  it.each([
    ['a bad number', { number: '9916/2017', title: 'T' }, 'invalid-number', 'number'],
    ['a bare suffix as number', { number: 'ADD 1', title: 'T' }, 'invalid-number', 'number'],
    ['a missing title', { number: '9916/17' }, 'invalid-request', 'title'],
    ['an empty title', { number: '9916/17', title: '  ' }, 'invalid-title', 'title'],
    ['nothing at all', {}, 'invalid-request', 'number'],
    ['a number of the wrong type', { number: 9916, title: 'T' }, 'invalid-request', 'number'],
    ['markdown and a number', { markdown: fixture, number: '9916/17' }, 'invalid-request', 'markdown'],
  ])('refuses %s with a 400 naming the field and stores nothing', async (_, body, code, mention) => {
    const presidency = await createUser('presidency');
    const result = await errorOf(await post('/api/documents', body, presidency.token));
    expect(result).toMatchObject({ status: 400, code });
    expect(result.message).toContain(mention);
    expect(await store.documents.list()).toEqual([]);
  });

  it.each([
    ['ADD 1', '"9916/17 ADD 1"'],
    ['cor 1', '"9916/17 COR 1"'],
    ['ADD 1 REV 1', '"9916/17 ADD 1 REV 1"'],
  ])(
    'refuses the bare suffix %j as a number, with an example of that suffix on a number',
    async (number, example) => {
      const presidency = await createUser('presidency');
      const result = await errorOf(await post('/api/documents', { number, title: 'T' }, presidency.token));
      expect(result).toMatchObject({ status: 400, code: 'invalid-number' });
      expect(result.message).toContain(`names no document (write e.g. ${example})`);
    },
  );

  it('creates a document from an uploaded .docx or .md file (multipart, field "file")', async () => {
    const presidency = await createUser('presidency');
    const parsed = parseMarkdown(fixture, {
      newId: (() => {
        let n = 0;
        return () => `b${n++}`;
      })(),
    });
    if (!parsed.ok) throw new Error(parsed.error.message);
    const files: [Blob, string, string][] = [
      [new Blob([(await renderDocx(parsed.value)) as Uint8Array<ArrayBuffer>]), '9916-17.docx', '9916/17'],
      [new Blob([fixture.replace('**9916/17**', '**9917/17**')]), '9917-17.md', '9917/17'],
    ];
    for (const [file, name, number] of files) {
      const form = new FormData();
      form.append('file', file, name);
      const response = await app.request('/api/documents', {
        method: 'POST',
        headers: bearer(presidency.token),
        body: form,
      });
      expect(response.status, name).toBe(201);
      const created = (await response.json()) as {
        number: string;
        title: string;
        blocks: { text: string }[];
      };
      expect(created.number).toBe(number);
      expect(created.title).toMatch(/^Draft Council Conclusions on a Framework/);
      expect(created.blocks.map((b) => b.text)).toEqual(parsed.value.blocks.map((b) => b.text));
    }
    expect(await store.documents.list()).toHaveLength(2);
  });

  it('refuses a text whose header number is written wrong, saying how to write it, and stores nothing', async () => {
    const presidency = await createUser('presidency');
    const mistyped = fixture.replace('**9916/17**', '**9916/17 REV 1**');
    expect(mistyped).not.toBe(fixture);
    const form = new FormData();
    form.append('file', new Blob([mistyped]), '9916-17.md');
    const sends: [string, () => Response | Promise<Response>][] = [
      ['markdown', () => post('/api/documents', { markdown: mistyped }, presidency.token)],
      [
        'file',
        () =>
          app.request('/api/documents', { method: 'POST', headers: bearer(presidency.token), body: form }),
      ],
    ];
    for (const [field, send] of sends) {
      expect(await errorOf(await send())).toEqual({
        status: 400,
        code: 'invalid-number',
        message: `${field}: the number in its header, 9916/17 REV 1, is not one the register reads: a revision repeats its number inside the document number: write 9916/1/17 REV 1`,
      });
    }
    expect(await store.documents.list()).toEqual([]);
  });

  it('refuses a file sent with a field the upload does not take, such as a number the file would not get', async () => {
    const presidency = await createUser('presidency');
    const form = new FormData();
    form.append('file', new Blob([fixture]), '9916-17.md');
    form.append('number', '7923/17');
    const response = await app.request('/api/documents', {
      method: 'POST',
      headers: bearer(presidency.token),
      body: form,
    });
    expect(await errorOf(response)).toEqual({
      status: 400,
      code: 'unknown-field',
      message: 'number: no such field in this request',
    });
    expect(await store.documents.list()).toEqual([]);
  });

  it('imports a text under a number another has: a text imported again is a document of its own', async () => {
    const presidency = await createUser('presidency');
    const form = new FormData();
    form.append('file', new Blob([fixture]), '9916-17.md');
    // The fixture twice (a script importing it into the demo, which holds 9916/17), then as a file.
    const sends = [
      () => post('/api/documents', { markdown: fixture }, presidency.token),
      () => post('/api/documents', { markdown: fixture }, presidency.token),
      () => app.request('/api/documents', { method: 'POST', headers: bearer(presidency.token), body: form }),
    ];
    const numbers: string[] = [];
    for (const send of sends) {
      const response = await send();
      expect(response.status).toBe(201);
      numbers.push(((await response.json()) as { number: string }).number);
    }
    expect(numbers).toEqual(['9916/17', '9916/17', '9916/17']);
    expect(new Set((await store.documents.list()).map((d) => d.id)).size).toBe(3);
  });

  it('refuses a blank document a number another document has, however written, with 409 naming the holder', async () => {
    const presidency = await createUser('presidency');
    const imported = (await (
      await post('/api/documents', { markdown: fixture }, presidency.token)
    ).json()) as {
      id: string;
      title: string;
    };
    const corrigendum = (await (
      await post('/api/documents', { number: '9916/17 COR 1', title: 'Corrigendum' }, presidency.token)
    ).json()) as { id: string };
    const cases = [
      ['ST 9916 2017 COR 1', { id: corrigendum.id, number: '9916/17 COR 1', title: 'Corrigendum' }],
      ['9916/17 COR 1', { id: corrigendum.id, number: '9916/17 COR 1', title: 'Corrigendum' }],
      ['ST 9916 2017 INIT', { id: imported.id, number: '9916/17', title: imported.title }],
      ['9916/1/17 REV 1', { id: imported.id, number: '9916/17', title: imported.title }],
    ] as const;
    for (const [number, holder] of cases) {
      const response = await post('/api/documents', { number, title: 'Again' }, presidency.token);
      expect(response.status, number).toBe(409);
      const body = (await response.json()) as { error: { code: string; message: string; holder: unknown } };
      expect(body.error).toMatchObject({ code: 'number-taken', holder });
      expect(body.error.message).toContain(holder.title);
    }
    expect((await store.documents.list()).map((d) => d.id)).toEqual([imported.id, corrigendum.id]);
    const openapi = (await (await app.request('/api/openapi.json')).json()) as {
      paths: Record<string, { post: { responses: Record<string, { description: string }> } }>;
    };
    expect(openapi.paths['/api/documents']?.post.responses['409']?.description).toContain('number-taken');
  });

  it.each([
    ['a file of another kind', new Blob(['plain text']), 'notes.txt', 'unsupported-format'],
    ['a .docx that is not one', new Blob(['PK not a zip']), 'broken.docx', 'invalid-upload'],
  ])('refuses %s with a 400 and stores nothing', async (_, file, name, code) => {
    const presidency = await createUser('presidency');
    const form = new FormData();
    form.append('file', file, name);
    const result = await errorOf(
      await app.request('/api/documents', { method: 'POST', headers: bearer(presidency.token), body: form }),
    );
    expect(result).toMatchObject({ status: 400, code });
    expect(result.message).toContain(name);
    expect(await store.documents.list()).toEqual([]);
  });

  it.each([
    [
      'cut off before its end',
      'multipart/form-data; boundary=XX',
      '--XX\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc',
    ],
    ['without a boundary', 'multipart/form-data', 'not a form'],
  ])('refuses a multipart body %s with a 400 malformed-form and stores nothing', async (_, type, body) => {
    const presidency = await createUser('presidency');
    const response = await app.request('/api/documents', {
      method: 'POST',
      headers: { ...bearer(presidency.token), 'content-type': type },
      body,
    });
    expect(await errorOf(response)).toEqual({
      status: 400,
      code: 'malformed-form',
      message: 'the request body is not a valid multipart/form-data form',
    });
    expect(await store.documents.list()).toEqual([]);
  });

  it('refuses a form without a file with a 400 naming the field', async () => {
    const presidency = await createUser('presidency');
    const form = new FormData();
    form.append('note', 'no file');
    const result = await errorOf(
      await app.request('/api/documents', { method: 'POST', headers: bearer(presidency.token), body: form }),
    );
    expect(result).toMatchObject({ status: 400 });
    expect(result.message).toContain('file');
    expect(await store.documents.list()).toEqual([]);
  });

  it('lets neither a delegate nor an archivist create a document', async () => {
    for (const [role, delegation] of [['delegate', 'FR'], ['archivist'], ['observer', 'COM']] as const) {
      const user = await createUser(role, delegation);
      expect(
        await errorOf(await post('/api/documents', { number: '9916/17', title: 'T' }, user.token)),
      ).toEqual({
        status: 403,
        code: 'forbidden',
        message: `the ${role} role may not create documents`,
      });
    }
    expect(await store.documents.list()).toEqual([]);
  });

  it('tells a caller without the right 403 before reading what it sent', async () => {
    const delegate = await createUser('delegate', 'FR');
    const presidency = await createUser('presidency');
    const { id } = (await (
      await post('/api/documents', { number: '9916/17', title: 'T' }, presidency.token)
    ).json()) as {
      id: string;
    };
    for (const path of ['/api/documents', `/api/documents/${id}/revisions`, '/api/users']) {
      for (const body of ['{ not json', '{"markdown": 42}']) {
        expect(await errorOf(await post(path, body, delegate.token))).toMatchObject({
          status: 403,
          code: 'forbidden',
        });
      }
    }
  });

  it('answers 404 for an unknown document', async () => {
    const delegate = await createUser('delegate', 'FR');
    const result = await errorOf(
      await app.request('/api/documents/nope', { headers: bearer(delegate.token) }),
    );
    expect(result).toMatchObject({ status: 404, code: 'document-not-found' });
  });
});

describe('browser sessions', () => {
  async function login(token: string) {
    return app.request(`/login?token=${encodeURIComponent(token)}`);
  }

  it('turns a login link into an HttpOnly, SameSite=Strict cookie that is not the token', async () => {
    const delegate = await createUser('delegate', 'DE');
    const response = await login(delegate.token);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/');
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^accord_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toContain(delegate.token);
    const session = cookie.split(';')[0] as string;
    const me = await app.request('/api/me', { headers: { cookie: session } });
    expect(((await me.json()) as { delegation: string }).delegation).toBe('DE');
  });

  it('asks before a link followed from another site signs this browser in (login CSRF)', async () => {
    const germany = await createUser('delegate', 'DE');
    for (const site of ['cross-site', 'same-site']) {
      const response = await app.request(`/login?token=${encodeURIComponent(germany.token)}`, {
        headers: { 'sec-fetch-site': site },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('set-cookie')).toBeNull();
      expect(response.headers.get('cache-control')).toBe('no-store');
      const page = await response.text();
      expect(page).toContain('<form method="post" action="/login">');
      expect(page).toContain('Sign in to Accord as delegate DE (delegate, DE)?');
    }
    const form = (origin: string) =>
      app.request('/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin, host: 'localhost' },
        body: new URLSearchParams({ token: germany.token }).toString(),
      });
    // A hostile page cannot post the form for the victim (nor claim to be us without an Origin).
    const forged = await form('https://evil.example');
    const unsure = await form('null');
    expect(unsure.status).toBe(403);
    expect(forged.status).toBe(403);
    expect(forged.headers.get('set-cookie')).toBeNull();
    const confirmed = await form('http://localhost');
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe('/');
    const session = (confirmed.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const me = await app.request('/api/me', { headers: { cookie: session } });
    expect(((await me.json()) as { delegation: string }).delegation).toBe('DE');
  });

  it('shows a name holding markup on the confirmation page as text', async () => {
    const created = await post('/api/users', {
      name: '<img src=x onerror=alert(1)> "Kim"',
      role: 'delegate',
      delegation: 'DE',
    });
    const { token } = (await created.json()) as { token: string };
    const response = await app.request(`/login?token=${encodeURIComponent(token)}`, {
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    const page = await response.text();
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;Kim&quot; (delegate, DE)');
  });

  it('asks before replacing the session of someone else, and signs nobody in on a HEAD', async () => {
    const germany = await createUser('delegate', 'DE');
    const france = await createUser('delegate', 'FR');
    const session = ((await login(germany.token)).headers.get('set-cookie') ?? '').split(';')[0] as string;
    const other = await app.request(`/login?token=${encodeURIComponent(france.token)}`, {
      headers: { cookie: session },
    });
    expect(other.status).toBe(200);
    expect(other.headers.get('set-cookie')).toBeNull();
    expect(await other.text()).toContain('This browser is signed in as delegate DE (delegate, DE)');
    const same = await app.request(`/login?token=${encodeURIComponent(germany.token)}`, {
      headers: { cookie: session },
    });
    expect(same.status).toBe(302);
    const head = await app.request(`/login?token=${encodeURIComponent(france.token)}`, { method: 'HEAD' });
    expect(head.headers.get('set-cookie')).toBeNull();
    // Confirmed: the page said Germany's session ends, and it does.
    const confirmed = await confirmLogin({ token: france.token }, { cookie: session });
    expect(confirmed.status).toBe(303);
    expect((await app.request('/api/me', { headers: { cookie: session } })).status).toBe(401);
    const replaced = (confirmed.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const me = await app.request('/api/me', { headers: { cookie: replaced } });
    expect(((await me.json()) as { delegation: string }).delegation).toBe('FR');
  });

  it('sends a login link carrying a path of this site there once signed in, and any other next to the list', async () => {
    const germany = await createUser('delegate', 'DE');
    const linkTo = (next: string) =>
      `/login?token=${encodeURIComponent(germany.token)}&next=${encodeURIComponent(next)}`;
    const followed = await app.request(linkTo('/documents/abc#block-1'));
    expect(followed.status).toBe(302);
    expect(followed.headers.get('location')).toBe('/documents/abc#block-1');
    expect(followed.headers.get('set-cookie')).toMatch(/^accord_session=/);
    // Never an open redirect: the link still signs in, and goes to the list.
    for (const next of ['https://evil.example/', '//evil.example', '/\\evil.example']) {
      const response = await app.request(linkTo(next));
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('/');
    }
    // Confirmed on the page that asks first, it goes there too.
    const asked = await app.request(linkTo('/documents/abc'), {
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(await asked.text()).toContain('<input type="hidden" name="next" value="/documents/abc">');
    const confirmed = await confirmLogin({ token: germany.token, next: '/documents/abc' });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe('/documents/abc');
    const head = await app.request(linkTo('/documents/abc'), { method: 'HEAD' });
    expect(head.headers.get('location')).toBe('/documents/abc');
  });

  it('answers a pasted link’s next, sent as JSON, when it is a path of this site, else /, as the form goes', async () => {
    const germany = await createUser('delegate', 'DE');
    const paste = (next: unknown) =>
      app.request('/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://localhost', host: 'localhost' },
        body: JSON.stringify({ token: germany.token, next }),
      });
    for (const [next, answered] of [
      ['/documents/abc#block-1', '/documents/abc#block-1'],
      ['/documents/abc?rev=2', '/documents/abc?rev=2'],
      ['//evil.example/x', '/'],
      ['https://evil.example/x', '/'],
      ['/\\evil.example', '/'],
      ['documents/abc', '/'],
      [`/${'a'.repeat(3_000)}`, '/'],
    ]) {
      const signedIn = await paste(next);
      expect(signedIn.status).toBe(200);
      expect(await signedIn.json()).toEqual({ signedIn: true, next: answered });
      // The same as a confirmed form would go to.
      const confirmed = await confirmLogin({ token: germany.token, next: next as string });
      expect(confirmed.headers.get('location')).toBe(answered);
    }
    expect(await errorOf(await paste(42))).toMatchObject({ status: 400, code: 'invalid-request' });
  });

  it('signs in with a pasted token sent as JSON, refuses one nobody has with a 401, and replaces no one else’s session', async () => {
    const germany = await createUser('delegate', 'DE');
    const france = await createUser('delegate', 'FR');
    const paste = (token: unknown, headers: Record<string, string> = {}) =>
      app.request('/login', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: 'http://localhost',
          host: 'localhost',
          ...headers,
        },
        body: JSON.stringify({ token }),
      });
    const refused = await paste('not-the-token-anyone-has');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('set-cookie')).toBeNull();
    expect(await refused.json()).toEqual({
      error: { code: 'unauthorized', message: 'this login link is not valid' },
    });
    // The admin token opens no session, as a link.
    expect((await paste(ADMIN)).status).toBe(401);

    const signedIn = await paste(germany.token);
    expect(signedIn.status).toBe(200);
    expect(await signedIn.json()).toEqual({ signedIn: true, next: '/' });
    const session = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const me = await app.request('/api/me', { headers: { cookie: session } });
    expect(((await me.json()) as { delegation: string }).delegation).toBe('DE');

    const other = await paste(france.token, { cookie: session });
    expect(other.status).toBe(409);
    expect(other.headers.get('set-cookie')).toBeNull();
    expect(await other.json()).toEqual({
      error: {
        code: 'signed-in-as-another-user',
        message:
          'this browser is signed in as delegate DE (delegate, DE): open the login link itself to confirm signing in as delegate FR (delegate, FR)',
      },
    });
    // Still a page of this site alone, and still a request with a token: no token is a 400.
    expect((await paste(germany.token, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await paste(undefined)).status).toBe(400);
    const misspelt = await app.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost', host: 'localhost' },
      body: JSON.stringify({ token: germany.token, nxt: '/documents/abc' }),
    });
    expect(await errorOf(misspelt)).toMatchObject({ status: 400, code: 'unknown-field' });
    const text = await app.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'http://localhost', host: 'localhost' },
      body: germany.token,
    });
    expect(text.status).toBe(415);
    const empty = await app.request('/login', {
      method: 'POST',
      headers: { origin: 'http://localhost', host: 'localhost' },
    });
    expect(await errorOf(empty)).toEqual({
      status: 400,
      code: 'invalid-request',
      message: 'token: required',
    });
  });

  it('refuses a bad login link with 401', async () => {
    expect((await login('nope')).status).toBe(401);
    expect((await app.request('/login')).status).toBe(401);
  });

  it('refuses a cookie-authenticated change from another origin and logs out from our own', async () => {
    const presidency = await createUser('presidency');
    const session = ((await login(presidency.token)).headers.get('set-cookie') ?? '').split(';')[0] as string;
    const body = { number: '9916/17', title: 'T' };
    const forged = await post('/api/documents', body, null, {
      cookie: session,
      origin: 'https://evil.example',
    });
    expect(forged.status).toBe(403);
    for (const origin of ['http://evil@localhost', 'http://localhost/', 'http://localhost/x']) {
      const odd = await post('/api/documents', body, null, { cookie: session, origin, host: 'localhost' });
      expect(odd.status, origin).toBe(403);
    }
    const missing = await post('/api/documents', body, null, { cookie: session });
    expect(missing.status).toBe(403);
    expect(await store.documents.list()).toEqual([]);
    const own = await post('/api/documents', body, null, {
      cookie: session,
      origin: 'http://localhost',
      host: 'localhost',
    });
    expect(own.status).toBe(201);
    const logout = await post('/api/logout', {}, null, {
      cookie: session,
      origin: 'http://localhost',
      host: 'localhost',
    });
    expect(logout.status).toBe(204);
    expect((await app.request('/api/me', { headers: { cookie: session } })).status).toBe(401);
  });
});

describe('failures', () => {
  it('answers a failure of its own with a generic 500 and no stack trace', async () => {
    // A store of its own, closed under the app: the shared one must stay open for afterEach.
    const closed = openSqliteStore(':memory:');
    const broken = createApp({
      store: closed,
      documents: new LiveDocuments(closed),
      adminToken: ADMIN,
      logError: (_, e) => errors.push(e),
    });
    await closed.close();
    const response = await broken.request('/api/documents', { headers: bearer(ADMIN) });
    const result = await errorOf(response);
    expect(result).toEqual({
      status: 500,
      code: 'internal',
      message: 'the server failed to handle this request',
    });
    expect(errors).toHaveLength(1);
  });
});
