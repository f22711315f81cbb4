/**
 * Observers and archivists read; they never change a document. Through a real server, by bearer token
 * and by a browser session cookie, they try every write route of the API (taken from the OpenAPI
 * document, so a new route cannot be forgotten), an uploaded revision, and the socket (Updates, and
 * SyncStep2 answers carrying their edits). The text, the header, the revisions, the positions, the
 * silence procedures and the update log stay exactly as they were.
 */
import { readFileSync } from 'node:fs';
import { readDocument } from '@accord/ydoc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  connectClient,
  FIXTURE_PATH,
  readTexts,
  startTestServer,
  type TestUser,
  teardown,
  typeInto,
  waitSynced,
} from '../server/harness';
import { frameUpdate } from '../support/craft-update';

afterAll(teardown);

type Server = Awaited<ReturnType<typeof startTestServer>>;

let server: Server;
let presidency: TestUser;
let france: TestUser;
let readers: TestUser[];
let documentId: string;
let blockId: string;
let commentId: string;

/** What may change a document, read straight from the store. */
async function snapshotDocument() {
  await server.server.documents.flush();
  const live = await server.request('GET', `/api/documents/${documentId}`, presidency.token);
  return {
    live: await live.json(),
    revisions: (await server.store.revisions.list(documentId)).map((r) => r.sha256),
    positions: await server.store.positions.list(documentId),
    silence: await server.store.silence.list(documentId),
    updates: (await server.store.updates.list(documentId)).length,
    documents: (await server.store.documents.list()).length,
  };
}

beforeAll(async () => {
  server = await startTestServer();
  presidency = await server.createUser('presidency');
  france = await server.createUser('delegate', 'FR');
  readers = [await server.createUser('observer', 'COM'), await server.createUser('archivist')];
  const { id } = await server.createDocument(presidency.token, {
    markdown: readFileSync(FIXTURE_PATH, 'utf8'),
  });
  documentId = id;
  blockId = (await server.readDocument(presidency.token, id)).blocks[3]?.id as string;
  const comment = await server.request(
    'POST',
    `/api/documents/${id}/blocks/${blockId}/comments`,
    france.token,
    {
      body: 'France comments',
      visibility: 'all',
    },
  );
  commentId = ((await comment.json()) as { id: string }).id;
});

/** A body that would succeed for a user allowed to make the change. */
const BODIES: Record<string, unknown> = {
  'post /api/users': { name: 'Someone', role: 'delegate', delegation: 'DE' },
  'post /api/documents': { number: '1234/17', title: 'A new document' },
  'put /api/documents/{id}/blocks/{blockId}/position': { position: 'oppose' },
  'post /api/documents/{id}/silence': { until: '2099-01-01T00:00:00.000Z' },
  'post /api/documents/{id}/silence/break': { reason: 'no' },
  'post /api/documents/{id}/silence/cancel': { reason: 'no' },
  'post /api/documents/{id}/blocks/{blockId}/comments': { body: 'a read-only comment', visibility: 'all' },
  'post /api/documents/{id}/revisions': {
    note: 'issued by a reader',
    markdown: '# Replaced\n\n1. Nothing left.\n',
  },
  'post /api/diff': { old: '# A\n\n1. One.\n', new: '# A\n\n1. Two.\n' },
};

/**
 * What a read-only role may still do with these routes: comment, and resolve or reopen its own
 * comment (an observer), compare two texts it sends, end its own session. None of them changes a
 * document.
 */
const ALLOWED: Record<string, readonly string[]> = {
  observer: [
    'post /api/documents/{id}/blocks/{blockId}/comments',
    'post /api/documents/{id}/comments/{commentId}/resolve',
    'post /api/documents/{id}/comments/{commentId}/reopen',
    'post /api/diff',
    'post /api/logout',
  ],
  archivist: ['post /api/diff', 'post /api/logout'],
};

async function listWriteRoutes(): Promise<{ key: string; method: string; path: string }[]> {
  const openapi = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const routes: { key: string; method: string; path: string }[] = [];
  for (const [template, methods] of Object.entries(openapi.paths)) {
    for (const method of Object.keys(methods)) {
      if (method === 'get') continue;
      const path = template
        .replace('{id}', documentId)
        .replace('{blockId}', blockId)
        .replace('{commentId}', commentId);
      routes.push({ key: `${method} ${template}`, method: method.toUpperCase(), path });
    }
  }
  return routes;
}

async function sessionCookie(user: TestUser): Promise<string> {
  const login = await fetch(`${server.url}/login?token=${user.token}`, { redirect: 'manual' });
  return (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
}

describe('read-only roles', () => {
  it('change no document through any write route, by token or by session cookie, nor by upload', async () => {
    const before = await snapshotDocument();
    const routes = await listWriteRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(10);
    const tried: string[] = [];
    for (const reader of readers) {
      const cookie = await sessionCookie(reader);
      for (const { key, method, path } of routes) {
        if (key === 'post /api/logout') continue; // would end the session the next requests use
        const body = BODIES[key];
        const channels: [string, Record<string, string>][] = [
          ['token', { authorization: `Bearer ${reader.token}` }],
          ['cookie', { cookie, origin: server.url }],
        ];
        for (const [channel, headers] of channels) {
          const response = await fetch(`${server.url}${path}`, {
            method,
            headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
            body: body === undefined ? undefined : JSON.stringify(body),
          });
          const allowed = (ALLOWED[reader.role] ?? []).includes(key);
          const outcome = `${reader.role} ${channel} ${key}: ${response.status}`;
          tried.push(outcome);
          if (!allowed) expect(response.status, outcome).toBeGreaterThanOrEqual(400);
          expect(response.status, outcome).toBeLessThan(500);
        }
      }
      // An uploaded revision (multipart, as the web app sends a Word file).
      const form = new FormData();
      form.append(
        'file',
        new File(['# Replaced\n\n1. Nothing left.\n'], 'replaced.md', { type: 'text/markdown' }),
      );
      const upload = await fetch(`${server.url}/api/documents/${documentId}/revisions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${reader.token}` },
        body: form,
      });
      expect(upload.status, `${reader.role} upload`).toBe(403);
    }
    const after = await snapshotDocument();
    expect(after).toEqual(before);
    console.info(
      `read-only roles: ${tried.length} write attempts over ${routes.length} write routes, 0 changes`,
    );
  });

  it('change no document through the socket: updates and SyncStep2 are dropped, whatever they hold', async () => {
    const before = await snapshotDocument();
    const writer = connectClient(server, documentId, france.token);
    await waitSynced(writer);
    for (const reader of readers) {
      // The stock provider, editing its copy: its Updates go out as it types.
      const client = connectClient(server, documentId, reader.token);
      await waitSynced(client);
      typeInto(client.doc, 2, ` typed by the ${reader.role}`);
      client.doc.getMap('meta').set('subject', `changed by the ${reader.role}`);
      // A fresh copy edited while offline answers the server's SyncStep1 with its edits (SyncStep2).
      const offline = new Y.Doc();
      Y.applyUpdate(offline, Y.encodeStateAsUpdate(writer.doc));
      typeInto(offline, 4, ` offline edit of the ${reader.role}`);
      const late = connectClient(server, documentId, reader.token, { doc: offline });
      await waitSynced(late);
      // And raw frames: an Update and a SyncStep2 carrying a whole replacement of the document.
      const replacement = new Y.Doc();
      replacement.getXmlFragment('default').insert(0, [new Y.XmlElement('paragraph')]);
      const update = Y.encodeStateAsUpdate(replacement);
      late.provider.ws?.send(frameUpdate(update, 2));
      late.provider.ws?.send(frameUpdate(update, 1));
      // Sent after the edits on the same socket: once the writer sees it, they were all handled.
      late.provider.awareness.setLocalStateField('marker', reader.role);
      await expect
        .poll(() => [...writer.provider.awareness.getStates().values()].some((s) => s.marker === reader.role))
        .toBe(true);
    }
    typeInto(writer.doc, 0, ' (France was here)');
    await expect
      .poll(async () => (await server.readDocument(presidency.token, documentId)).blocks[0]?.text)
      .toBe(readTexts(writer.doc)[0]);
    const after = await snapshotDocument();
    type Live = { metadata: unknown; blocks: { id: string; text: string }[] };
    const was = before.live as Live;
    const is = after.live as Live;
    // Only France's words arrived: in block 0, nowhere else; nothing of the readers anywhere.
    expect(is.metadata).toEqual(was.metadata);
    expect(is.blocks.map((b) => b.id)).toEqual(was.blocks.map((b) => b.id));
    expect(is.blocks[0]?.text).toBe(readTexts(writer.doc)[0]);
    expect(is.blocks[0]?.text.replace(' (France was here)', '')).toBe(was.blocks[0]?.text);
    expect(is.blocks.slice(1)).toEqual(was.blocks.slice(1));
    expect(JSON.stringify(is)).not.toMatch(/typed by the|offline edit of the|changed by the/);
    expect(readDocument(writer.doc)).toMatchObject({ metadata: was.metadata });
    expect(after.updates).toBe(before.updates + 1);
    const logged = await server.store.updates.list(documentId);
    expect(logged.map((entry) => entry.userId).filter((id) => readers.some((r) => r.id === id))).toEqual([]);
  });
});
