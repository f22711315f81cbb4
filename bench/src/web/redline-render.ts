/**
 * `npx tsx bench/src/web/redline-render.ts [--blocks 300] [--cpu 1] [--profile FILE]`: how long the
 * revisions screen takes to show an archivist the redline of a long document and to switch its views.
 * A scratch measurement, outside `npm run bench`; needs `apps/web/dist` built.
 *
 * A real server (in this process, on a temporary SQLite file); a document of `--blocks` generated
 * blocks, REV 1 of it, and REV 2 with every tenth paragraph amended. Headless Chromium, signed in as an
 * archivist (`--cpu N` slows its CPU N times), opens the revisions screen three times: the time until
 * the redline shows, until "Show unchanged paragraphs" has shown them, and until "Side by side" has.
 * `--profile` writes the page's JavaScript profile of the last round.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generateDocument, renderDocumentMarkdown } from '../harness/content';
import { launchChromium, signedInContext, startScratchServer } from './scratch-room';

const { values: args } = parseArgs({
  options: {
    blocks: { type: 'string', default: '300' },
    cpu: { type: 'string', default: '1' },
    profile: { type: 'string' },
  },
});
const BLOCKS = Number(args.blocks);

async function main() {
  const server = await startScratchServer(new URL('../../../apps/web/dist', import.meta.url).pathname);
  const browser = await launchChromium();
  try {
    const presidency = await server.createUser('presidency');
    const archivist = await server.createUser('archivist');
    const content = generateDocument(BLOCKS, 7);
    const markdown = renderDocumentMarkdown({
      ...content,
      metadata: { ...content.metadata, number: '9991/26' },
    });
    const { id } = (await server.request('POST', '/api/documents', presidency.token, { markdown })) as {
      id: string;
    };
    await server.request('POST', `/api/documents/${id}/revisions`, presidency.token, {});
    // REV 2: every tenth paragraph's words changed.
    const changed = {
      ...content,
      metadata: { ...content.metadata, number: '9991/26' },
      blocks: content.blocks.map((block, i) =>
        i % 10 === 3 ? { ...block, text: `${block.text} Amended here, as agreed.` } : block,
      ),
    };
    await server.request('POST', `/api/documents/${id}/revisions`, presidency.token, {
      markdown: renderDocumentMarkdown(changed),
    });
    const context = await signedInContext(browser, server.url, archivist.token);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    if (args.cpu !== '1') await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(args.cpu) });
    for (let round = 0; round < 3; round++) {
      if (args.profile && round === 2) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.start');
      }
      const t0 = Date.now();
      await page.goto(`/documents/${id}/revisions`);
      await page.locator('.redline-block').first().waitFor({ timeout: 120_000 });
      const first = Date.now() - t0;
      const t1 = Date.now();
      await page.getByRole('checkbox', { name: 'Show unchanged paragraphs' }).check();
      await page.locator('.redline-block.change-unchanged').first().waitFor();
      const unchanged = Date.now() - t1;
      const t2 = Date.now();
      await page.getByRole('radio', { name: 'Side by side' }).check();
      await page.locator('.redline-pair').first().waitFor();
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
      const side = Date.now() - t2;
      const count = await page.locator('.redline-block').count();
      console.log(
        `round ${round}: first render ${first} ms, unchanged shown ${unchanged} ms, side by side ${side} ms (${count} blocks)`,
      );
      if (args.profile && round === 2) {
        const { profile } = await cdp.send('Profiler.stop');
        writeFileSync(args.profile, JSON.stringify(profile));
      }
      await page.getByRole('radio', { name: 'Inline' }).check();
      await page.getByRole('checkbox', { name: 'Show unchanged paragraphs' }).uncheck();
    }
  } finally {
    await browser.close();
    await server.close();
  }
}
await main();
