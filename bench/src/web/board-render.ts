/**
 * `npx tsx bench/src/web/board-render.ts [--blocks 2000] [--states 16] [--rounds 5] [--profile FILE]
 * [--trace FILE] [--style CSS] [--web-root DIR]`:
 * how long the Presidency's consensus board takes to show a long document with many positions, and to
 * show one more position recorded by a delegation. A scratch measurement, outside `npm run bench`;
 * needs `apps/web/dist` built.
 *
 * A real server (in this process, on a temporary SQLite file); a document of `--blocks` generated
 * blocks; `--states` Member States each agreeing or reserving on every block. Headless Chromium signed
 * in as the Presidency opens the board (time until the last row is drawn, then until the next frame),
 * then, `--rounds` times, the last Member State records a position on a block in the middle through
 * the API: time from the request to the frame after that cell shows it.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DELEGATIONS, launchChromium, signedInContext, startScratchServer } from './scratch-room';
import { startTrace } from './trace-summary';

const { values: args } = parseArgs({
  options: {
    blocks: { type: 'string', default: '2000' },
    states: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '5' },
    profile: { type: 'string' },
    style: { type: 'string' },
    trace: { type: 'string' },
    'web-root': { type: 'string' },
  },
});
const BATCH = 500;

async function main() {
  const server = await startScratchServer(
    args['web-root'] ?? new URL('../../../apps/web/dist', import.meta.url).pathname,
  );
  const browser = await launchChromium();
  try {
    const id = await server.createDocument(Number(args.blocks), '9992/26');
    const presidency = await server.createUser('presidency');
    const { blocks } = (await server.request('GET', `/api/documents/${id}`, presidency.token)) as {
      blocks: { id: string }[];
    };
    const states = DELEGATIONS.slice(0, Number(args.states));
    for (const [s, code] of states.entries()) {
      const user = await server.createUser('delegate', code);
      for (let from = 0; from < blocks.length; from += BATCH) {
        const positions = blocks.slice(from, from + BATCH).map((block, i) => ({
          blockId: block.id,
          position: (from + i + s) % 7 === 0 ? 'scrutiny_reservation' : 'agree',
        }));
        await server.request('PUT', `/api/documents/${id}/positions`, user.token, { positions });
      }
    }
    const late = await server.createUser('delegate', 'DE');
    const context = await signedInContext(browser, server.url, presidency.token);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const nextFrame = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    if (args.style)
      await page.addInitScript(`document.addEventListener('DOMContentLoaded', () => {
      const style = document.createElement('style');
      style.textContent = ${JSON.stringify(args.style)};
      document.head.append(style);
    })`);
    const t0 = Date.now();
    await page.goto(`/documents/${id}/consensus`);
    // Attached, not visible: rows off screen may be skipped until scrolled to.
    await page
      .locator(`.board-table [data-block-id="${blocks.at(-1)?.id}"]`)
      .waitFor({ state: 'attached', timeout: 300_000 });
    await nextFrame();
    console.log(`board shown: ${Date.now() - t0} ms (${blocks.length} rows, ${states.length} states)`);
    const times: number[] = [];
    const endTrace = args.trace ? await startTrace(cdp, args.trace) : null;
    for (let round = 0; round < Number(args.rounds); round++) {
      const block = blocks[Math.floor(blocks.length / 2) + round] as { id: string };
      if (args.profile && round === Number(args.rounds) - 1) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.start');
      }
      // Timed in the page, which records the position itself (as DE) and watches for its cell: a
      // selector polled from outside costs seconds on a table of 60,000 cells.
      const ms = await page.evaluate(
        async ({ url, token, blockId }) => {
          const row = document.querySelector(`.board-table [data-block-id="${blockId}"]`);
          if (row === null) throw new Error('no row');
          const shown = new Promise<void>((resolve) => {
            const observer = new MutationObserver(() => {
              if (row.querySelector('.board-cell.position-oppose') === null) return;
              observer.disconnect();
              resolve();
            });
            observer.observe(row, { subtree: true, attributes: true, childList: true });
          });
          const t = performance.now();
          await fetch(url, {
            method: 'PUT',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ position: 'oppose' }),
          });
          await shown;
          await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
          return performance.now() - t;
        },
        { url: `/api/documents/${id}/blocks/${block.id}/position`, token: late.token, blockId: block.id },
      );
      times.push(Math.round(ms));
      if (args.profile && round === Number(args.rounds) - 1) {
        const { profile } = await cdp.send('Profiler.stop');
        writeFileSync(args.profile, JSON.stringify(profile));
      }
    }
    await endTrace?.(Number(args.rounds));
    console.log(`one position shown: ${times.join(', ')} ms`);
  } finally {
    await browser.close();
    await server.close();
  }
}
await main();
