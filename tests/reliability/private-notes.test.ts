/**
 * A delegation's private note is seen by that delegation's users and by no one else, through any
 * route. France writes a note with a quote, replies to it and resolves it; the Presidency then issues
 * revisions, the last one removing the note's paragraph (so the note is orphaned). Every other role
 * reads every GET route of the API (taken from the OpenAPI document, so a new one cannot be
 * forgotten) — listings, the audit log, consensus, revisions, diffs as JSON, HTML and Word, exports as
 * Markdown, HTML and Word — and follows the event stream throughout: the note's text, quote, reply and
 * ids appear nowhere. A second French delegate sees all of it, which shows the search would find it.
 */
import { readFileSync } from 'node:fs';
import { renderMarkdown } from '@accord/format';
import type { CouncilDocument } from '@accord/model';
import { createToken, hashToken, SESSION_COOKIE } from '@accord/server';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { ADMIN_TOKEN, FIXTURE_PATH, startTestServer, type TestUser, teardown } from '../server/harness';
import { readEventStream } from '../server/sse';

afterAll(teardown);

type Server = Awaited<ReturnType<typeof startTestServer>>;

const SECRET = `secret-${Math.random().toString(36).slice(2, 10)}`;
const NOTE = `${SECRET} note: France cannot accept paragraph 3`;
const QUOTE = `${SECRET} quote`;
const REPLY = `${SECRET} reply: instructions from the capital`;

let server: Server;
let documentId: string;
/**
 * A paragraph the German delegate takes a position on and the Commission a reservation, so that their
 * changes since are read too.
 */
let positionedBlockId: string;
let france: TestUser;
let secondFrench: TestUser;
let presidency: TestUser;
/** Everyone but France's delegates, by who they are. */
let others: { who: string; token: string }[];
/** Texts and ids that must not leave France's delegation. */
const hidden: string[] = [SECRET];
const streams = new Map<string, Awaited<ReturnType<typeof readEventStream>>>();
const listStreams = new Map<string, Awaited<ReturnType<typeof readEventStream>>>();

/** The text of a response, with every file of a Word document (a zip) unpacked. */
async function readAll(response: Response): Promise<string> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    const zip = await JSZip.loadAsync(bytes);
    const parts = await Promise.all(Object.values(zip.files).map((file) => file.async('string')));
    return parts.join('\n');
  }
  return new TextDecoder().decode(bytes);
}

function findHidden(text: string): string[] {
  return hidden.filter((secret) => text.includes(secret));
}

beforeAll(async () => {
  server = await startTestServer();
  presidency = await server.createUser('presidency');
  france = await server.createUser('delegate', 'FR');
  secondFrench = await server.createUser('delegate', 'FR');
  const users = {
    'German delegate': await server.createUser('delegate', 'DE'),
    Presidency: presidency,
    Secretariat: await server.createUser('secretariat'),
    Archivist: await server.createUser('archivist'),
    'Commission observer': await server.createUser('observer', 'COM'),
  };
  others = [
    ...Object.entries(users).map(([who, user]) => ({ who, token: user.token })),
    { who: 'Admin', token: ADMIN_TOKEN },
  ];
  const { id } = await server.createDocument(presidency.token, {
    markdown: readFileSync(FIXTURE_PATH, 'utf8'),
  });
  documentId = id;
  for (const [who, user] of [...Object.entries(users), ['Second French delegate', secondFrench] as const]) {
    const stream = await readEventStream(`${server.url}/api/documents/${id}/events`, {
      authorization: `Bearer ${user.token}`,
    });
    streams.set(who, stream);
    await vi.waitFor(() => expect(stream.events[0]?.event).toBe('ready'));
    // And the document list's, which a note must not reach either.
    const list = await readEventStream(`${server.url}/api/events`, { authorization: `Bearer ${user.token}` });
    listStreams.set(who, list);
    await vi.waitFor(() => expect(list.events[0]?.event).toBe('ready'));
  }
  afterAll(() => {
    for (const stream of [...streams.values(), ...listStreams.values()]) stream.close();
  });

  const { blocks } = await server.readDocument(presidency.token, id);
  const block = blocks.find((b) => b.text.length > 40) as { id: string; text: string };
  positionedBlockId = (blocks.find((b) => b.id !== block.id && b.text.length > 40) as { id: string }).id;
  const german = others[0] as { token: string };
  const positioned = await server.request(
    'PUT',
    `/api/documents/${id}/blocks/${positionedBlockId}/position`,
    german.token,
    { position: 'agree' },
  );
  expect(positioned.status).toBe(200);
  // And the Commission a reservation, so that its changes since are read too.
  const reserved = await server.request(
    'PUT',
    `/api/documents/${id}/blocks/${positionedBlockId}/commission-reservation`,
    users['Commission observer'].token,
    { position: 'reservation' },
  );
  expect(reserved.status).toBe(200);
  const post = async (body: Record<string, unknown>) => {
    const response = await server.request(
      'POST',
      `/api/documents/${id}/blocks/${block.id}/comments`,
      france.token,
      body,
    );
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };
  const noteId = await post({ body: NOTE, visibility: 'delegation', quote: QUOTE });
  const replyId = await post({ body: REPLY, visibility: 'delegation', replyTo: noteId });
  hidden.push(noteId, replyId);
  await post({ body: 'France welcomes the text', visibility: 'all' });
  expect(
    (await server.request('POST', `/api/documents/${id}/comments/${noteId}/resolve`, france.token)).status,
  ).toBe(200);

  // REV 1 as it stands, then REV 2 without the note's paragraph: the note is orphaned.
  expect(
    (await server.request('POST', `/api/documents/${id}/revisions`, presidency.token, { note: 'REV 1' }))
      .status,
  ).toBe(201);
  const live = (await (
    await server.request('GET', `/api/documents/${id}/revisions/1`, presidency.token)
  ).json()) as CouncilDocument;
  const markdown = renderMarkdown({
    ...live,
    blocks: live.blocks.filter((b) => b.id !== block.id),
    footnotes: live.footnotes.filter((f) => f.blockId !== block.id),
  });
  const rev2 = await server.request('POST', `/api/documents/${id}/revisions`, presidency.token, {
    note: 'REV 2',
    markdown,
  });
  expect(rev2.status).toBe(201);
  await server.server.documents.flush();
});

/** Every GET the API has, with its parameters filled in; checked against the OpenAPI document. */
function readRoutes(): { template: string; path: string }[] {
  const doc = `/api/documents/${documentId}`;
  return [
    ['/api/me', '/api/me'],
    ['/api/users', '/api/users'],
    ['/api/users/{id}/access', `/api/users/${france.id}/access`],
    ['/api/documents', '/api/documents'],
    ['/api/documents/{id}', doc],
    ['/api/documents/{id}/consensus', `${doc}/consensus`],
    ['/api/documents/{id}/consensus/changes', `${doc}/consensus/changes`],
    ['/api/documents/{id}/comments', `${doc}/comments`],
    ['/api/documents/{id}/audit', `${doc}/audit`],
    ['/api/documents/{id}/revisions', `${doc}/revisions`],
    ...[0, 1, 2].map((rev) => ['/api/documents/{id}/revisions/{rev}', `${doc}/revisions/${rev}`]),
    ...['json', 'html', 'docx'].flatMap((format) => [
      ['/api/documents/{id}/diff', `${doc}/diff?from=0&to=2&format=${format}`],
      ['/api/documents/{id}/diff', `${doc}/diff?from=1&to=live&format=${format}`],
    ]),
    ...['md', 'html', 'docx'].flatMap((format) => [
      ['/api/documents/{id}/export', `${doc}/export?format=${format}`],
      ['/api/documents/{id}/export', `${doc}/export?format=${format}&rev=1`],
    ]),
    [
      '/api/documents/{id}/blocks/{blockId}/position/changes',
      `${doc}/blocks/${positionedBlockId}/position/changes`,
    ],
    [
      '/api/documents/{id}/blocks/{blockId}/commission-reservation/changes',
      `${doc}/blocks/${positionedBlockId}/commission-reservation/changes`,
    ],
    ['/api/openapi.json', '/api/openapi.json'],
    ['/healthz', '/healthz'],
  ].map(([template, path]) => ({ template: template as string, path: path as string }));
}

describe('private delegation notes', () => {
  it('reach no one outside the delegation through any route, export, diff, audit entry or event', async () => {
    const openapi = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const gets = Object.entries(openapi.paths)
      .filter(([, methods]) => 'get' in methods)
      .map(([path]) => path);
    const covered = new Set([
      ...readRoutes().map((r) => r.template),
      '/login',
      '/api/documents/{id}/events',
      '/api/events',
    ]);
    expect(gets.filter((path) => !covered.has(path))).toEqual([]);

    const leaks: string[] = [];
    let reads = 0;
    for (const { who, token } of others) {
      for (const { path } of readRoutes()) {
        const response = await fetch(`${server.url}${path}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(response.status, `${who} GET ${path}`).toBeLessThan(500);
        reads++;
        for (const found of findHidden(await readAll(response))) leaks.push(`${who} GET ${path}: ${found}`);
      }
    }
    for (const [who, stream] of streams) {
      if (who === 'Second French delegate') continue;
      for (const found of findHidden(JSON.stringify(stream.events)))
        leaks.push(`${who} event stream: ${found}`);
    }
    for (const [who, stream] of listStreams) {
      for (const found of findHidden(JSON.stringify(stream.events)))
        leaks.push(`${who} list stream: ${found}`);
    }
    expect(leaks).toEqual([]);

    // The second French delegate sees the note, its quote, the reply and both events.
    const listed = await server.request('GET', `/api/documents/${documentId}/comments`, secondFrench.token);
    const text = await listed.text();
    for (const secret of [NOTE, QUOTE, REPLY, ...hidden]) expect(text).toContain(secret);
    const own = streams.get('Second French delegate');
    expect(JSON.stringify(own?.events)).toContain(NOTE);
    expect(own?.events.filter((e) => e.event === 'comment').length).toBe(4);
    console.info(
      `private notes: ${reads} reads by ${others.length} other roles and ${streams.size - 1} event streams, 0 leaks`,
    );
  });
});

/** A browser signed in through `token`'s login link: its session cookie. */
async function signIn(token: string): Promise<string> {
  const login = await fetch(`${server.url}/login?token=${encodeURIComponent(token)}`, { redirect: 'manual' });
  return (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
}

/**
 * The document's event stream and a sync socket opened with `headers` (a session cookie from our own
 * page, or a bearer token), once both are up; `closed` gives the socket's close code.
 */
async function openConnections(headers: Record<string, string>) {
  const stream = await readEventStream(`${server.url}/api/documents/${documentId}/events`, headers);
  await vi.waitFor(() => expect(stream.events[0]?.event).toBe('ready'));
  const socket = new WebSocket(`${server.syncUrl}/${documentId}`, { headers });
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return { stream, closed };
}

const openWithSession = (cookie: string) => openConnections({ cookie, origin: server.url });

describe('signing out', () => {
  it('closes the session’s event stream and sync socket at once: no note of the delegation reaches them after', async () => {
    const netherlands = await server.createUser('delegate', 'NL');
    const cookie = await signIn(netherlands.token);
    const origin = server.url;
    const { stream, closed } = await openWithSession(cookie);

    const out = await fetch(`${server.url}/api/logout`, { method: 'POST', headers: { cookie, origin } });
    expect(out.status).toBe(204);
    await stream.ended;
    expect(await closed).toBe(4401);
    // Nor can the signed-out cookie open another.
    const again = await fetch(`${server.url}/api/documents/${documentId}/events`, { headers: { cookie } });
    expect(again.status).toBe(401);

    // A second Dutch delegate's private note: the signed-out browser's stream is gone before it.
    const { blocks } = await server.readDocument(presidency.token, documentId);
    const note = `${SECRET} Dutch note after the sign-out`;
    const colleague = await server.createUser('delegate', 'NL');
    const posted = await server.request(
      'POST',
      `/api/documents/${documentId}/blocks/${blocks[0]?.id}/comments`,
      colleague.token,
      { body: note, visibility: 'delegation' },
    );
    expect(posted.status).toBe(201);
    expect(JSON.stringify(stream.events)).not.toContain(note);
  });

  it('closes every event stream and sync socket a session opened when the session expires', async () => {
    const luxembourg = await server.createUser('delegate', 'LU');
    // A session near its end, as one opened fourteen days ago is (SESSION_TTL_MS).
    const sessionId = createToken();
    const now = Date.now();
    // Long enough for three tabs to open on a loaded CI machine (opened after expiry, they are refused).
    const lifetime = 4_000;
    await server.store.sessions.create(
      { idHash: hashToken(sessionId), userId: luxembourg.id, createdAt: now, expiresAt: now + lifetime },
      hashToken(luxembourg.token),
    );
    const cookie = `${SESSION_COOKIE}=${sessionId}`;
    // Three tabs of one browser: the session's end is scheduled once for all of them.
    const tabs = await Promise.all([1, 2, 3].map(() => openWithSession(cookie)));

    // Nobody signs out: the session's end alone closes them all, as it refuses a new request.
    await Promise.all(tabs.map((tab) => tab.stream.ended));
    expect(await Promise.all(tabs.map((tab) => tab.closed))).toEqual([4401, 4401, 4401]);
    expect(Date.now()).toBeGreaterThanOrEqual(now + lifetime);
    const again = await fetch(`${server.url}/api/documents/${documentId}/events`, { headers: { cookie } });
    expect(again.status).toBe(401);
  });
});

describe("revoking a user's access", () => {
  it('closes every stream and socket of theirs, browser and script alike, and neither old credential opens another', async () => {
    const austria = await server.createUser('delegate', 'AT');
    const cookie = await signIn(austria.token);
    const browser = await openWithSession(cookie);
    // A script of the delegation's, on the leaked token.
    const script = await openConnections({ authorization: `Bearer ${austria.token}` });

    const replaced = await server.request('POST', `/api/users/${austria.id}/token`, ADMIN_TOKEN);
    expect(replaced.status).toBe(200);
    const { token } = (await replaced.json()) as { token: string };
    await Promise.all([browser.stream.ended, script.stream.ended]);
    expect([await browser.closed, await script.closed]).toEqual([4401, 4401]);

    const events = `/api/documents/${documentId}/events`;
    expect((await fetch(`${server.url}${events}`, { headers: { cookie } })).status).toBe(401);
    expect((await server.request('GET', '/api/me', austria.token)).status).toBe(401);
    const me = await server.request('GET', '/api/me', token);
    expect(await me.json()).toMatchObject({ id: austria.id, delegation: 'AT' });
  });
});
