/**
 * API fuzz: every route and method of the server's own OpenAPI document (so a new route is battered
 * without a line here; a route the router serves that the document leaves out fails the test), called
 * over real HTTP, as a caller the route allows and as one it does not, with a fixed battery of bad
 * input: JSON that does not parse or is of the wrong type, a missing or wrongly typed field, huge and
 * ill-formed strings, identity and unknown fields, the wrong Content-Type, an empty body, numbers at
 * their edges, hostile uploads, path ids that name nothing or climb out (`..`, `%00`, very long), query
 * values of the wrong kind, credentials that are none, methods the route does not have; and, route by
 * route, requests well formed but refused on their merits where part of them could have been written.
 * Every answer is below 500, every 4xx is the JSON error `{ error: { code, message } }`, and its status
 * is one the route's operation documents (`openapi-conformance.test.ts` checks the bodies). A refused
 * request writes nothing: the store reads the same after it as before, and the GET answers (live
 * text, consensus, comments, revisions, audit, documents) the same after a route's battery. The
 * requests that succeed (legitimate text such as a right-to-left override in a note, a field the route
 * drops) are listed, each with why it may. The sync upgrade is refused with the same JSON error.
 *
 * A handwritten table rather than generated values: every failure names its route, caller and case,
 * and every run sends the same requests.
 */
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  createApp,
  LiveDocuments,
  openSqliteStore,
  SQLITE_FILE_NAME,
  type SqliteStore,
} from '@accord/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  FIXTURE_PATH,
  makeTempDir,
  onTeardown,
  startTestServer,
  type TestUser,
  teardown,
} from '../server/harness';
import {
  fetchOpenApiDocument,
  findOperation,
  listOperations,
  type OpenApiDocument,
  type Operation,
  resolveSchema as resolveIn,
  type Schema,
} from '../support/openapi-document';

afterAll(teardown);

/** The server's clock: fixed, so that no silence procedure lapses while the battery runs. */
const NOW = Date.parse('2017-06-07T10:00:00.000Z');

// ---------------------------------------------------------------------------------------------------
// Raw HTTP: fetch would resolve `..` and refuse some bodies; a route must answer whatever arrives.

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

interface Sent {
  readonly method: string;
  /** As sent on the request line, not normalised. */
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
}

let baseUrl: URL;

function send({ method, path, headers = {}, body }: Sent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        agent,
        host: baseUrl.hostname,
        port: baseUrl.port,
        method,
        path,
        headers: {
          ...headers,
          ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
        },
      },
      (response) => {
        // An event stream never ends: its headers are the answer.
        if (/^text\/event-stream/.test(response.headers['content-type'] ?? '')) {
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text: '' });
          response.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

// ---------------------------------------------------------------------------------------------------
// The workspace: a document from the fixture, one user of each role, some state to lose.

let store: SqliteStore;
let documents: LiveDocuments;
const serverErrors: string[] = [];
let api: Awaited<ReturnType<typeof startTestServer>>;
let documentId: string;
let blockId: string;
let otherBlockId: string;
let commentId: string;
const callers = new Map<string, TestUser | null>();

let openapi: OpenApiDocument;

beforeAll(async () => {
  api = await startTestServer({
    now: () => NOW,
    logError: (message, error) => serverErrors.push(`${message}: ${String(error)}`),
  });
  onTeardown(() => agent.destroy());
  store = api.store;
  documents = api.server.documents;
  baseUrl = new URL(api.server.url);

  const presidency = await api.createUser('presidency');
  callers.set('anonymous', null);
  callers.set('admin', { id: 'admin', name: 'admin', role: 'admin', delegation: null, token: ADMIN_TOKEN });
  callers.set('presidency', presidency);
  callers.set('secretariat', await api.createUser('secretariat'));
  callers.set('FR', await api.createUser('delegate', 'FR'));
  callers.set('DE', await api.createUser('delegate', 'DE'));
  callers.set('COM', await api.createUser('observer', 'COM'));
  callers.set('archivist', await api.createUser('archivist'));

  documentId = (await api.createDocument(presidency.token, { markdown: readFileSync(FIXTURE_PATH, 'utf8') }))
    .id;
  const blocks = (await api.readDocument(presidency.token, documentId)).blocks;
  blockId = blocks[3]?.id as string;
  otherBlockId = blocks[4]?.id as string;
  const token = (name: string) => (callers.get(name) as TestUser).token;
  const ok = async (response: Response, status: number) => {
    expect(response.status, await response.clone().text()).toBe(status);
    return (await response.json()) as Record<string, unknown>;
  };
  const doc = `/api/documents/${documentId}`;
  await ok(
    await api.request('PUT', `${doc}/blocks/${blockId}/position`, token('FR'), { position: 'oppose' }),
    200,
  );
  await ok(await api.request('PUT', `${doc}/position`, token('FR'), { position: 'reservation' }), 200);
  await ok(
    await api.request('PUT', `${doc}/blocks/${blockId}/commission-reservation`, token('COM'), {
      position: 'reservation',
    }),
    200,
  );
  const comment = await ok(
    await api.request('POST', `${doc}/blocks/${blockId}/comments`, token('FR'), {
      body: 'France comments',
      visibility: 'all',
    }),
    201,
  );
  commentId = comment.id as string;
  // Two revisions: a file naming REV 1 is then one edited before REV 2 was issued.
  await ok(await api.request('POST', `${doc}/revisions`, token('presidency'), { note: 'first' }), 201);
  await ok(await api.request('POST', `${doc}/revisions`, token('presidency'), { note: 'second' }), 201);
  openapi = await fetchOpenApiDocument(api.server.url);
});

// ---------------------------------------------------------------------------------------------------
// Who calls each route: one it allows, one it does not (a route the table lacks takes the default).

interface Access {
  readonly allowed: string;
  /** null: everyone may (the health check); the battery is sent once. */
  readonly refused: string | null;
}

const DEFAULT_ACCESS: Access = { allowed: 'presidency', refused: 'anonymous' };

const ACCESS: Record<string, Access> = {
  'get /healthz': { allowed: 'anonymous', refused: null },
  'get /login': { allowed: 'anonymous', refused: null },
  'post /login': { allowed: 'anonymous', refused: null },
  'post /api/logout': { allowed: 'FR', refused: 'anonymous' },
  'post /api/users': { allowed: 'admin', refused: 'presidency' },
  'get /api/me': { allowed: 'COM', refused: 'anonymous' },
  'post /api/documents': { allowed: 'presidency', refused: 'FR' },
  'get /api/documents': { allowed: 'archivist', refused: 'anonymous' },
  'get /api/documents/{id}': { allowed: 'archivist', refused: 'anonymous' },
  'put /api/documents/{id}/blocks/{blockId}/position': { allowed: 'FR', refused: 'COM' },
  'delete /api/documents/{id}/blocks/{blockId}/position': { allowed: 'DE', refused: 'presidency' },
  'put /api/documents/{id}/positions': { allowed: 'FR', refused: 'COM' },
  'get /api/documents/{id}/blocks/{blockId}/position/changes': { allowed: 'FR', refused: 'presidency' },
  'put /api/documents/{id}/position': { allowed: 'FR', refused: 'secretariat' },
  'delete /api/documents/{id}/position': { allowed: 'DE', refused: 'secretariat' },
  'put /api/documents/{id}/blocks/{blockId}/commission-reservation': { allowed: 'COM', refused: 'FR' },
  'delete /api/documents/{id}/blocks/{blockId}/commission-reservation': { allowed: 'COM', refused: 'FR' },
  'get /api/documents/{id}/blocks/{blockId}/commission-reservation/changes': {
    allowed: 'COM',
    refused: 'FR',
  },
  'put /api/documents/{id}/commission-reservation': { allowed: 'COM', refused: 'DE' },
  'delete /api/documents/{id}/commission-reservation': { allowed: 'COM', refused: 'DE' },
  'get /api/documents/{id}/consensus': { allowed: 'archivist', refused: 'anonymous' },
  'post /api/documents/{id}/silence': { allowed: 'presidency', refused: 'secretariat' },
  'post /api/documents/{id}/silence/break': { allowed: 'DE', refused: 'presidency' },
  'post /api/documents/{id}/silence/cancel': { allowed: 'presidency', refused: 'FR' },
  'post /api/documents/{id}/blocks/{blockId}/comments': { allowed: 'FR', refused: 'archivist' },
  'get /api/documents/{id}/comments': { allowed: 'COM', refused: 'anonymous' },
  // DE may comment, but not settle France's comment.
  'post /api/documents/{id}/comments/{commentId}/resolve': { allowed: 'FR', refused: 'DE' },
  'post /api/documents/{id}/comments/{commentId}/reopen': { allowed: 'FR', refused: 'DE' },
  'get /api/documents/{id}/audit': { allowed: 'archivist', refused: 'FR' },
  'get /api/documents/{id}/events': { allowed: 'DE', refused: 'anonymous' },
  'post /api/documents/{id}/item-note': { allowed: 'secretariat', refused: 'FR' },
  'post /api/documents/{id}/revisions': { allowed: 'secretariat', refused: 'COM' },
  'get /api/documents/{id}/revisions': { allowed: 'archivist', refused: 'anonymous' },
  'get /api/documents/{id}/revisions/{rev}': { allowed: 'archivist', refused: 'anonymous' },
  'get /api/documents/{id}/diff': { allowed: 'archivist', refused: 'anonymous' },
  'post /api/diff': { allowed: 'archivist', refused: 'anonymous' },
  'get /api/documents/{id}/export': { allowed: 'FR', refused: 'anonymous' },
};

/**
 * A body each route would take from the caller it allows (the battery varies one thing of it). Routes
 * with two kinds of body have one each: each field is varied in the first that holds it. A route the
 * table lacks gets one made from its schema.
 */
function baseBodies(key: string): Record<string, unknown>[] | null {
  const bases: Record<string, Record<string, unknown>[]> = {
    'post /api/users': [{ name: 'Someone', role: 'delegate', delegation: 'DE' }],
    'post /api/documents': [{ number: '1234/17', title: 'A new document' }, { markdown: '# A\n\n1. One.\n' }],
    'put /api/documents/{id}/positions': [
      { positions: [{ blockId: otherBlockId, position: 'agree', note: 'n' }] },
    ],
    'post /api/documents/{id}/silence': [{ until: '2017-06-30T17:00:00Z' }],
    'post /api/documents/{id}/blocks/{blockId}/comments': [
      { body: 'a comment', visibility: 'all', replyTo: commentId, quote: 'q' },
    ],
    'post /api/documents/{id}/item-note': [{ number: '9999/17', date: '7 June 2017' }],
    'post /api/documents/{id}/revisions': [{ note: 'a note', markdown: '# A\n\n1. One.\n' }],
    'post /api/diff': [{ old: '# A\n\n1. One.\n', new: '# A\n\n1. Two.\n' }],
  };
  if (bases[key] !== undefined) return bases[key];
  const schema = bodySchema(key);
  if (schema === null) return null;
  return [exampleOf(schema) as Record<string, unknown>];
}

function resolveSchema(schema: Schema): Schema {
  return resolveIn(openapi, schema);
}

/** The JSON body schema of a route, or null when it takes none. */
function bodySchema(key: string): Schema | null {
  const [method, template] = key.split(' ') as [string, string];
  const schema = openapi.paths[template]?.[method]?.requestBody?.content['application/json']?.schema;
  return schema === undefined ? null : resolveSchema(schema);
}

function exampleOf(schema: Schema): unknown {
  const resolved = resolveSchema(schema);
  if (resolved.enum !== undefined) return resolved.enum[0];
  const type = Array.isArray(resolved.type) ? resolved.type[0] : resolved.type;
  if (type === 'object')
    return Object.fromEntries(
      Object.entries(resolved.properties ?? {}).map(([name, property]) => [name, exampleOf(property)]),
    );
  if (type === 'array') return [exampleOf(resolved.items ?? {})];
  if (type === 'number' || type === 'integer') return 1;
  if (type === 'boolean') return true;
  return 'x';
}

// ---------------------------------------------------------------------------------------------------
// The battery.

/** Why a request of the battery may succeed; anything else must be refused. */
type MayPass =
  | 'reads'
  | 'legitimate text'
  | 'dropped field'
  | 'takes no body'
  | 'the route above'
  | 'no required field'
  | 'valid value';

interface Case {
  readonly name: string;
  /** Sent without the caller's token (its own credentials, if any, in `headers`). */
  readonly anonymous?: boolean;
  /** Another method than the route's. */
  readonly method?: string;
  readonly path?: string;
  readonly query?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  /** Why it may succeed, when it may. */
  readonly mayPass?: MayPass;
}

const JSON_TYPE = { 'content-type': 'application/json' };
const LONG_STRING = 'a'.repeat(1_000_001);

/** Values of the wrong type, or at an edge, for any field. */
const WRONG_VALUES: readonly [string, unknown][] = [
  ['null', null],
  ['true', true],
  ['-1', -1],
  ['0', 0],
  ['1e308', 1e308],
  ['"NaN"', 'NaN'],
  ['"-1"', '-1'],
  ['an array', ['agree']],
  ['an object', { value: 'agree' }],
  ['an empty string', ''],
];

/** Strings no field should take as they are, or that are text only to a free-text field. */
type HostileKind = 'huge' | 'ill-formed' | 'text' | 'blank';

const HOSTILE_STRINGS: readonly [string, string, HostileKind][] = [
  ['a huge string', LONG_STRING, 'huge'],
  ['a NUL', 'agree\u0000', 'ill-formed'],
  ['a lone surrogate', 'agree\uD800', 'ill-formed'],
  ['U+FFFD', 'agree\uFFFD', 'ill-formed'],
  ['a right-to-left override', '\u202Eeerga', 'text'],
  ['only zero-width spaces', '\u200B\u200B\u200B', 'blank'],
];

/**
 * Routes that record for no delegation, whose record is always the caller's: a field naming someone
 * is dropped with the other unknown fields (a new user's `delegation` is a field of the route).
 */
const IDENTITY_DROPPED = new Set([
  'post /api/users',
  'post /api/documents',
  'post /api/documents/{id}/revisions',
  'post /api/diff',
]);

const EXTRA_FIELDS: readonly [string, unknown, boolean][] = [
  ['delegation', 'DE', true],
  ['author', { id: 'someone', delegation: 'DE' }, true],
  ['userId', 'someone', true],
  ['role', 'presidency', false],
  ['__proto__', { role: 'presidency' }, false],
  ['unknownField', 1, false],
];

const HOSTILE_IDS: readonly [string, string][] = [
  ['an unknown id', 'no-such-id'],
  ['..', '..'],
  ['%2e%2e', '%2e%2e'],
  ['%00', '%00'],
  ['an id holding %00', 'abc%00def'],
  ['a malformed escape', '%E0%A4%A'],
  ['a lone surrogate escaped', '%ED%A0%80'],
  ['a right-to-left override', '%E2%80%AEdi'],
  ['only zero-width spaces', '%E2%80%8B%E2%80%8B'],
  ['the whole text’s id', '%23whole-text'],
  ['an id of 201 characters', 'x'.repeat(201)],
  ['an id of 8,000 characters', 'x'.repeat(8_000)],
];

const HOSTILE_QUERY_VALUES: readonly [string, string][] = [
  ['abc', 'abc'],
  ['-1', '-1'],
  ['exe', 'exe'],
  ['1e308', '1e308'],
  ['1e400 (Infinity)', '1e400'],
  ['2^53 + 1', '9007199254740993'],
  ['NaN', 'NaN'],
  ['empty', ''],
  ['%00', '%00'],
  ['a malformed escape', '%E0%A4%A'],
  ['a long value', 'x'.repeat(5_000)],
];

function isFreeText(schema: Schema): boolean {
  const resolved = resolveSchema(schema);
  const types = Array.isArray(resolved.type) ? resolved.type : [resolved.type];
  return types.includes('string') && resolved.enum === undefined;
}

/** What may become of each field's value of a hostile kind: refused, unless it is text to this field. */
function passesAsText(field: string, schema: Schema, kind: HostileKind): MayPass | undefined {
  if (!isFreeText(schema)) return undefined;
  // Markdown has no limit of its own but the body's: a megabyte of it is a text.
  if (kind === 'huge')
    return resolveSchema(schema).maxLength === undefined && field === 'markdown'
      ? 'legitimate text'
      : undefined;
  if (kind === 'ill-formed') return undefined;
  // Ids, numbers and instants are no free text: no hostile string is one.
  if (['blockId', 'replyTo', 'until', 'delegation'].includes(field)) return undefined;
  return 'legitimate text';
}

/** Whether a field takes `value` as it is: null where it may be null, a string as its text. */
function takesAsValid(field: string, schema: Schema, required: boolean, value: unknown): boolean {
  const resolved = resolveSchema(schema);
  const types: readonly (string | undefined)[] = Array.isArray(resolved.type)
    ? resolved.type
    : [resolved.type];
  if (value === null) return types.includes('null');
  // Ids and instants are no free text.
  if (typeof value !== 'string' || !isFreeText(schema) || ['blockId', 'until'].includes(field)) return false;
  // An optional free text takes "" as none.
  return value !== '' || !required;
}

function jsonCase(name: string, value: unknown, mayPass?: MayPass): Case {
  return {
    name,
    headers: JSON_TYPE,
    body: JSON.stringify(value),
    ...(mayPass === undefined ? {} : { mayPass }),
  };
}

/**
 * Each field of `object` (of `schema`) left out, of each wrong type and hostile string, the body
 * rebuilt around it by `wrap`; `prefix` names where the object is. One level down too: each field of
 * the first item of a list of objects (the positions given at once).
 */
function fieldCases(
  objects: readonly Record<string, unknown>[],
  schema: Schema,
  wrap: (object: Record<string, unknown>) => unknown = (object) => object,
  prefix = '',
): Case[] {
  const cases: Case[] = [];
  const required = new Set(schema.required ?? []);
  for (const [field, property] of Object.entries(schema.properties ?? {})) {
    const object = objects.find((candidate) => field in candidate) ?? (objects[0] as Record<string, unknown>);
    const named = `${prefix}${field}`;
    const without = { ...object };
    delete without[field];
    cases.push(
      jsonCase(`${named} missing`, wrap(without), required.has(field) ? undefined : 'no required field'),
    );
    for (const [name, value] of WRONG_VALUES) {
      const valid = takesAsValid(field, property, required.has(field), value);
      cases.push(
        jsonCase(`${named}: ${name}`, wrap({ ...object, [field]: value }), valid ? 'valid value' : undefined),
      );
    }
    for (const [name, value, kind] of HOSTILE_STRINGS) {
      cases.push(
        jsonCase(
          `${named}: ${name}`,
          wrap({ ...object, [field]: value }),
          passesAsText(field, property, kind),
        ),
      );
    }
    const items = resolveSchema(property).items;
    const first = Array.isArray(object[field]) ? (object[field] as unknown[])[0] : undefined;
    if (items === undefined || resolveSchema(items).properties === undefined || typeof first !== 'object')
      continue;
    const list = (values: unknown[]) => wrap({ ...object, [field]: values });
    cases.push(
      jsonCase(`${named}: []`, list([])),
      jsonCase(`${named}: [1]`, list([1])),
      jsonCase(`${named}: [null]`, list([null])),
    );
    const most = resolveSchema(property).maxItems;
    if (most !== undefined)
      cases.push(
        jsonCase(`${named}: ${most + 1} items`, list(Array.from({ length: most + 1 }, () => first))),
      );
    const item = first as Record<string, unknown>;
    cases.push(...fieldCases([item], resolveSchema(items), (changed) => list([changed]), `${named}.0.`));
    for (const [extra, value, identity] of EXTRA_FIELDS) {
      const changed = { ...item };
      Object.defineProperty(changed, extra, { value, enumerable: true });
      cases.push(
        jsonCase(`${named}.0 with ${extra}`, list([changed]), identity ? undefined : 'dropped field'),
      );
    }
  }
  return cases;
}

/** The body with its first string value ending in bytes that are not UTF-8 (read as U+FFFD). */
function withBytesNotUtf8(base: Record<string, unknown>): Buffer {
  let marked = false;
  const json = JSON.stringify(base, (key, value) => {
    if (marked || key === '' || typeof value !== 'string') return value;
    marked = true;
    return 'MARK';
  });
  const [before, after] = (marked ? json : JSON.stringify({ ...base, x: 'MARK' })).split('MARK') as [
    string,
    string,
  ];
  return Buffer.concat([Buffer.from(`${before}text`), Buffer.from([0xff, 0xfe]), Buffer.from(after)]);
}

function bodyCases(
  key: string,
  operation: Operation,
  takesJson: boolean,
  bases: Record<string, unknown>[] | null,
): Case[] {
  // A route that takes no body does not read one: whatever is sent is left alone.
  const unread: MayPass | undefined = takesJson ? undefined : 'takes no body';
  const base = JSON.stringify(bases?.[0] ?? {});
  const cases: Case[] = [
    { name: 'invalid JSON', headers: JSON_TYPE, body: '{', mayPass: unread },
    { name: 'truncated JSON', headers: JSON_TYPE, body: base.slice(0, -1), mayPass: unread },
    { name: 'JSON with a trailing comma', headers: JSON_TYPE, body: '{"a":1,}', mayPass: unread },
    { name: 'NaN', headers: JSON_TYPE, body: '{"position":NaN}', mayPass: unread },
    { name: 'an array', headers: JSON_TYPE, body: '[]', mayPass: unread },
    { name: 'a string', headers: JSON_TYPE, body: '"agree"', mayPass: unread },
    { name: 'null', headers: JSON_TYPE, body: 'null', mayPass: unread },
    { name: 'a number', headers: JSON_TYPE, body: '1e308', mayPass: unread },
    { name: 'an empty JSON body', headers: JSON_TYPE, body: '', mayPass: unread },
    {
      name: 'JSON nested 100,000 deep',
      headers: JSON_TYPE,
      body: `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      mayPass: unread,
    },
    {
      name: 'a field nested 100,000 deep',
      headers: JSON_TYPE,
      body: `${base.slice(0, -1)}${base.length > 2 ? ',' : ''}"deep":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`,
      mayPass: unread ?? 'dropped field',
    },
    {
      // The server reads no compressed body: one that says it is must be refused, not read as plain.
      name: 'a body said to be gzipped that is not',
      headers: { ...JSON_TYPE, 'content-encoding': 'gzip' },
      body: base,
      mayPass: unread,
    },
    {
      name: 'a gzipped body',
      headers: { ...JSON_TYPE, 'content-encoding': 'gzip' },
      body: gzipSync(base),
      mayPass: unread,
    },
    {
      name: 'bytes that are not UTF-8',
      headers: JSON_TYPE,
      body: withBytesNotUtf8(bases?.[0] ?? {}),
      mayPass: unread,
    },
    {
      name: 'JSON sent as text/plain',
      headers: { 'content-type': 'text/plain' },
      body: base,
      mayPass: unread,
    },
    { name: 'JSON sent as XML', headers: { 'content-type': 'application/xml' }, body: base, mayPass: unread },
    {
      name: 'a junk multipart form',
      headers: { 'content-type': 'multipart/form-data; boundary=zzz' },
      body: '--zzz\r\nContent-Disposition: form-data; name="file"\r\n\r\n',
      mayPass: unread,
    },
    {
      name: 'a form',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'position=agree',
      mayPass: unread,
    },
    {
      name: 'a JSON Content-Type with a charset of another name',
      headers: { 'content-type': 'application/json; charset=latin1' },
      body: base,
      mayPass: unread ?? 'valid value',
    },
  ];
  // No body at all, where one is required.
  const required =
    openapi.paths[key.split(' ')[1] as string]?.[key.split(' ')[0] as string]?.requestBody?.required;
  cases.push({ name: 'no body', mayPass: takesJson && required ? undefined : 'no required field' });
  if (takesJson && bases !== null) {
    const schema = bodySchema(key) as Schema;
    cases.push(jsonCase('{}', {}, (schema.required ?? []).length > 0 ? undefined : 'no required field'));
    cases.push(...fieldCases(bases, schema));
    for (const [field, value, identity] of EXTRA_FIELDS) {
      // A field the route takes is no extra one (a new user's delegation).
      if (field in (schema.properties ?? {})) continue;
      const body = { ...(bases[0] as Record<string, unknown>) };
      Object.defineProperty(body, field, { value, enumerable: true });
      cases.push({
        name: `an extra field ${field}`,
        headers: JSON_TYPE,
        body: JSON.stringify(body),
        mayPass: identity && !IDENTITY_DROPPED.has(key) ? undefined : 'dropped field',
      });
    }
  }
  if (operation.requestBody?.content['multipart/form-data'] !== undefined) cases.push(...uploadCases());
  return cases;
}

/** A multipart form of `parts`, each a text field or a file (with a name and bytes). */
function multipart(parts: readonly { name: string; value: string | Buffer; fileName?: string }[]): {
  headers: Record<string, string>;
  body: Buffer;
} {
  const boundary = 'fuzz-boundary-7d9';
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const file = part.fileName === undefined ? '' : `; filename="${part.fileName}"`;
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${file}\r\n`),
    );
    if (part.fileName !== undefined) chunks.push(Buffer.from('Content-Type: application/octet-stream\r\n'));
    chunks.push(Buffer.from('\r\n'), Buffer.from(part.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: Buffer.concat(chunks),
  };
}

/** Uploads no route should read as a document. */
function uploadCases(): Case[] {
  const md = '# A\n\n1. One.\n';
  const forms: [string, Parameters<typeof multipart>[0]][] = [
    ['a form without a file', [{ name: 'note', value: 'n' }]],
    ['a file field that is text', [{ name: 'file', value: md }]],
    ['a file named .exe', [{ name: 'file', value: 'MZ\u0090\u0000', fileName: 'setup.exe' }]],
    ['a file without an extension', [{ name: 'file', value: md, fileName: 'text' }]],
    ['a file name of 300 characters', [{ name: 'file', value: md, fileName: `${'x'.repeat(300)}.md` }]],
    [
      'a Word file of junk bytes',
      [{ name: 'file', value: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0x00, 0x13]), fileName: 'a.docx' }],
    ],
    [
      'a Markdown file holding NUL',
      [{ name: 'file', value: Buffer.from('# A\n\n1. On\u0000e.\n'), fileName: 'a.md' }],
    ],
    [
      'a Markdown file that is not UTF-8',
      [{ name: 'file', value: Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x0a]), fileName: 'a.md' }],
    ],
    [
      'a file name with ../',
      [{ name: 'file', value: Buffer.from([0x00, 0x01]), fileName: '../../etc/passwd.md' }],
    ],
    [
      'a note holding NUL',
      [
        { name: 'file', value: '\u0000', fileName: 'a.md' },
        { name: 'note', value: 'n\u0000' },
      ],
    ],
  ];
  const cases: Case[] = forms.map(([name, parts]) => ({ name, ...multipart(parts) }));
  cases.push({
    name: 'a form cut short',
    headers: { 'content-type': 'multipart/form-data; boundary=fuzz-boundary-7d9' },
    body: '--fuzz-boundary-7d9\r\nContent-Disposition: form-data; name="file"; filename="a.md"\r\n\r\n# A',
  });
  cases.push({
    name: 'a form without a boundary',
    headers: { 'content-type': 'multipart/form-data' },
    body: 'x',
  });
  return cases;
}

/**
 * Requests well formed but refused on their merits, where a route could write part of what it was
 * asked before refusing the rest: each must leave everything as it was.
 */
function refusedOnTheirMerits(): Record<string, Case[]> {
  const json = (name: string, body: unknown, path?: string): Case => ({
    name,
    headers: JSON_TYPE,
    body: JSON.stringify(body),
    ...(path === undefined ? {} : { path }),
  });
  const agree = { blockId: otherBlockId, position: 'agree' };
  const fixture = readFileSync(FIXTURE_PATH, 'utf8');
  const doc = `/api/documents/${documentId}`;
  return {
    'put /api/documents/{id}/positions': [
      json('the second of two on an unknown block', {
        positions: [agree, { ...agree, blockId: 'no-such-block' }],
      }),
      json('the same block twice', { positions: [agree, { ...agree, position: 'oppose' }] }),
      json('the second of two on the whole text', {
        positions: [agree, { blockId: '#whole-text', position: 'reservation' }],
      }),
      json('the second of two with a NUL in its note', {
        positions: [agree, { blockId, position: 'agree', note: '\u0000' }],
      }),
      json('the second of two naming a delegation', {
        positions: [agree, { blockId, position: 'agree', delegation: 'DE' }],
      }),
    ],
    'post /api/documents/{id}/blocks/{blockId}/comments': [
      json(
        'a reply on another block',
        { body: 'r', visibility: 'all', replyTo: commentId },
        `${doc}/blocks/${otherBlockId}/comments`,
      ),
      json('a reply to no comment', { body: 'r', visibility: 'all', replyTo: 'no-such-comment' }),
      json('a reply to a comment of another document', { body: 'r', visibility: 'all', replyTo: documentId }),
      json('a comment of only zero-width spaces', { body: '\u200B \u200B', visibility: 'all' }),
    ],
    'post /api/documents/{id}/revisions': [
      json('a file naming another document', {
        note: 'n',
        markdown: fixture.replace('**9916/17**', '**1234/17**'),
      }),
      json('a file of REV 1, REV 2 issued since', {
        note: 'n',
        markdown: fixture.replace('**9916/17**', '**9916/1/17 REV 1**'),
      }),
    ],
    'post /api/documents': [
      json('markdown and a number', { markdown: '# A\n\n1. One.\n', number: '1/17', title: 'T' }),
      json('a number without a title', { number: '1/17' }),
      json('a title of only zero-width spaces', { number: '1/17', title: '\u200B\u200B' }),
    ],
    'post /api/users': [
      json('a delegate of Greece as GR', { name: 'n', role: 'delegate', delegation: 'GR' }),
      json('an observer of a Member State', { name: 'n', role: 'observer', delegation: 'FR' }),
      json('a Presidency with a delegation', { name: 'n', role: 'presidency', delegation: 'FR' }),
      json('a role that does not exist', { name: 'n', role: 'superuser' }),
    ],
    'post /api/documents/{id}/silence': [
      json('a deadline already past', { until: '2017-06-01T00:00:00Z' }),
      json('a deadline without an offset', { until: '2017-06-30T17:00:00' }),
      json('a deadline on 30 February', { until: '2017-02-30T17:00:00Z' }),
    ],
  };
}

function pathParameters(operation: Operation): string[] {
  return (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
}

function queryParameters(operation: Operation): string[] {
  return (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
}

/** The path of a route, its parameters filled with what exists (or `replace`'s values). */
function fillPath(template: string, replace: Record<string, string> = {}): string {
  const known: Record<string, string> = { id: documentId, blockId, commentId, rev: '1' };
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => replace[name] ?? known[name] ?? 'x');
}

function routeCases(key: string, operation: Operation): Case[] {
  const [method, template] = key.split(' ') as [string, string];
  const takesJson = operation.requestBody?.content['application/json'] !== undefined;
  const takesForm = operation.requestBody?.content['application/x-www-form-urlencoded'] !== undefined;
  const reads = method === 'get';
  const cases: Case[] = [{ name: 'as it is', mayPass: 'valid value' }];
  if (!reads && !takesForm) cases.push(...bodyCases(key, operation, takesJson, baseBodies(key)));
  cases.push(...(refusedOnTheirMerits()[key] ?? []));
  if (takesForm) {
    cases.push(
      { name: 'JSON', headers: JSON_TYPE, body: '{"token":"x"}' },
      { name: 'no body' },
      {
        name: 'a token holding %00',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'token=%00',
      },
      {
        name: 'a huge token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `token=${LONG_STRING}`,
      },
      {
        name: 'a malformed escape',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'token=%E0%A4%A',
      },
      {
        name: 'two tokens',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'token=a&token=b',
      },
    );
  }
  // A path case carries a body the route takes, so that it is the path that is refused.
  const base = takesJson ? baseBodies(key)?.[0] : undefined;
  const withBase = base === undefined ? {} : { headers: JSON_TYPE, body: JSON.stringify(base) };
  for (const name of pathParameters(operation)) {
    for (const [what, value] of HOSTILE_IDS) {
      // `..` (and `%2e%2e`, the same to a URL parser) climbs to the path above, which may be a route of
      // its own: `…/blocks/../commission-reservation` is the general reservation's.
      const climbs = value === '..' || value === '%2e%2e';
      cases.push({
        name: `${name}: ${what}`,
        path: fillPath(template, { [name]: value }),
        ...withBase,
        ...(climbs ? { mayPass: 'the route above' as const } : {}),
      });
    }
    if (name === 'rev') {
      for (const value of ['-1', '1e308', '1e400', 'NaN', '999999', '9999999', '0x1', '1.5', 'live']) {
        cases.push({ name: `rev: ${value}`, path: fillPath(template, { rev: value }), ...withBase });
      }
    }
  }
  for (const name of queryParameters(operation)) {
    for (const [what, value] of HOSTILE_QUERY_VALUES) {
      cases.push({
        name: `?${name}: ${what}`,
        query: `${name}=${value}`,
        mayPass: reads ? 'reads' : undefined,
      });
    }
    cases.push({
      name: `?${name} twice`,
      query: `${name}=1&${name}=abc`,
      mayPass: reads ? 'reads' : undefined,
    });
  }
  // Methods the route does not have (a HEAD of a GET is the GET without its body).
  for (const other of ['PATCH', 'OPTIONS', 'TRACE']) cases.push({ name: other, method: other });
  if (reads) {
    cases.push({ name: 'HEAD', method: 'HEAD', mayPass: 'reads' });
    for (const name of pathParameters(operation))
      cases.push({
        name: `HEAD, ${name}: an unknown id`,
        method: 'HEAD',
        path: fillPath(template, { [name]: 'no-such-id' }),
        mayPass: 'reads',
      });
  }
  // Credentials that are no credentials: refused as such, never a fault.
  for (const [name, authorization] of [
    ['an empty bearer token', 'Bearer '],
    ['a bearer token of two words', 'Bearer a b'],
    ['basic credentials', 'Basic dXNlcjpwYXNz'],
    ['a bearer token of 8,000 characters', `Bearer ${'x'.repeat(8_000)}`],
    ['a bearer token in Latin-1', 'Bearer caf\u00e9'],
  ] as const) {
    cases.push({ name, anonymous: true, headers: { authorization }, mayPass: reads ? 'reads' : undefined });
  }
  for (const [name, cookie] of [
    ['a session cookie with a malformed escape', 'accord_session=%E0%A4%A'],
    ['an empty session cookie', 'accord_session='],
    ['two session cookies', 'accord_session=a; accord_session=b'],
  ] as const) {
    cases.push({
      name,
      anonymous: true,
      headers: { cookie, origin: baseUrl.origin },
      mayPass: reads ? 'reads' : undefined,
    });
  }
  cases.push({ name: 'a path of 20,000 characters', path: `${fillPath(template)}/${'x'.repeat(20_000)}` });
  cases.push({
    name: 'the wrong query values of other routes',
    query: 'from=abc&format=exe&rev=-1&after=-1&limit=0&qmv=none',
    mayPass: reads && queryParameters(operation).length === 0 ? 'reads' : 'valid value',
  });
  // What a GET answers changes nothing, whatever it answers. Of a write, what may succeed goes last:
  // every refusal is tried on the state the workspace was set up in (a silence procedure not yet started).
  if (reads) return cases.map((c) => ({ ...c, mayPass: 'reads' }));
  const numbered = key === 'post /api/documents' ? cases.map(withNumberOfItsOwn) : cases;
  return [
    ...numbered.filter((c) => c.mayPass === undefined),
    ...numbered.filter((c) => c.mayPass !== undefined),
  ];
}

/**
 * A blank document registers its number (a second under it is a 409): each case that sends the base
 * body's number gets one of its own, so what may pass is judged on its merits, not refused as a number
 * an earlier case took.
 */
function withNumberOfItsOwn(c: Case, index: number): Case {
  if (typeof c.body !== 'string' || !c.body.includes('"number":"1234/17"')) return c;
  return { ...c, body: c.body.replace('"number":"1234/17"', `"number":"${20_000 + index}/17"`) };
}

// ---------------------------------------------------------------------------------------------------
// What may not change: the store as it reads (after each request) and the GET answers (after each
// route's battery).

async function readStore(): Promise<string> {
  const [users, docs, positions, reservations, comments, revisions, silence, audit, live] = await Promise.all(
    [
      store.users.list(),
      store.documents.list(),
      store.positions.list(documentId),
      store.commissionReservations.list(documentId),
      store.comments.list(documentId),
      store.revisions.list(documentId),
      store.silence.list(documentId),
      store.audit.list(documentId, { limit: 1_000_000 }),
      documents.read(documentId),
    ],
  );
  return JSON.stringify({
    users: users.map((u) => u.id),
    docs,
    positions,
    reservations,
    comments,
    revisions: revisions.map((r) => [r.rev, r.sha256, r.note]),
    silence,
    audit: audit.map((e) => e.seq),
    live,
  });
}

async function readAnswers(): Promise<Record<string, string>> {
  const token = (callers.get('presidency') as TestUser).token;
  const doc = `/api/documents/${documentId}`;
  const answers: Record<string, string> = {};
  for (const path of [
    doc,
    `${doc}/consensus`,
    `${doc}/comments`,
    `${doc}/revisions`,
    `${doc}/audit`,
    '/api/documents',
  ]) {
    const answer = await send({ method: 'GET', path, headers: { authorization: `Bearer ${token}` } });
    answers[path] = `${answer.status} ${answer.text}`;
  }
  return answers;
}

function checkAnswer(answer: Answer, what: string, head: boolean): string[] {
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`${what}: ${answer.status} ${answer.text.slice(0, 200)}`);
  // The answer to a HEAD has no body: its type says what the GET's would be.
  if (head && answer.status >= 400 && !/^application\/json/.test(answer.headers['content-type'] ?? ''))
    problems.push(`${what}: a ${answer.status} as ${answer.headers['content-type'] ?? 'no type'}`);
  if (answer.status >= 400 && !head) {
    let body: { error?: { code?: unknown; message?: unknown } } | null = null;
    try {
      body = JSON.parse(answer.text);
    } catch {
      body = null;
    }
    if (!/^application\/json/.test(answer.headers['content-type'] ?? ''))
      problems.push(
        `${what}: a ${answer.status} as ${answer.headers['content-type'] ?? 'no type'}: ${answer.text.slice(0, 120)}`,
      );
    else if (
      typeof body?.error?.code !== 'string' ||
      typeof body.error.message !== 'string' ||
      body.error.code === '' ||
      body.error.message.trim() === ''
    )
      problems.push(
        `${what}: a ${answer.status} without { error: { code, message } }: ${answer.text.slice(0, 120)}`,
      );
  }
  return problems;
}

/**
 * The refusal is one the operation the request reached documents (a hostile path may reach another
 * route, or none). A 431 is Node's HTTP server's, for headers over its limit, before any route.
 */
function checkDocumentedStatus(answer: Answer, what: string, method: string, path: string): string[] {
  if (answer.status === 431) return [];
  // Where the request went: the URL parser resolves `..` and `%2e%2e` before any route sees the path.
  const reached = findOperation(openapi, method, new URL(path.split('?')[0] as string, 'http://x').pathname);
  if (reached === null || reached.operation.responses[String(answer.status)] !== undefined) return [];
  return [
    `${what}: answered ${answer.status}, which ${reached.key} does not document: ${answer.text.slice(0, 120)}`,
  ];
}

describe('API fuzz', () => {
  it('serves no route that the OpenAPI document leaves out (so the battery reaches every route)', async () => {
    const operations = listOperations(openapi);
    expect(operations.length).toBeGreaterThanOrEqual(30);
    // The router as createApp builds it, over a store of its own: its routes are read, never called.
    const spare = openSqliteStore(join(makeTempDir(), SQLITE_FILE_NAME));
    const spareDocuments = new LiveDocuments(spare);
    try {
      const app = createApp({ store: spare, documents: spareDocuments, adminToken: null });
      const documented = new Set(operations.map(({ key }) => key));
      const served = new Set(
        app.routes
          .filter((route) => route.method !== 'ALL' && route.path !== '/api/openapi.json')
          .map((route) => `${route.method.toLowerCase()} ${route.path.replaceAll(/:([^/]+)/g, '{$1}')}`),
      );
      expect([...served].filter((key) => !documented.has(key))).toEqual([]);
    } finally {
      await spareDocuments.close();
      await spare.close();
    }
  });

  it('answers every route’s bad input with a JSON 4xx and writes nothing for a refused request', async () => {
    const operations = listOperations(openapi);
    const problems: string[] = [];
    const passed = new Map<string, string[]>();
    const statuses = new Map<number, number>();
    let sent = 0;
    for (const { key, operation } of operations) {
      const [method, template] = key.split(' ') as [string, string];
      const access = ACCESS[key] ?? DEFAULT_ACCESS;
      const cases = routeCases(key, operation);
      for (const who of access.refused === null ? [access.allowed] : [access.allowed, access.refused]) {
        const caller = callers.get(who) ?? null;
        let answersBefore = await readAnswers();
        let storeBefore = await readStore();
        for (const c of cases) {
          const what = `${method.toUpperCase()} ${template} as ${who}, ${c.name}`;
          const path = `${c.path ?? fillPath(template)}${c.query === undefined ? '' : `?${c.query}`}`;
          const answer = await send({
            method: c.method ?? method.toUpperCase(),
            path,
            headers: {
              ...(caller === null || c.anonymous ? {} : { authorization: `Bearer ${caller.token}` }),
              // The login form must come from the site's own page.
              ...(key === 'post /login' ? { origin: baseUrl.origin } : {}),
              ...c.headers,
            },
            body: c.body,
          });
          sent++;
          if (process.env.FUZZ_DEBUG) console.log(`${answer.status} ${what} ${answer.text.slice(0, 100)}`);
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          problems.push(...checkAnswer(answer, what, c.method === 'HEAD'));
          if (c.method === undefined) problems.push(...checkDocumentedStatus(answer, what, method, path));
          // A read is checked once its battery is over (below): reading the store costs as much as a request.
          const storeAfter = method === 'get' ? storeBefore : await readStore();
          const succeeded = answer.status < 400;
          // Who may not is refused before anything is read, whatever they sent (their own credentials,
          // if the case sends none, too).
          if (succeeded && who === access.refused) {
            problems.push(`${what}: a caller the route refuses was answered ${answer.status}`);
          }
          if (succeeded && c.mayPass === undefined && method !== 'get') {
            problems.push(`${what}: accepted (${answer.status}) ${answer.text.slice(0, 160)}`);
          }
          if (succeeded) {
            const reason = c.mayPass ?? 'none';
            if (storeAfter !== storeBefore) {
              if (reason === 'reads') problems.push(`${what}: a read changed the store`);
              const list = passed.get(reason) ?? [];
              list.push(what);
              passed.set(reason, list);
            }
          } else if (storeAfter !== storeBefore) {
            problems.push(`${what}: refused (${answer.status}) but the store changed`);
          }
          if (storeAfter !== storeBefore) {
            storeBefore = storeAfter;
            answersBefore = await readAnswers();
          }
        }
        if (method === 'get') expect(await readStore(), `${key} as ${who}: the store`).toBe(storeBefore);
        expect(await readAnswers(), `${key} as ${who}`).toEqual(answersBefore);
      }
    }

    const table = [...passed].map(
      ([reason, list]) => `  ${reason}: ${list.length}\n    ${list.join('\n    ')}`,
    );
    console.info(
      `API fuzz: ${operations.length} routes, ${sent} requests; statuses ${[...statuses]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}×${n}`)
        .join(', ')}\n  succeeded and changed something:\n${table.join('\n')}`,
    );
    expect(problems).toEqual([]);
    expect(serverErrors).toEqual([]);
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------------
// The sync endpoint: refused at the upgrade with the API's JSON error, never a fault and never a socket.

interface UpgradeAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

function tryRawUpgrade(path: string, headers: Record<string, string> = {}): Promise<UpgradeAnswer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({
      agent: false,
      host: baseUrl.hostname,
      port: baseUrl.port,
      path,
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        ...headers,
      },
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          contentType: response.headers['content-type'] ?? '',
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    request.on('upgrade', (_response, socket) => {
      socket.destroy();
      resolve({ status: 101, contentType: '', text: '' });
    });
    request.on('error', reject);
    request.end();
  });
}

const WS_HANDSHAKE_CASES = new Set([
  'an unknown WebSocket version',
  'no WebSocket key',
  'an upgrade to another protocol',
]);

function isJsonError(answer: UpgradeAnswer): boolean {
  if (!answer.contentType.startsWith('application/json')) return false;
  try {
    const { error } = JSON.parse(answer.text) as { error?: { code?: unknown; message?: unknown } };
    return typeof error?.code === 'string' && typeof error.message === 'string';
  } catch {
    return false;
  }
}

describe('the sync upgrade', () => {
  it('refuses bad tokens, unknown or malformed documents and junk upgrades with the JSON error, opening nothing', async () => {
    const token = (callers.get('FR') as TestUser).token;
    const before = await readStore();
    const cases: [string, string, Record<string, string>?][] = [
      ['a wrong token', `/sync/${documentId}?token=wrong`],
      ['an empty token', `/sync/${documentId}?token=`],
      ['a token of 8,000 characters', `/sync/${documentId}?token=${'x'.repeat(8_000)}`],
      ['a token holding %00', `/sync/${documentId}?token=%00`],
      ['a token with a malformed escape', `/sync/${documentId}?token=%E0%A4%A`],
      ['two tokens, the first wrong', `/sync/${documentId}?token=wrong&token=${token}`],
      ['no token', `/sync/${documentId}`],
      [
        'a junk session cookie',
        `/sync/${documentId}`,
        { cookie: 'accord_session=%E0%A4%A', origin: baseUrl.origin },
      ],
      [
        'an empty session cookie',
        `/sync/${documentId}`,
        { cookie: 'accord_session=', origin: baseUrl.origin },
      ],
      [
        'a session cookie from another site',
        `/sync/${documentId}`,
        { cookie: 'accord_session=x', origin: 'https://evil.example' },
      ],
      ['an unknown document', `/sync/no-such-document?token=${token}`],
      ['the admin token on an unknown document', `/sync/no-such-document?token=${ADMIN_TOKEN}`],
      ['..', `/sync/..?token=${token}`],
      ['%2e%2e', `/sync/%2e%2e?token=${token}`],
      ['%00', `/sync/%00?token=${token}`],
      ['an id holding %00', `/sync/${documentId}%00?token=${token}`],
      ['an escaped slash', `/sync/${documentId}%2Fx?token=${token}`],
      ['a malformed escape', `/sync/%E0%A4%A?token=${token}`],
      ['an escaped lone surrogate', `/sync/%ED%A0%80?token=${token}`],
      ['a right-to-left override', `/sync/%E2%80%AE${documentId}?token=${token}`],
      ['an id of 8,000 characters', `/sync/${'x'.repeat(8_000)}?token=${token}`],
      ['a path of 20,000 characters', `/sync/${'x'.repeat(20_000)}?token=${token}`],
      ['no id', `/sync/?token=${token}`],
      ['a path below a document', `/sync/${documentId}/more?token=${token}`],
      ['an API path', `/api/documents/${documentId}?token=${token}`],
      [
        'an unknown WebSocket version',
        `/sync/${documentId}?token=${token}`,
        { 'sec-websocket-version': '7' },
      ],
      ['no WebSocket key', `/sync/${documentId}?token=${token}`, { 'sec-websocket-key': '' }],
      ['an upgrade to another protocol', `/sync/${documentId}?token=${token}`, { upgrade: 'h2c' }],
    ];
    const problems: string[] = [];
    const outcomes: string[] = [];
    for (const [name, path, headers] of cases) {
      const answer = await tryRawUpgrade(path, headers);
      outcomes.push(`${name}: ${answer.status}`);
      if (answer.status < 400 || answer.status >= 500)
        problems.push(`${name}: ${answer.status} ${answer.text.slice(0, 120)}`);
      else if (answer.text.trim() === '') problems.push(`${name}: a ${answer.status} that says nothing`);
      // A malformed WebSocket handshake is the ws library's to refuse (in its words, as plain text);
      // every refusal of Accord's own is the API's JSON error.
      else if (!WS_HANDSHAKE_CASES.has(name) && !isJsonError(answer))
        problems.push(`${name}: a ${answer.status} that is not the JSON error (${answer.contentType})`);
    }
    // The same upgrade, done right, opens.
    expect((await tryRawUpgrade(`/sync/${documentId}?token=${token}`)).status).toBe(101);
    expect(problems).toEqual([]);
    expect(await readStore()).toBe(before);
    expect((await send({ method: 'GET', path: '/healthz' })).status).toBe(200);
    expect(serverErrors).toEqual([]);
    console.info(`sync upgrade: ${cases.length} refused\n  ${outcomes.join('\n  ')}`);
  });
});

// ---------------------------------------------------------------------------------------------------
// Requests Node's HTTP server judges before the app sees them: the same JSON error all the same.

/** Sends `data` raw on a fresh connection and reads the whole answer (the server closes it). */
function sendRaw(data: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(baseUrl.port), baseUrl.hostname, () => socket.end(data));
    let answer = '';
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('requests refused before the app', () => {
  it('are answered with a 4xx and the JSON error too', async () => {
    const token = (callers.get('FR') as TestUser).token;
    const put = `PUT /api/documents/${documentId}/blocks/${blockId}/position HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\n`;
    const before = await readStore();
    const heads: [string, string][] = [
      [
        'no Host header',
        `GET /api/documents HTTP/1.1\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`,
      ],
      ['a lowercase method', 'get /api/documents HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'],
      [
        'a method that is none',
        'FOO /api/documents HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
      ],
      ['a space in the path', 'GET /api/docu ments HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'],
      [
        'a header holding NUL',
        'GET /api/documents HTTP/1.1\r\nHost: localhost\r\nX-A: a\u0000b\r\nConnection: close\r\n\r\n',
      ],
      [
        'headers over 16 KiB',
        `GET /api/documents HTTP/1.1\r\nHost: localhost\r\n${'X-A: 1\r\n'.repeat(3_000)}\r\n`,
      ],
      ['the HTTP/2 preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'],
      ['a negative Content-Length', `${put}Content-Length: -1\r\nConnection: close\r\n\r\n{}`],
      [
        'a Content-Length of 20 digits',
        `${put}Content-Length: 99999999999999999999\r\nConnection: close\r\n\r\n{}`,
      ],
      [
        'Transfer-Encoding and Content-Length',
        `${put}Transfer-Encoding: chunked\r\nContent-Length: 3\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
      ],
      [
        'an expectation that is not 100-continue',
        `${put}Expect: a-miracle\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
      ],
      [
        'CONNECT (this server is no proxy)',
        'CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n',
      ],
      // The headers are fine: the app starts reading the body when the parser finds it broken.
      [
        'a chunk size that is none',
        `${put}Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
      ],
    ];
    const problems: string[] = [];
    for (const [name, head] of heads) {
      const answer = await sendRaw(head);
      const [lines = '', body = ''] = answer.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(lines)?.[1]);
      let error: { code?: unknown; message?: unknown } | undefined;
      try {
        error = (JSON.parse(body) as { error?: typeof error }).error;
      } catch {
        error = undefined;
      }
      if (!(status >= 400 && status < 500))
        problems.push(`${name}: ${lines.split('\r\n')[0] || 'no answer'}`);
      else if (!/\r\ncontent-type: application\/json\r\n/i.test(`${lines}\r\n`))
        problems.push(`${name}: a ${status} that is not JSON: ${JSON.stringify(answer.slice(0, 160))}`);
      else if (typeof error?.code !== 'string' || typeof error.message !== 'string')
        problems.push(`${name}: a ${status} without { error: { code, message } }: ${body.slice(0, 120)}`);
    }
    expect(problems).toEqual([]);
    expect(await readStore()).toBe(before);
    expect(serverErrors).toEqual([]);
  });
});
