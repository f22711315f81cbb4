/**
 * `npx tsx bench/src/web/typing-latency.ts [--blocks 2000] [--chars 200] [--typists 3] [--delay-ms 60]
 * [--profile FILE.cpuprofile] [--web-root DIR]`: how typing in the drafting room feels on a large
 * document, measured in the browser. A scratch measurement, outside `npm run bench`: no peer.
 *
 * A real server (in this process, on a temporary SQLite file) serves the built web app (apps/web/dist
 * unless `--web-root`); the Presidency creates a document of `--blocks` generated blocks; a delegate's
 * Chromium (headless, Debian's, driven by playwright-core) opens its drafting room, puts the caret at
 * the end of the paragraph in the middle and types `--chars` characters, one every `--delay-ms`.
 * Meanwhile `--typists` other delegates (y-websocket clients in this process) each type 5 characters a
 * second into paragraphs elsewhere in the document.
 *
 * Per keystroke, in the page:
 * - key → frame done: from the keydown event's timestamp to a task posted from the next
 *   requestAnimationFrame callback, which runs once that frame is produced and the tasks queued before
 *   it (React's render of the frame's updates, a remote update's message) have run: how long the page
 *   is busy with a keystroke, noisier than the next item;
 * - Event Timing (what Chrome's INP uses): each interaction's longest event `duration` (keydown to the
 *   next paint, rounded to 8 ms), from a PerformanceObserver with `durationThreshold: 16`, so a
 *   keystroke under 16 ms has no entry and counts as under 16 ms.
 * `--profile` records a CPU profile of the page (CDP Profiler) while typing: summarise it with
 * `npx tsx bench/src/report/summarize-profile.ts FILE 30`. For readable names, build the web app
 * unminified (`npx vite build --minify false --outDir /tmp/web-unminified` in apps/web) and pass it
 * as `--web-root`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../harness/child-server';
import {
  connectYClient,
  launchChromium,
  openRoom,
  percentile,
  signedInContext,
  startScratchServer,
  typeEvery200Ms,
} from './scratch-room';

const { values: args } = parseArgs({
  options: {
    blocks: { type: 'string', default: '2000' },
    chars: { type: 'string', default: '200' },
    typists: { type: 'string', default: '3' },
    'delay-ms': { type: 'string', default: '60' },
    profile: { type: 'string' },
    'web-root': { type: 'string', default: join(REPO_ROOT, 'apps/web/dist') },
  },
});
const BLOCKS = Number(args.blocks);
const CHARS = Number(args.chars);
const TYPISTS = Number(args.typists);
const DELAY_MS = Number(args['delay-ms']);

const ms = (value: number) => `${value.toFixed(1)} ms`;

async function main(): Promise<void> {
  const server = await startScratchServer(args['web-root']);
  const typists: { client: ReturnType<typeof connectYClient>; index: number; stop?: () => void }[] = [];
  const browser = await launchChromium();
  try {
    const france = await server.createUser('delegate', 'FR');
    const id = await server.createDocument(BLOCKS, '9990/26');
    const context = await signedInContext(browser, server.url, france.token);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    const opened = performance.now();
    await openRoom(page, id, BLOCKS);
    const openMs = performance.now() - opened;

    const others = ['DE', 'IT', 'NL', 'ES', 'PL', 'SE'];
    for (let i = 0; i < TYPISTS; i++) {
      const user = await server.createUser('delegate', others[i % others.length]);
      // Spread over the document, never the measured paragraph in the middle.
      const at = Math.floor(((i + 1) * BLOCKS) / (TYPISTS + 2));
      typists.push({
        client: connectYClient(server.syncUrl, id, user.token),
        index: at === BLOCKS / 2 ? at + 1 : at,
      });
    }
    await Promise.all(typists.map((typist) => typist.client.synced));

    // The caret at the end of the paragraph in the middle.
    const target = page.locator('.council-body > [data-id]').nth(Math.floor(BLOCKS / 2));
    await target.scrollIntoViewIfNeeded();
    const box = await target.boundingBox();
    if (!box) throw new Error('the middle paragraph is not on screen');
    await target.click({ position: { x: box.width - 2, y: box.height - 4 } });
    await page.keyboard.press('End');
    const before = (await target.textContent()) ?? '';

    for (const typist of typists) typist.stop = typeEvery200Ms(typist.client.doc, typist.index);
    // Let the room settle (the report, margins measured, remote typing flowing) before measuring.
    await page.waitForTimeout(2_000);

    await page.evaluate(() => {
      const state = { keys: [] as number[], events: [] as { id: number; name: string; duration: number }[] };
      (window as unknown as { typingLatency: typeof state }).typingLatency = state;
      window.addEventListener(
        'keydown',
        (event) => {
          const start = event.timeStamp;
          requestAnimationFrame(() => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => state.keys.push(performance.now() - start);
            channel.port2.postMessage(null);
          });
        },
        { capture: true },
      );
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as PerformanceEventTiming[]) {
          if (entry.interactionId > 0)
            state.events.push({ id: entry.interactionId, name: entry.name, duration: entry.duration });
        }
      }).observe({ type: 'event', durationThreshold: 16, buffered: false } as PerformanceObserverInit);
    });

    const cdp = args.profile ? await context.newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    const alphabet = 'the Council notes ';
    const typedStart = performance.now();
    for (let i = 0; i < CHARS; i++) {
      await page.keyboard.press(alphabet[i % alphabet.length] as string);
      await page.waitForTimeout(DELAY_MS);
    }
    const typedMs = performance.now() - typedStart;
    // The last keystrokes' frames.
    await page.waitForTimeout(500);
    if (cdp && args.profile) {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(args.profile, JSON.stringify(profile));
    }

    const after = (await target.textContent()) ?? '';
    const measured = await page.evaluate(
      () =>
        (
          window as unknown as {
            typingLatency: { keys: number[]; events: { id: number; name: string; duration: number }[] };
          }
        ).typingLatency,
    );
    const keys = [...measured.keys].sort((a, b) => a - b);
    const interactions = new Map<number, number>();
    for (const event of measured.events) {
      interactions.set(event.id, Math.max(interactions.get(event.id) ?? 0, event.duration));
    }
    // Keystrokes without an entry took under 16 ms: counted as 0 for the percentiles.
    const durations = [...interactions.values()];
    const inp = [...durations, ...Array(Math.max(0, CHARS - durations.length)).fill(0)].sort((a, b) => a - b);
    const below16 = (value: number) => (value < 16 ? '< 16 ms' : ms(value));

    console.log(
      JSON.stringify({
        blocks: BLOCKS,
        chars: CHARS,
        typists: TYPISTS,
        delayMs: DELAY_MS,
        webRoot: args['web-root'],
        profile: args.profile ?? null,
      }),
    );
    console.log(`room open (navigation → every block and margin shown): ${ms(openMs)}`);
    console.log(`typed ${CHARS} characters in ${ms(typedMs)}; text grew by ${after.length - before.length}`);
    console.log(
      `key → frame done (${keys.length} keys): p50 ${ms(percentile(keys, 50))}, p95 ${ms(percentile(keys, 95))}, max ${ms(keys.at(-1) ?? Number.NaN)}`,
    );
    console.log(
      `Event Timing, per interaction (${durations.length} of ${CHARS} ≥ 16 ms): p50 ${below16(percentile(inp, 50))}, p95 ${below16(percentile(inp, 95))}, max ${below16(inp.at(-1) ?? 0)}`,
    );
    if (errors.length > 0) console.log(`page errors: ${errors.join(' | ')}`);
  } finally {
    for (const typist of typists) {
      typist.stop?.();
      typist.client.destroy();
    }
    await browser.close();
    await server.close();
  }
}

await main();
