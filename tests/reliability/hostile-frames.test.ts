/**
 * Hostile frames: a delegate's connections send 10,000 malformed, truncated, oversized, random and
 * crafted frames (one connection each, since most of them end it) while two honest delegates keep
 * editing. The server stays up and answers, the honest connections keep working, and the document
 * holds exactly what the honest delegates wrote: no struct, deletion or log entry of the hostile one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteStore, SQLITE_FILE_NAME, type SqliteStore, startServer } from '@accord/server';
import { readDocument } from '@accord/ydoc';
import * as encoding from 'lib0/encoding';
import * as prng from 'lib0/prng';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import {
  ADMIN_TOKEN,
  Api,
  connectClient,
  FIXTURE_PATH,
  makeTempDir,
  onTeardown,
  readTexts,
  type TestUser,
  teardown,
  typeInto,
  waitSynced,
} from '../server/harness';
import { HeldSyncClient } from '../support/held-sync-client';
import { generateHostileFrames, type HostileFrame } from './hostile-frames';
import { describeReplay, LONG_RUN, readReplaySeed } from './run-config';

const TOTAL_FRAMES = Number(process.env.RELIABILITY_FRAMES ?? (LONG_RUN ? 100_000 : 10_000));
/** Connections open at once. */
const PARALLEL = 32;
const TEST_FILE = 'reliability/hostile-frames.test.ts';

let api: Api;
let store: SqliteStore;
let presidency: TestUser;
let france: TestUser;
let germany: TestUser;
let hostile: TestUser;
const serverErrors: string[] = [];

beforeAll(async () => {
  store = openSqliteStore(join(makeTempDir(), SQLITE_FILE_NAME));
  onTeardown(() => store.close());
  const server = await startServer({
    store,
    port: 0,
    adminToken: ADMIN_TOKEN,
    logError: (message, error) => serverErrors.push(`${message}: ${String(error)}`),
  });
  onTeardown(() => server.close());
  api = new Api(server.url);
  presidency = await api.createUser('presidency');
  france = await api.createUser('delegate', 'FR');
  germany = await api.createUser('delegate', 'DE');
  hostile = await api.createUser('delegate', 'NL');
});

afterAll(teardown);

/** The document as the server holds it, fetched by a fresh reader. */
function fetchState(documentId: string): Promise<Y.Doc> {
  return HeldSyncClient.fetchDocument({ syncUrl: api.syncUrl, documentId, token: presidency.token });
}

/**
 * Sends one frame on a fresh connection, then a probe (a SyncStep1 claiming everything, answered
 * with a SyncStep2). Resolves with the close code, or 'open' if the probe was answered.
 */
function sendOnFreshConnection(documentId: string, frame: HostileFrame, probe: Uint8Array) {
  return new Promise<number | 'open'>((resolve, reject) => {
    const ws = new WebSocket(`${api.syncUrl}/${documentId}?token=${hostile.token}`);
    ws.on('error', () => {});
    ws.once('unexpected-response', (_request, response) =>
      reject(new Error(`refused ${response.statusCode}`)),
    );
    ws.once('close', (code) => resolve(code));
    ws.on('message', (data: Buffer) => {
      if (data[0] === 0 && data[1] === 1) {
        resolve('open');
        ws.close();
      }
    });
    ws.once('open', () => {
      ws.send(frame.data);
      ws.send(probe);
    });
  });
}

function sortedVector(doc: Y.Doc): [number, number][] {
  return [...Y.decodeStateVector(Y.encodeStateVector(doc)).entries()].sort((a, b) => a[0] - b[0]);
}

describe('hostile frames', () => {
  it(`survive ${TOTAL_FRAMES} malformed, oversized, random and crafted frames with nothing changed`, async () => {
    const seed = readReplaySeed() ?? 1;
    const gen = prng.create(seed);
    const { id } = await api.createDocument(presidency.token, {
      markdown: readFileSync(FIXTURE_PATH, 'utf8'),
    });
    const a = connectClient(api, id, france.token);
    const b = connectClient(api, id, germany.token);
    await Promise.all([waitSynced(a), waitSynced(b)]);
    const initial = await fetchState(id);
    const honestClients = new Set([
      ...Y.decodeStateVector(Y.encodeStateVector(initial)).keys(),
      a.doc.clientID,
      b.doc.clientID,
    ]);
    const frames = generateHostileFrames(gen, Y.encodeStateAsUpdate(initial), TOTAL_FRAMES);
    const probe = (() => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      encoding.writeVarUint(encoder, 0);
      const claim = new Map(
        [...Y.decodeStateVector(Y.encodeStateVector(initial))].map(([c]) => [c, 2 ** 31]),
      );
      const sv = encoding.createEncoder();
      encoding.writeVarUint(sv, claim.size);
      for (const [client, clock] of claim) {
        encoding.writeVarUint(sv, client);
        encoding.writeVarUint(sv, clock);
      }
      encoding.writeVarUint8Array(encoder, encoding.toUint8Array(sv));
      return encoding.toUint8Array(encoder);
    })();

    const outcomes = new Map<string, Map<string, number>>();
    let next = 0;
    let honestRounds = 0;
    /** Crafted frames after which the connection stayed open (updates waiting for structs never sent). */
    const kept = new Set<string>();
    /** The longest the server took to handle a frame and answer the probe, with the frame's name. */
    let slowest = { ms: 0, name: '' };
    const sendNext = async () => {
      const frame = frames[next++] as HostileFrame;
      const started = performance.now();
      const outcome = await sendOnFreshConnection(id, frame, probe);
      const ms = performance.now() - started;
      if (ms > slowest.ms) slowest = { ms, name: frame.name };
      const family = outcomes.get(frame.family) ?? new Map<string, number>();
      outcomes.set(frame.family, family);
      const key = outcome === 'open' ? 'connection kept' : `closed ${outcome}`;
      family.set(key, (family.get(key) ?? 0) + 1);
      if (frame.family.startsWith('crafted') && outcome === 'open') kept.add(frame.name);
    };
    try {
      while (next < frames.length) {
        const until = Math.min(frames.length, next + 1000);
        await Promise.all(
          Array.from({ length: PARALLEL }, async () => {
            while (next < until) await sendNext();
          }),
        );
        // The honest delegates still edit and see each other's edits.
        typeInto(a.doc, 0, ` a${honestRounds}`);
        typeInto(b.doc, 1, ` b${honestRounds}`);
        honestRounds++;
        await expect.poll(() => readTexts(b.doc)[0]).toBe(readTexts(a.doc)[0]);
        await expect.poll(() => readTexts(a.doc)[1]).toBe(readTexts(b.doc)[1]);
      }
    } catch (error) {
      throw new Error(`${describeReplay(seed, TEST_FILE)}\n${String(error)}`, { cause: error });
    }

    // Still up, and the document is what the honest delegates wrote, nothing else.
    expect((await api.request('GET', '/healthz', null)).status).toBe(200);
    const final = await fetchState(id);
    for (const client of sortedVector(final)) expect(honestClients).toContain(client[0]);
    expect(sortedVector(a.doc)).toEqual(sortedVector(final));
    expect(readDocument(a.doc)).toEqual(readDocument(final));
    expect(readDocument(b.doc)).toEqual(readDocument(final));
    expect(final.store.pendingStructs).toBeNull();
    expect(final.store.pendingDs).toBeNull();
    const logged = await store.updates.list(id);
    expect(logged.filter((entry) => entry.userId === hostile.id)).toEqual([]);
    expect(serverErrors).toEqual([]);

    const totals = new Map<string, number>();
    for (const counts of outcomes.values())
      for (const [key, n] of counts) totals.set(key, (totals.get(key) ?? 0) + n);
    const table = [...outcomes].map(
      ([family, counts]) => `  ${family}: ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')}`,
    );
    console.info(
      `hostile frames: ${frames.length} frames sent, ${honestRounds} rounds of honest edits seen by the other delegate\n` +
        `  in all: ${[...totals]
          .sort()
          .map(([k, n]) => `${n} ${k}`)
          .join(', ')}\n` +
        `${table.join('\n')}\n  crafted frames after which the connection stayed open, nothing applied: ${[...kept].join('; ') || 'none'}\n` +
        `  slowest answer: ${Math.round(slowest.ms)} ms (${slowest.name})`,
    );
  }, 1_200_000);
});
