/**
 * `npx tsx bench/src/web/consensus-refetch.ts [--blocks 2000] [--typists 20] [--viewers 21]
 * [--seconds 10]`: what others' typing makes every open room and board do with the consensus report.
 * A scratch measurement, outside `npm run bench`.
 *
 * A real server (in this process, on a temporary SQLite file); the Presidency creates a document of
 * `--blocks` generated blocks; `--typists` delegations (y-websocket clients) type 5 characters a
 * second each into paragraphs spread over it. `--viewers` clients follow the document's event stream
 * (`GET /events`, read as the browser's EventSource does) and fetch the report as the web app does on
 * each event (`coalesceRefresh` of apps/web, one fetch at a time, asks meanwhile folded into one more)
 * with `If-None-Match`, as the browser's cache revalidates a `no-cache` answer. Counted over
 * `--seconds`: hints received, report fetches the server answered (200 or 304), bytes, server CPU.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openSqliteStore, SQLITE_FILE_NAME, startServer } from '@accord/server';
import { getFragment } from '@accord/ydoc';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { coalesceRefresh } from '../../../apps/web/src/consensus/coalesce-refresh';
import { generateDocument, renderDocumentMarkdown } from '../harness/content';

const ADMIN_TOKEN = 'consensus-refetch-admin';
const DELEGATIONS = 'BE BG CZ DK EE IE EL ES HR IT CY LV LT LU HU MT NL AT PL PT RO SI SK FI SE FR DE'.split(
  ' ',
);

const { values: args } = parseArgs({
  options: {
    blocks: { type: 'string', default: '2000' },
    typists: { type: 'string', default: '20' },
    viewers: { type: 'string', default: '21' },
    seconds: { type: 'string', default: '10' },
  },
});
const BLOCKS = Number(args.blocks);
const TYPISTS = Number(args.typists);
const VIEWERS = Number(args.viewers);
const SECONDS = Number(args.seconds);

interface Counts {
  hints: number;
  fetches: number;
  ok: number;
  notModified: number;
  bytes: number;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'accord-refetch-'));
  const store = openSqliteStore(join(dataDir, SQLITE_FILE_NAME));
  const server = await startServer({
    store,
    port: 0,
    adminToken: ADMIN_TOKEN,
    logError: (message, error) => console.error(message, error),
  });
  const request = async (method: string, path: string, token: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status >= 400) throw new Error(`${method} ${path}: ${response.status}`);
    return response.json() as Promise<{ id: string; token: string }>;
  };
  const createUser = (role: string, delegation?: string) =>
    request('POST', '/api/users', ADMIN_TOKEN, { name: `${delegation ?? ''} ${role}`, role, delegation });

  const stops: (() => void)[] = [];
  try {
    const presidency = await createUser('presidency');
    const content = generateDocument(BLOCKS, 7);
    const markdown = renderDocumentMarkdown({
      ...content,
      metadata: { ...content.metadata, number: '9991/26' },
    });
    const { id } = await request('POST', '/api/documents', presidency.token, { markdown });
    const base = `${server.url}/api/documents/${encodeURIComponent(id)}`;

    const counts: Counts = { hints: 0, fetches: 0, ok: 0, notModified: 0, bytes: 0 };
    let counting = false;
    for (let v = 0; v < VIEWERS; v++) {
      const viewer = await createUser('delegate', DELEGATIONS[v % DELEGATIONS.length]);
      const headers = { authorization: `Bearer ${viewer.token}`, 'accept-encoding': 'gzip' };
      let etag: string | null = null;
      const refresh = coalesceRefresh(
        async () => {
          const response = await fetch(`${base}/consensus`, {
            headers: etag ? { ...headers, 'if-none-match': etag } : headers,
          });
          const body = await response.arrayBuffer();
          if (counting) {
            counts.fetches++;
            if (response.status === 304) counts.notModified++;
            else counts.ok++;
            counts.bytes += Number(response.headers.get('content-length') ?? body.byteLength);
          }
          etag = response.headers.get('etag') ?? etag;
        },
        () => {},
      );
      const abort = new AbortController();
      stops.push(() => abort.abort());
      const events = await fetch(`${base}/events`, { headers, signal: abort.signal });
      void (async () => {
        const decoder = new TextDecoder();
        let buffered = '';
        try {
          for await (const chunk of events.body as unknown as AsyncIterable<Uint8Array>) {
            buffered += decoder.decode(chunk, { stream: true });
            let end = buffered.indexOf('\n\n');
            while (end >= 0) {
              const type = /^event: (.*)$/m.exec(buffered.slice(0, end))?.[1];
              buffered = buffered.slice(end + 2);
              end = buffered.indexOf('\n\n');
              if (type === undefined) continue;
              if (type === 'consensus-changed' && counting) counts.hints++;
              if (type !== 'comment') refresh();
            }
          }
        } catch {
          // Aborted at the end.
        }
      })();
    }

    const typists: { provider: WebsocketProvider; doc: Y.Doc; timer?: ReturnType<typeof setInterval> }[] = [];
    for (let i = 0; i < TYPISTS; i++) {
      const user = await createUser('delegate', DELEGATIONS[i % DELEGATIONS.length]);
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(`${server.url.replace(/^http/, 'ws')}/sync`, id, doc, {
        params: { token: user.token },
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
      });
      provider.messageHandlers[100] = () => {};
      typists.push({ provider, doc });
    }
    stops.push(() => {
      for (const typist of typists) {
        clearInterval(typist.timer);
        typist.provider.destroy();
        typist.doc.destroy();
      }
    });
    await Promise.all(
      typists.map(
        ({ provider }) =>
          new Promise<void>((resolve) => {
            if (provider.synced) resolve();
            else provider.on('sync', (synced: boolean) => synced && resolve());
          }),
      ),
    );
    typists.forEach((typist, i) => {
      const index = Math.floor(((i + 1) * BLOCKS) / (TYPISTS + 1));
      let typed = 0;
      typist.timer = setInterval(() => {
        const block = getFragment(typist.doc).get(index);
        const text = block instanceof Y.XmlElement ? block.get(0) : null;
        if (text instanceof Y.XmlText) text.insert(0, 'abcdefghij'[typed++ % 10] as string);
      }, 200);
    });

    await new Promise((resolve) => setTimeout(resolve, 2_000));
    counting = true;
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 1_000));
    counting = false;
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const perSecond = (n: number) => (n / seconds).toFixed(1);
    console.log(
      `${BLOCKS} blocks, ${TYPISTS} typists (5 chars/s each), ${VIEWERS} viewers, ${seconds.toFixed(1)} s:\n` +
        `  consensus-changed hints per viewer per second: ${perSecond(counts.hints / VIEWERS)}\n` +
        `  report fetches served per second: ${perSecond(counts.fetches)} (200: ${perSecond(counts.ok)}, 304: ${perSecond(counts.notModified)})\n` +
        `  report bytes sent per second: ${(counts.bytes / seconds / 1024).toFixed(0)} KiB\n` +
        `  process CPU (server, typists and viewers together): ${(((cpu.user + cpu.system) / 1e6 / seconds) * 100).toFixed(0)} %`,
    );
  } finally {
    for (const stop of stops) stop();
    await server.close();
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
