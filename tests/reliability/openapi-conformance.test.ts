/**
 * OpenAPI conformance: a working party's day driven through every route and method of the server's
 * own OpenAPI document, over real HTTP: users of every role, documents from Markdown, Word and HTML,
 * positions of every kind (on a paragraph, general, in a batch, withdrawn), comments public and
 * private, a silence procedure started, broken and cancelled, the Commission's reservations,
 * revisions issued and uploaded, diffs and exports in every format, the audit log, the history of a
 * position, an I/A item note, sessions, and requests refused on the way. Every answer must be one the
 * operation documents: its status, its content type, and a body that validates against the schema
 * documented for that status (JSON Schema 2020-12, the dialect of OpenAPI 3.1); a field the schema
 * does not list counts too, since scripts rely on the documented fields alone. An operation of the
 * document never answered with a 2xx (a 3xx, for one that only redirects) fails the suite, so a new
 * route is driven here too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SQLITE_FILE_NAME } from '@accord/server';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  FIXTURE_PATH,
  onTeardown,
  SMALL_TEXT,
  startTestServer,
  teardown,
} from '../server/harness';
import { readEventStream, type SseEvent } from '../server/sse';
import {
  fetchOpenApiDocument,
  findOperation,
  listOperations,
  type OpenApiDocument,
} from '../support/openapi-document';
import { createResponseValidator, type ResponseValidator } from '../support/openapi-validator';

afterAll(teardown);

/** The server's clock, moved on by the scenario (a silence procedure lapses). */
let now = Date.parse('2017-06-07T10:00:00.000Z');
const HOUR = 3_600_000;

let api: Awaited<ReturnType<typeof startTestServer>>;
let openapi: OpenApiDocument;
let validator: ResponseValidator;
const serverErrors: string[] = [];

beforeAll(async () => {
  api = await startTestServer({
    now: () => now,
    logError: (message, error) => serverErrors.push(`${message}: ${String(error)}`),
  });
  openapi = await fetchOpenApiDocument(api.server.url);
  validator = createResponseValidator(openapi);
});

// ---------------------------------------------------------------------------------------------------
// Every request goes through `call`, which checks its answer against the document.

const problems: string[] = [];
/** Operations answered with a 2xx, by key (`get /api/documents/{id}`), and the statuses seen. */
const exercised = new Set<string>();
const statusesSeen = new Map<string, Set<number>>();
let answered = 0;

interface Call {
  /** The caller's token, as a bearer token. */
  readonly token?: string | null;
  readonly json?: unknown;
  readonly form?: FormData | URLSearchParams;
  readonly headers?: Record<string, string>;
  /** The status the scenario expects: another is a failure of the scenario, not of the document. */
  readonly expect: number;
}

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  /** The JSON body, parsed; undefined for other bodies. */
  readonly json: unknown;
  readonly bytes: Uint8Array<ArrayBuffer>;
}

async function call(method: string, path: string, options: Call): Promise<Answer> {
  const controller = new AbortController();
  const response = await fetch(`${api.url}${path}`, {
    method,
    redirect: 'manual',
    signal: controller.signal,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.json === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    body: options.json !== undefined ? JSON.stringify(options.json) : options.form,
  });
  const contentType = response.headers.get('content-type') ?? '';
  let bytes: Uint8Array<ArrayBuffer> = new Uint8Array();
  // An event stream never ends: its headers are the answer.
  if (contentType.startsWith('text/event-stream')) controller.abort();
  else bytes = new Uint8Array(await response.arrayBuffer());
  const what = `${method} ${path.length > 120 ? `${path.slice(0, 120)}…` : path}`;
  const text = new TextDecoder().decode(bytes);
  expect(response.status, `${what}: ${text.slice(0, 300)}`).toBe(options.expect);
  const json = checkAnswer(what, method, path, response.status, contentType, bytes);
  return { status: response.status, headers: response.headers, json, bytes };
}

/** A 2xx; or a 3xx for an operation that documents no 2xx (signing in is a redirect to the app). */
function isSuccess(documented: readonly string[], status: number): boolean {
  const redirects = !documented.some((code) => code.startsWith('2'));
  return redirects ? status >= 300 && status < 400 : status >= 200 && status < 300;
}

/** Checks one answer against the operation the request reached; returns the JSON body, if it is one. */
function checkAnswer(
  what: string,
  method: string,
  path: string,
  status: number,
  contentType: string,
  bytes: Uint8Array,
): unknown {
  const listed = findOperation(openapi, method, new URL(path, api.url).pathname);
  if (listed === null) {
    problems.push(`${what}: no operation of the document is this request's`);
    return undefined;
  }
  answered++;
  const seen = statusesSeen.get(listed.key) ?? new Set();
  seen.add(status);
  statusesSeen.set(listed.key, seen);
  const text = new TextDecoder().decode(bytes);
  const isJson = /^application\/json\b/i.test(contentType);
  let json: unknown;
  if (isJson) {
    try {
      json = JSON.parse(text);
    } catch {
      problems.push(`${what}: a ${status} says it is JSON but is not: ${text.slice(0, 120)}`);
      return undefined;
    }
  }
  const documented = listed.operation.responses[String(status)];
  if (documented === undefined) {
    problems.push(
      `${listed.key}: answered ${status}, which it does not document (${Object.keys(listed.operation.responses).join(', ')}): ${text.slice(0, 160)}`,
    );
    return json;
  }
  if (isSuccess(Object.keys(listed.operation.responses), status)) exercised.add(listed.key);
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  const content = documented.content;
  if (content === undefined || Object.keys(content).length === 0) {
    if (bytes.length > 0)
      problems.push(
        `${listed.key} ${status}: documents no body, answered ${mediaType}: ${text.slice(0, 120)}`,
      );
    return json;
  }
  const media = content[mediaType];
  if (media === undefined) {
    problems.push(
      `${listed.key} ${status}: answered ${mediaType || 'no content type'}, documents ${Object.keys(content).join(' or ')}`,
    );
    return json;
  }
  if (media.schema === undefined) return json;
  // A file (Word) is bytes; a text type's body is the string the schema describes.
  if (!isJson && (media.schema as { format?: string }).format === 'binary') return json;
  const verdict = validator.judge(`${listed.key} ${status} ${mediaType}`, media.schema, isJson ? json : text);
  if (verdict?.kind === 'mismatch')
    problems.push(`${listed.key} ${status}: the body does not match the schema: ${verdict.errors}`);
  if (verdict?.kind === 'undocumented-fields')
    problems.push(`${listed.key} ${status}: fields the schema does not list: ${verdict.fields.join(', ')}`);
  return json;
}

/** An operation's parameters as `in name`, the name in lower case ("header if-none-match"). */
function listParameters(key: string): string[] {
  const [method, path] = key.split(' ') as [string, string];
  const operation = openapi.paths[path]?.[method] as { parameters?: { in: string; name: string }[] };
  return (operation?.parameters ?? []).map((parameter) => `${parameter.in} ${parameter.name.toLowerCase()}`);
}

/** The response headers an operation documents for a status. */
function documentedHeaders(key: string, status: number): string[] {
  const [method, path] = key.split(' ') as [string, string];
  const operation = openapi.paths[path]?.[method] as {
    responses: Record<string, { headers?: Record<string, unknown> }>;
  };
  return Object.keys(operation?.responses[String(status)]?.headers ?? {});
}

// ---------------------------------------------------------------------------------------------------
// The scenario's helpers.

/** One option of the `DocumentEvent` schema: its `event` name is a one-value enum or a const. */
interface EventOption {
  readonly properties: { readonly event: { readonly enum?: readonly string[]; readonly const?: string } };
}

/** The events of the streams followed, each stream's array growing as its events arrive. */
const streams: SseEvent[][] = [];
const followed = () => streams.flat();

/** Follows a document's event stream as `user` for the rest of the day; checked at its end. */
async function followEvents(path: string, user: User): Promise<void> {
  const stream = await readEventStream(`${api.url}${path}/events`, { authorization: `Bearer ${user.token}` });
  onTeardown(() => stream.close());
  streams.push(stream.events);
}

interface User {
  readonly id: string;
  readonly token: string;
}

interface Block {
  readonly id: string;
  readonly kind: string;
  readonly text: string;
}

interface DocumentBody {
  readonly id: string;
  readonly blocks: readonly Block[];
}

async function createUser(role: string, delegation?: string): Promise<User> {
  const name = delegation === undefined ? `A ${role}` : `${delegation} ${role}`;
  const answer = await call('POST', '/api/users', {
    token: ADMIN_TOKEN,
    json: { name, role, ...(delegation === undefined ? {} : { delegation }) },
    expect: 201,
  });
  return answer.json as User;
}

function upload(
  bytes: Uint8Array<ArrayBuffer> | string,
  fileName: string,
  fields: Record<string, string> = {},
): FormData {
  const form = new FormData();
  form.append('file', new Blob([bytes]), fileName);
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return form;
}

/**
 * The fixture reworked as a Presidency compromise would be: the first paragraph of the cover note
 * gone with its footnote, its third and fourth swapped, its second split in two, and two indents of the annex joined.
 */
function reworkText(markdown: string): string {
  const lines = markdown.split('\n');
  const at = (start: string) => {
    const index = lines.findIndex((line) => line.startsWith(start));
    if (index < 0) throw new Error(`the fixture has no line starting ${start}`);
    return index;
  };
  const third = at('3. In view of this');
  const fourth = at('4. On 6 June 2017');
  [lines[third], lines[fourth]] = [lines[fourth] as string, lines[third] as string];
  const second = at('2. Following the tasking');
  lines[second] = (lines[second] as string).replace('. Delegations welcomed', '.\n3. Delegations welcomed');
  const serve = at('- serve to protect');
  lines[serve] = `${lines[serve]} ${(lines[serve + 1] as string).slice(2)}`;
  lines.splice(serve + 1, 1);
  lines.splice(at('1. At the PSC meeting'), 1);
  // The footnote the first paragraph cited goes with it.
  lines.splice(at('<sup>1</sup>'), 1);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------------
// The day, in order: each step works on what the ones before made.

const fixture = readFileSync(FIXTURE_PATH, 'utf8');
let presidency: User;
let secretariat: User;
let fr: User;
let de: User;
let nl: User;
let com: User;
let observer: User;
let archivist: User;
let doc: DocumentBody;
/** The path of the fixture document. */
let base: string;
/** The fixture's first three numbered paragraphs. */
let first: Block;
let second: Block;
let third: Block;
/** France's public comment on the first paragraph. */
let commentId: string;
/** The fixture as the Presidency's compromise (REV 2) has it. */
let edited: string;

/** A silence deadline `hours` from the server's now. */
const until = (hours: number) => new Date(now + hours * HOUR).toISOString();

// Each step's answers are checked as it ends, so that a failure names the step.
afterEach(() => {
  expect([...new Set(problems.splice(0))], 'answers the document does not describe').toEqual([]);
});

describe('the OpenAPI document describes every answer of a working party’s day', () => {
  it('creates users of every role and tells each who they are', async () => {
    // The service and its users.
    await call('GET', '/healthz', { expect: 200 });
    presidency = await createUser('presidency');
    secretariat = await createUser('secretariat');
    fr = await createUser('delegate', 'FR');
    de = await createUser('delegate', 'DE');
    nl = await createUser('delegate', 'NL');
    com = await createUser('observer', 'COM');
    observer = await createUser('observer', 'EEAS');
    archivist = await createUser('archivist');
    await createUser('admin');
    await call('POST', '/api/users', {
      token: presidency.token,
      json: { name: 'X', role: 'delegate' },
      expect: 403,
    });
    await call('POST', '/api/users', {
      token: ADMIN_TOKEN,
      json: { name: 'X', role: 'delegate', delegation: 'GR' },
      expect: 400,
    });
    await call('POST', '/api/users', {
      token: ADMIN_TOKEN,
      json: { name: 'x'.repeat(201), role: 'archivist' },
      expect: 413,
    });
    for (const user of [presidency, secretariat, fr, com, observer, archivist]) {
      await call('GET', '/api/me', { token: user.token, expect: 200 });
    }
    await call('GET', '/api/me', { expect: 401 });
    await call('GET', '/api/users', { token: ADMIN_TOKEN, expect: 200 });
    await call('GET', '/api/users', { token: presidency.token, expect: 403 });
    // A lost token replaced (a user made for it, so the day's users keep theirs).
    const lost = await createUser('delegate', 'LU');
    await call('POST', `/api/users/${lost.id}/token`, { token: presidency.token, expect: 403 });
    await call('POST', '/api/users/nobody/token', { token: ADMIN_TOKEN, expect: 404 });
    await call('POST', `/api/users/${lost.id}/token`, { token: ADMIN_TOKEN, expect: 200 });
    await call('GET', '/api/me', { token: lost.token, expect: 401 });
    // A delegate who left: access ended, no new token.
    const left = await createUser('delegate', 'LU');
    await call('POST', `/api/users/${left.id}/revoke`, { token: presidency.token, expect: 403 });
    await call('POST', '/api/users/nobody/revoke', { token: ADMIN_TOKEN, expect: 404 });
    await call('POST', `/api/users/${left.id}/revoke`, { token: ADMIN_TOKEN, expect: 200 });
    await call('GET', '/api/me', { token: left.token, expect: 401 });
    await call('GET', '/api/users', { token: ADMIN_TOKEN, expect: 200 });
    await call('GET', `/api/users/${left.id}/access`, { token: ADMIN_TOKEN, expect: 200 });
    await call('GET', `/api/users/${left.id}/access`, { token: presidency.token, expect: 403 });
    await call('GET', '/api/users/nobody/access', { token: ADMIN_TOKEN, expect: 404 });
  });

  it('signs in with a login link, asks first when it should, and signs out', async () => {
    // Sessions: a login link, the page that asks first, the confirmation, the logout.
    const login = await call('GET', `/login?token=${fr.token}`, { expect: 302 });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    await call('GET', '/api/me', { headers: { cookie }, expect: 200 });
    await call('GET', `/login?token=${de.token}`, {
      headers: { 'sec-fetch-site': 'cross-site' },
      expect: 200,
    });
    await call('GET', `/login?token=${nl.token}`, { headers: { cookie }, expect: 200 });
    await call('GET', '/login?token=not-a-token', { expect: 401 });
    const confirmed = await call('POST', '/login', {
      form: new URLSearchParams({ token: de.token }),
      headers: { cookie, origin: api.url },
      expect: 303,
    });
    const deCookie = (confirmed.headers.get('set-cookie') ?? '').split(';')[0] as string;
    await call('POST', '/login', {
      form: new URLSearchParams({ token: de.token }),
      headers: { origin: 'https://elsewhere.example' },
      expect: 403,
    });
    await call('POST', '/login', { form: new URLSearchParams(), headers: { origin: api.url }, expect: 400 });
    await call('POST', '/login', {
      form: new URLSearchParams({ token: 'not-a-token' }),
      headers: { origin: api.url },
      expect: 401,
    });
    // The sign-in page's pasted token: JSON, refused as any request is.
    await call('POST', '/login', {
      json: { token: 'not-a-token' },
      headers: { origin: api.url },
      expect: 401,
    });
    await call('POST', '/login', {
      json: { token: nl.token },
      headers: { cookie: deCookie, origin: api.url },
      expect: 409,
    });
    await call('POST', '/login', {
      json: { token: nl.token, next: '/documents/x' },
      headers: { origin: api.url },
      expect: 200,
    });
    await call('POST', '/api/logout', {
      headers: { cookie: deCookie, origin: 'https://elsewhere.example' },
      expect: 403,
    });
    await call('POST', '/api/logout', { headers: { cookie: deCookie, origin: api.url }, expect: 204 });
    // The session the confirmation ended signs nobody out.
    await call('POST', '/api/logout', { headers: { cookie, origin: api.url }, expect: 401 });
  });

  it('creates documents from Markdown, from a number and title, and from Word, HTML and Markdown files', async () => {
    // Documents from Markdown, from a number and title, from Word and HTML files.
    const created = await call('POST', '/api/documents', {
      token: presidency.token,
      json: { markdown: fixture },
      expect: 201,
    });
    doc = created.json as DocumentBody;
    base = `/api/documents/${doc.id}`;
    await followEvents(base, de);
    [first, second, third] = doc.blocks.filter((block) => block.kind === 'numbered') as [Block, Block, Block];
    await call('POST', '/api/documents', {
      token: secretariat.token,
      json: { number: '10001/17', title: 'A blank document' },
      expect: 201,
    });
    await call('POST', '/api/documents', {
      token: secretariat.token,
      json: { number: 'ST 10001 2017 INIT', title: 'Its number again' },
      expect: 409,
    });
    // A corrigendum started from the fixture's text as issued, and its refusals.
    await call('POST', '/api/documents', {
      token: secretariat.token,
      json: { number: '9916/17 COR 1', from: doc.id },
      expect: 201,
    });
    await call('POST', '/api/documents', {
      token: secretariat.token,
      json: { number: '9917/17 COR 1', from: doc.id },
      expect: 400,
    });
    await call('POST', '/api/documents', {
      token: secretariat.token,
      json: { number: '9916/17 COR 2', from: 'no-such-document' },
      expect: 404,
    });
    await call('POST', '/api/documents', { token: fr.token, json: { markdown: fixture }, expect: 403 });
    await call('POST', '/api/documents', { token: presidency.token, json: { number: '1/17' }, expect: 400 });
    await call('POST', '/api/documents', { token: presidency.token, expect: 400 });
    const docx = await call('GET', `${base}/export?format=docx`, { token: fr.token, expect: 200 });
    await call('POST', '/api/documents', {
      token: presidency.token,
      form: upload(docx.bytes, 'council-9916-17.docx'),
      expect: 201,
    });
    const html = await call('GET', `${base}/export?format=html`, { token: fr.token, expect: 200 });
    await call('POST', '/api/documents', {
      token: presidency.token,
      form: upload(html.bytes, 'council-9916-17.html'),
      expect: 201,
    });
    await call('POST', '/api/documents', {
      token: presidency.token,
      form: upload(fixture, 'council-9916-17.md'),
      expect: 201,
    });
    await call('POST', '/api/documents', {
      token: presidency.token,
      form: upload('not a document', 'notes.pdf'),
      expect: 400,
    });
    await call('GET', '/api/documents', { token: archivist.token, expect: 200 });
    await call('GET', '/api/documents', { expect: 401 });
    await call('GET', base, { token: observer.token, expect: 200 });
    await call('GET', '/api/documents/no-such-document', { token: fr.token, expect: 404 });
    await call('GET', `/api/documents/${'x'.repeat(201)}`, { token: fr.token, expect: 400 });
  });

  it('records positions of every kind, changed and withdrawn, and their history', async () => {
    // Positions: on a paragraph, in a batch, general; withdrawn; refused.
    await call('PUT', `${base}/blocks/${first.id}/position`, {
      token: fr.token,
      json: { position: 'oppose', note: 'France cannot accept this paragraph' },
      expect: 200,
    });
    await call('PUT', `${base}/blocks/${first.id}/position`, {
      token: de.token,
      json: { position: 'agree' },
      expect: 200,
    });
    await call('PUT', `${base}/blocks/${second.id}/position`, {
      token: nl.token,
      json: { position: 'parliamentary_scrutiny_reservation', note: null },
      expect: 200,
    });
    await call('PUT', `${base}/positions`, {
      token: fr.token,
      json: {
        positions: [
          { blockId: second.id, position: 'scrutiny_reservation', note: 'Awaiting instructions' },
          { blockId: third.id, position: 'linguistic_reservation' },
        ],
      },
      expect: 200,
    });
    await call('PUT', `${base}/blocks/${first.id}/position`, {
      token: fr.token,
      json: { position: 'abstain' },
      expect: 200,
    });
    await call('GET', `${base}/blocks/${first.id}/position/changes`, { token: fr.token, expect: 200 });
    await call('DELETE', `${base}/blocks/${first.id}/position`, { token: de.token, expect: 200 });
    await call('DELETE', `${base}/blocks/${first.id}/position`, { token: de.token, expect: 404 });
    await call('PUT', `${base}/blocks/${first.id}/position`, {
      token: com.token,
      json: { position: 'agree' },
      expect: 403,
    });
    await call('PUT', `${base}/blocks/no-such-block/position`, {
      token: fr.token,
      json: { position: 'agree' },
      expect: 404,
    });
    await call('PUT', `${base}/blocks/${first.id}/position`, {
      token: fr.token,
      json: { position: 'maybe' },
      expect: 400,
    });
    await call('PUT', `${base}/position`, {
      token: de.token,
      json: { position: 'scrutiny_reservation', note: 'General scrutiny reservation' },
      expect: 200,
    });
    await call('PUT', `${base}/position`, {
      token: nl.token,
      json: { position: 'reservation' },
      expect: 200,
    });
    await call('DELETE', `${base}/position`, { token: nl.token, expect: 200 });
  });

  it('refuses writes while a backup tool holds the database', async () => {
    // A backup tool holds the database: a position is refused, to be given again once it lets go.
    const backup = new Database(join(api.dataDir, SQLITE_FILE_NAME));
    try {
      backup.exec('BEGIN IMMEDIATE');
      await call('PUT', `${base}/blocks/${third.id}/position`, {
        token: nl.token,
        json: { position: 'agree' },
        expect: 503,
      });
      await call('POST', `${base}/blocks/${third.id}/comments`, {
        token: nl.token,
        json: { body: 'Once the lock is gone', visibility: 'all' },
        expect: 503,
      });
      backup.exec('ROLLBACK');
    } finally {
      backup.close();
    }
    await call('PUT', `${base}/blocks/${third.id}/position`, {
      token: nl.token,
      json: { position: 'agree' },
      expect: 200,
    });
  });

  it('records and withdraws the Commission’s reservations', async () => {
    // The Commission's reservations.
    await call('PUT', `${base}/blocks/${first.id}/commission-reservation`, {
      token: com.token,
      json: { position: 'reservation', note: 'The Commission reserves its position' },
      expect: 200,
    });
    await call('GET', `${base}/blocks/${first.id}/commission-reservation/changes`, {
      token: com.token,
      expect: 200,
    });
    await call('GET', `${base}/blocks/${second.id}/commission-reservation/changes`, {
      token: com.token,
      expect: 404,
    });
    await call('PUT', `${base}/commission-reservation`, {
      token: com.token,
      json: { position: 'scrutiny_reservation' },
      expect: 200,
    });
    await call('PUT', `${base}/commission-reservation`, {
      token: fr.token,
      json: { position: 'reservation' },
      expect: 403,
    });
    await call('DELETE', `${base}/commission-reservation`, { token: com.token, expect: 200 });
    await call('PUT', `${base}/commission-reservation`, {
      token: com.token,
      json: { position: 'reservation', note: 'Pending the college' },
      expect: 200,
    });
    await call('PUT', `${base}/blocks/${second.id}/commission-reservation`, {
      token: com.token,
      json: { position: 'linguistic_reservation' },
      expect: 200,
    });
    await call('DELETE', `${base}/blocks/${second.id}/commission-reservation`, {
      token: com.token,
      expect: 200,
    });
  });

  it('keeps comments public and private, answered, resolved and reopened', async () => {
    // Comments, public and private, answered, resolved and reopened.
    const comment = await call('POST', `${base}/blocks/${first.id}/comments`, {
      token: fr.token,
      json: { body: 'Could "shall" become "should"?', visibility: 'all', quote: first.text.slice(0, 20) },
      expect: 201,
    });
    commentId = (comment.json as { id: string }).id;
    await call('POST', `${base}/blocks/${first.id}/comments`, {
      token: fr.token,
      json: { body: 'Paris wants this one gone', visibility: 'delegation' },
      expect: 201,
    });
    await call('POST', `${base}/blocks/${first.id}/comments`, {
      token: de.token,
      json: { body: 'Germany agrees with France', visibility: 'all', replyTo: commentId },
      expect: 201,
    });
    await call('POST', `${base}/blocks/${first.id}/comments`, {
      token: archivist.token,
      json: { body: 'An archivist reads', visibility: 'all' },
      expect: 403,
    });
    await call('POST', `${base}/blocks/${first.id}/comments`, {
      token: fr.token,
      json: { body: '   ', visibility: 'all' },
      expect: 400,
    });
    // A script that sends its JSON as text, or compressed, is told so.
    await call('POST', `${base}/blocks/${first.id}/comments`, {
      token: fr.token,
      form: new URLSearchParams({ body: 'As a form', visibility: 'all' }),
      expect: 415,
    });
    await call('POST', `${base}/comments/${commentId}/resolve`, {
      token: fr.token,
      headers: { 'content-encoding': 'gzip', 'content-type': 'application/json' },
      form: new URLSearchParams({ x: '1' }),
      expect: 415,
    });
    await call('GET', `${base}/comments`, { token: fr.token, expect: 200 });
    await call('GET', `${base}/comments?blockId=${first.id}`, { token: de.token, expect: 200 });
    await call('GET', `${base}/comments`, { token: presidency.token, expect: 200 });
    await call('POST', `${base}/comments/${commentId}/resolve`, { token: de.token, expect: 403 });
    await call('POST', `${base}/comments/${commentId}/resolve`, { token: fr.token, expect: 200 });
    await call('POST', `${base}/comments/${commentId}/reopen`, { token: presidency.token, expect: 200 });
    await call('POST', `${base}/comments/no-such-comment/resolve`, { token: fr.token, expect: 404 });
  });

  it('runs a silence procedure: started, broken, started again and cancelled', async () => {
    // Consensus and the silence procedure: started, broken, started again, cancelled.
    const report = await call('GET', `${base}/consensus`, { token: archivist.token, expect: 200 });
    // A client that keeps the report asks again with its ETag, as the document says it may.
    const etag = report.headers.get('etag') as string;
    expect(listParameters('get /api/documents/{id}/consensus')).toContain('header if-none-match');
    expect(documentedHeaders('get /api/documents/{id}/consensus', 200)).toContain('ETag');
    await call('GET', `${base}/consensus`, {
      token: archivist.token,
      headers: { 'if-none-match': etag },
      expect: 304,
    });
    await call('GET', `${base}/consensus?qmv=reinforced`, { token: com.token, expect: 200 });
    await call('GET', `${base}/consensus?qmv=unanimity`, { token: fr.token, expect: 400 });
    // A client keeping the report current, as the web app does: everything, then what changed since.
    const everything = await call('GET', `${base}/consensus/changes`, { token: fr.token, expect: 200 });
    const { version } = everything.json as { version: string };
    await call('GET', `${base}/consensus/changes`, {
      token: fr.token,
      headers: { 'if-none-match': everything.headers.get('etag') as string },
      expect: 304,
    });
    await call('POST', `${base}/silence`, {
      token: presidency.token,
      json: { until: until(48) },
      expect: 201,
    });
    await call('GET', `${base}/consensus/changes?since=${encodeURIComponent(version)}`, {
      token: fr.token,
      expect: 200,
    });
    await call('GET', `${base}/consensus/changes?since=${'x'.repeat(101)}`, { token: fr.token, expect: 400 });
    await call('POST', `${base}/silence`, {
      token: presidency.token,
      json: { until: until(48) },
      expect: 409,
    });
    await call('POST', `${base}/silence`, {
      token: secretariat.token,
      json: { until: until(48) },
      expect: 403,
    });
    await call('GET', `${base}/consensus`, { token: fr.token, expect: 200 });
    await call('POST', `${base}/silence/break`, {
      token: de.token,
      json: { reason: 'Paragraph 1 needs further examination' },
      expect: 200,
    });
    await call('POST', `${base}/silence/break`, { token: de.token, json: { reason: 'Again' }, expect: 409 });
    await call('GET', `${base}/consensus`, { token: de.token, expect: 200 });
    await call('POST', `${base}/silence/break`, { token: nl.token, json: { reason: '' }, expect: 400 });
    await call('POST', `${base}/silence`, {
      token: presidency.token,
      json: { until: until(24) },
      expect: 201,
    });
    await call('POST', `${base}/silence/cancel`, {
      token: presidency.token,
      json: { reason: 'The deadline should have been Friday' },
      expect: 200,
    });
    await call('POST', `${base}/silence/cancel`, { token: presidency.token, expect: 409 });
    await call('GET', `${base}/consensus`, { token: nl.token, expect: 200 });
    await call('POST', `${base}/silence`, {
      token: presidency.token,
      json: { until: 'Friday' },
      expect: 400,
    });
    await call('POST', `${base}/silence`, {
      token: presidency.token,
      json: { until: until(1) },
      expect: 201,
    });
    await call('POST', `${base}/silence/cancel`, { token: presidency.token, expect: 200 });
  });

  it('issues revisions, from Markdown and from an uploaded file, and refuses an outdated file', async () => {
    // Revisions: issued, issued from Markdown, uploaded as a file; an outdated file refused.
    await call('POST', `${base}/revisions`, {
      token: secretariat.token,
      json: { note: 'After the meeting', rev: 1 },
      expect: 201,
    });
    // The same request again, as a script retries one whose answer it lost.
    await call('POST', `${base}/revisions`, {
      token: secretariat.token,
      json: { note: 'After the meeting', rev: 1 },
      expect: 409,
    });
    await call('POST', `${base}/revisions`, { token: com.token, json: {}, expect: 403 });
    const rev1 = await call('GET', `${base}/export?rev=1`, { token: presidency.token, expect: 200 });
    edited = fixture.replace('further streamlined', 'further streamlined and clarified');
    await call('POST', `${base}/revisions`, {
      token: presidency.token,
      json: { note: 'Presidency compromise', markdown: edited },
      expect: 201,
    });
    const rev2 = await call('GET', `${base}/export?rev=2&format=docx`, {
      token: presidency.token,
      expect: 200,
    });
    await call('POST', `${base}/revisions`, {
      token: secretariat.token,
      form: upload(rev2.bytes, 'council-9916-17-rev2.docx', { note: 'Uploaded from Word' }),
      expect: 201,
    });
    await call('POST', `${base}/revisions`, {
      token: secretariat.token,
      form: upload(rev1.bytes, 'council-9916-17-rev1.md'),
      expect: 409,
    });
    await call('GET', `${base}/revisions`, { token: archivist.token, expect: 200 });
    await call('GET', `${base}/revisions/1`, { token: archivist.token, expect: 200 });
    await call('GET', `${base}/revisions/0`, { token: fr.token, expect: 200 });
    await call('GET', `${base}/revisions/99`, { token: fr.token, expect: 404 });
    await call('GET', `${base}/revisions/live`, { token: fr.token, expect: 400 });
    await call('GET', `${base}/export?rev=live&format=html`, { token: fr.token, expect: 200 });
    await call('GET', `${base}/diff?from=live&to=live`, { token: fr.token, expect: 200 });
    await call('GET', `${base}/comments?blockId=no-such-block`, { token: fr.token, expect: 200 });
    await call('GET', `${base}/audit?after=0&action=no.such.action`, { token: archivist.token, expect: 400 });
    await call('GET', `${base}/audit?after=abc`, { token: archivist.token, expect: 400 });
    await call('GET', `${base}/consensus?qmv=`, { token: archivist.token, expect: 400 });
    await call('POST', `${base}/item-note`, {
      token: secretariat.token,
      json: { number: 'abc' },
      expect: 400,
    });
    await call('POST', `${base}/silence/cancel`, {
      token: presidency.token,
      json: { reason: null },
      expect: 400,
    });
    await call('GET', `${base}/revisions/first`, { token: fr.token, expect: 400 });
  });

  it('compares versions and exports them in every format', async () => {
    // Diffs in every format, and two texts compared.
    await call('GET', `${base}/diff`, { token: fr.token, expect: 200 });
    await call('GET', `${base}/diff?from=1&to=2`, { token: fr.token, expect: 200 });
    await call('GET', `${base}/diff?from=0&to=live&format=html`, { token: de.token, expect: 200 });
    await call('GET', `${base}/diff?from=1&to=3&format=html&insertions=bold`, {
      token: de.token,
      expect: 200,
    });
    await call('GET', `${base}/diff?from=1&to=2&format=docx`, { token: archivist.token, expect: 200 });
    await call('GET', `${base}/diff?format=pdf`, { token: fr.token, expect: 400 });
    await call('GET', `${base}/diff?from=1&to=42`, { token: fr.token, expect: 404 });
    await call('POST', '/api/diff', {
      token: archivist.token,
      json: { old: fixture, new: edited },
      expect: 200,
    });
    await call('POST', '/api/diff', { token: archivist.token, json: { old: fixture }, expect: 400 });

    // Exports in every format, live and of a revision, with the positions as footnotes.
    await call('GET', `${base}/export`, { token: fr.token, expect: 200 });
    await call('GET', `${base}/export?format=md&positions=footnotes`, { token: fr.token, expect: 200 });
    await call('GET', `${base}/export?format=html&rev=2`, { token: com.token, expect: 200 });
    await call('GET', `${base}/export?format=docx&rev=1&positions=footnotes`, {
      token: archivist.token,
      expect: 200,
    });
    await call('GET', `${base}/export?format=pdf`, { token: fr.token, expect: 400 });
    await call('GET', `${base}/export?rev=42`, { token: fr.token, expect: 404 });
  });

  it('follows a reworked text: a paragraph gone with its comments, others moved, split and joined', async () => {
    // A text reworked: a paragraph gone (France's comments orphaned, its positions on nothing), two
    // swapped, one split, two indents joined; issued without a note.
    const reworked = reworkText(fixture);
    const compared = await call('POST', '/api/diff', {
      token: fr.token,
      json: { old: fixture, new: reworked },
      expect: 200,
    });
    // The answer holds each kind of change, with the fields only such changes carry.
    expect((compared.json as { summary: Record<string, number> }).summary).toMatchObject({
      deleted: expect.any(Number),
      moved: 1,
      split: 1,
      joined: 1,
    });
    await call('POST', `${base}/revisions`, {
      token: presidency.token,
      json: { markdown: reworked },
      expect: 201,
    });
    await call('POST', `${base}/revisions`, { token: secretariat.token, expect: 201 });
    await call('GET', `${base}/revisions`, { token: fr.token, expect: 200 });
    await call('GET', `${base}/revisions/4`, { token: fr.token, expect: 200 });
    await call('GET', `${base}/comments`, { token: fr.token, expect: 200 });
    await call('GET', `${base}/consensus`, { token: presidency.token, expect: 200 });
    await call('GET', `${base}/blocks/${second.id}/position/changes`, { token: fr.token, expect: 200 });
    await call('GET', `${base}/blocks/${first.id}/position/changes`, { token: fr.token, expect: 404 });
    await call('GET', `${base}/diff?from=3&to=live`, { token: fr.token, expect: 200 });
    await call('GET', `${base}/diff?from=live&to=1`, { token: fr.token, expect: 200 });
    await call('GET', `${base}/diff?from=3&format=html`, { token: fr.token, expect: 200 });
    await call('GET', `${base}/export?positions=footnotes&format=html`, { token: fr.token, expect: 200 });
    await call('PUT', `${base}/blocks/${second.id}/position`, {
      token: de.token,
      json: { position: 'agree', note: '' },
      expect: 200,
    });
    await call('GET', `${base}/consensus?qmv=standard`, { token: de.token, expect: 200 });
  });

  it('shows the audit log and the event stream', async () => {
    // The audit log and the event stream.
    await call('GET', `${base}/audit`, { token: archivist.token, expect: 200 });
    await call('GET', `${base}/audit?after=2&limit=5`, { token: presidency.token, expect: 200 });
    await call('GET', `${base}/audit?action=revision.issued,silence.started`, {
      token: secretariat.token,
      expect: 200,
    });
    await call('GET', `${base}/audit`, { token: fr.token, expect: 403 });
    await call('GET', `${base}/audit?limit=0`, { token: archivist.token, expect: 400 });
    await call('GET', `${base}/events`, { token: de.token, expect: 200 });
    await call('GET', `${base}/events`, { token: de.token, headers: { 'last-event-id': '1' }, expect: 200 });
    await call('GET', '/api/documents/no-such-document/events', { token: de.token, expect: 404 });
    await call('GET', '/api/events', { token: de.token, expect: 200 });
    await call('GET', '/api/events', { token: de.token, headers: { 'last-event-id': '1' }, expect: 200 });
    await call('GET', '/api/events', { expect: 401 });
  });

  it('forwards a text as an I/A item note once it is agreed', async () => {
    // The text is not agreed: no item note. A smaller text, its silence lapsed, is forwarded.
    await call('POST', `${base}/item-note`, {
      token: secretariat.token,
      json: { number: '10002/17' },
      expect: 409,
    });
    await call('POST', `${base}/item-note`, { token: fr.token, json: { number: '10002/17' }, expect: 403 });
    // The document list's stream, followed while a text is made and forwarded.
    const list = await readEventStream(`${api.url}/api/events`, { authorization: `Bearer ${fr.token}` });
    onTeardown(() => list.close());
    const small = await call('POST', '/api/documents', {
      token: presidency.token,
      json: { markdown: SMALL_TEXT },
      expect: 201,
    });
    const smallBase = `/api/documents/${(small.json as DocumentBody).id}`;
    await followEvents(smallBase, presidency);
    await call('POST', `${smallBase}/silence`, {
      token: presidency.token,
      json: { until: until(2) },
      expect: 201,
    });
    now += 3 * HOUR;
    await call('GET', `${smallBase}/consensus`, { token: presidency.token, expect: 200 });
    const note = await call('POST', `${smallBase}/item-note`, {
      token: secretariat.token,
      json: { number: '10003/17', date: '10 June 2017' },
      expect: 201,
    });
    await call('POST', `${smallBase}/item-note`, {
      token: secretariat.token,
      json: { number: '10003/17' },
      expect: 409,
    });
    await call('GET', `${smallBase}/audit`, { token: archivist.token, expect: 200 });
    const noteBase = `/api/documents/${(note.json as DocumentBody).id}`;
    await call('GET', noteBase, { token: fr.token, expect: 200 });
    await call('GET', `${noteBase}/consensus`, { token: fr.token, expect: 200 });
    await call('GET', `${noteBase}/revisions`, { token: fr.token, expect: 200 });
    await call('GET', `${noteBase}/export?format=docx`, { token: fr.token, expect: 200 });

    // The list's stream sent what `DocumentListEvent` describes, each of its events.
    // The small text made, its silence started, the note made and the text's entry naming it.
    await expect
      .poll(() => list.events.map((event) => event.event))
      .toEqual(['ready', 'created', 'changed', 'created', 'changed']);
    const documented =
      (openapi.components?.schemas?.DocumentListEvent as { oneOf?: EventOption[] })?.oneOf ?? [];
    const names = documented.map(
      (option) => option.properties.event.enum?.[0] ?? option.properties.event.const,
    );
    expect(names).toEqual(['ready', 'created', 'changed']);
    for (const event of list.events) {
      const verdict = validator.judge(
        'DocumentListEvent',
        { $ref: '#/components/schemas/DocumentListEvent' },
        { event: event.event, data: event.data },
      );
      expect(verdict, `event ${event.event}`).toBeNull();
    }
  });

  it('sends on its event streams only events the document describes, and each of them', async () => {
    const schema = { $ref: '#/components/schemas/DocumentEvent' };
    const documented = (openapi.components?.schemas?.DocumentEvent as { oneOf?: EventOption[] })?.oneOf ?? [];
    const names = documented.map(
      (option) => option.properties.event.enum?.[0] ?? option.properties.event.const,
    );
    // The item note's `forwarded` is the day's last event: once it is in, so is everything before it.
    await expect.poll(() => followed().some((event) => event.event === 'forwarded')).toBe(true);
    for (const event of followed()) {
      const verdict = validator.judge('DocumentEvent', schema, { event: event.event, data: event.data });
      if (verdict?.kind === 'mismatch')
        problems.push(`event ${event.event}: does not match DocumentEvent: ${verdict.errors}`);
      if (verdict?.kind === 'undocumented-fields')
        problems.push(
          `event ${event.event}: fields DocumentEvent does not list: ${verdict.fields.join(', ')}`,
        );
    }
    expect(names.length).toBeGreaterThan(0);
    const seen = new Set(followed().map((event) => event.event));
    expect(
      names.filter((name) => !seen.has(name as string)),
      'events documented, never sent',
    ).toEqual([]);
  });

  it('answers every operation it documents with a success at least once', () => {
    const uncovered = listOperations(openapi)
      .map(({ key }) => key)
      .filter((key) => !exercised.has(key));
    console.info(
      `OpenAPI conformance: ${answered} answers from ${statusesSeen.size} operations, statuses seen:\n  ${[
        ...statusesSeen,
      ]
        .map(([key, statuses]) => `${key}: ${[...statuses].sort().join(', ')}`)
        .join('\n  ')}`,
    );
    expect(uncovered, 'documented operations never answered with a success').toEqual([]);
    // The lock's refusals are logged, for the operator (the first, and that changes are saved again
    // once it is gone); nothing else is.
    expect(
      serverErrors.filter((error) => !/database is locked|refused 503 storage-busy/.test(error)),
    ).toEqual([]);
  });
});
