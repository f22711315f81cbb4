/**
 * `npx tsx bench/src/web/consensus-refetch.ts [--blocks 2000] [--typists 20] [--viewers 21]
 * [--seconds 10] [--fetch changes|report]`: what others' typing makes every open room and board do
 * with the consensus report.
 * A scratch measurement, outside `npm run bench`.
 *
 * A real server (in this process, on a temporary SQLite file); the Presidency creates a document of
 * `--blocks` generated blocks; `--typists` delegations (y-websocket clients) type 5 characters a
 * second each into paragraphs spread over it. `--viewers` clients follow the document's event stream
 * (`GET /events`, read as the browser's EventSource does) and fetch the report as the web app does on
 * each event (`coalesceRefresh` of apps/web, one fetch at a time, asks meanwhile folded into one more):
 * `--fetch changes` (the web app since 1 December) asks `GET /consensus/changes` for what changed since
 * the version it holds; `--fetch report` (before) asks the whole report with `If-None-Match`, as the
 * browser's cache revalidates a `no-cache` answer. Counted over
 * `--seconds`: hints received, report fetches the server answered (200 or 304), bytes, server CPU.
 */
import { parseArgs } from 'node:util';
import { coalesceRefresh } from '../../../apps/web/src/consensus/coalesce-refresh';
import {
  connectYClient,
  DELEGATIONS,
  startScratchServer,
  typeEvery200Ms,
  type YClient,
} from './scratch-room';

const { values: args } = parseArgs({
  options: {
    blocks: { type: 'string', default: '2000' },
    typists: { type: 'string', default: '20' },
    viewers: { type: 'string', default: '21' },
    seconds: { type: 'string', default: '10' },
    fetch: { type: 'string', default: 'changes' },
  },
});
const BLOCKS = Number(args.blocks);
const TYPISTS = Number(args.typists);
const VIEWERS = Number(args.viewers);
const SECONDS = Number(args.seconds);
const FETCH_CHANGES = args.fetch !== 'report';

interface Counts {
  hints: number;
  fetches: number;
  ok: number;
  notModified: number;
  bytes: number;
}

async function main(): Promise<void> {
  const server = await startScratchServer();
  const stops: (() => void)[] = [];
  try {
    const id = await server.createDocument(BLOCKS, '9991/26');
    const base = `${server.url}/api/documents/${encodeURIComponent(id)}`;

    const counts: Counts = { hints: 0, fetches: 0, ok: 0, notModified: 0, bytes: 0 };
    let counting = false;
    for (let v = 0; v < VIEWERS; v++) {
      const viewer = await server.createUser('delegate', DELEGATIONS[v % DELEGATIONS.length]);
      const headers = { authorization: `Bearer ${viewer.token}`, 'accept-encoding': 'gzip' };
      let etag: string | null = null;
      let version: string | null = null;
      const refresh = coalesceRefresh(
        async () => {
          const response = FETCH_CHANGES
            ? await fetch(
                `${base}/consensus/changes${version === null ? '' : `?since=${encodeURIComponent(version)}`}`,
                { headers },
              )
            : await fetch(`${base}/consensus`, {
                headers: etag ? { ...headers, 'if-none-match': etag } : headers,
              });
          const body = await response.arrayBuffer();
          if (FETCH_CHANGES)
            version = (JSON.parse(new TextDecoder().decode(body)) as { version: string }).version;
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

    const typists: YClient[] = [];
    for (let i = 0; i < TYPISTS; i++) {
      const user = await server.createUser('delegate', DELEGATIONS[i % DELEGATIONS.length]);
      typists.push(connectYClient(server.syncUrl, id, user.token));
    }
    stops.push(() => {
      for (const typist of typists) typist.destroy();
    });
    await Promise.all(typists.map((typist) => typist.synced));
    typists.forEach((typist, i) => {
      stops.unshift(typeEvery200Ms(typist.doc, Math.floor(((i + 1) * BLOCKS) / (TYPISTS + 1))));
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
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
