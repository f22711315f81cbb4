/**
 * `npx tsx bench/src/web/remote-typing.ts [--blocks 2000] [--chars 200] [--delay-ms 80] [--typists 0]
 * [--profile FILE.cpuprofile | --trace FILE.json] [--count-renders] [--web-root DIR]`: what another
 * delegation's keystrokes cost a delegate's browser, measured in the page. A scratch measurement,
 * outside `npm run bench`: no peer.
 *
 * A real server (in this process, on a temporary SQLite file) serves the built web app (apps/web/dist
 * unless `--web-root`); the Presidency creates a document of `--blocks` generated blocks; a French
 * delegate's Chromium (headless, driven by playwright-core) opens its drafting room with the caret in a
 * paragraph a little after the middle. A German delegate (a y-websocket client in this process) types
 * `--chars` characters at the end of the middle paragraph, one Yjs update each, each once the page has
 * shown the one before and `--delay-ms` later. With `--typists N`, N other delegations (more clients in
 * this process) type 5 characters a second each into other paragraphs meanwhile.
 *
 * From Node: how long each of DE's keystrokes takes to show in the page's text (polled every 10 ms).
 * Per remote Yjs transaction, in the page (instrumented from outside, through `.ProseMirror`'s `editor`):
 * - update → frame done: from the Y.Doc's remote transaction starting to a task posted from the next
 *   requestAnimationFrame callback (how long the page is busy with it, style and layout included);
 * - the remote Y transaction (every observer of the Y.Doc, y-prosemirror's among them);
 * - y-prosemirror's type observer (its rebuild of the document and the dispatch), `view.dispatch`,
 *   `EditorState.applyTransaction` (each plugin's state `apply` and `appendTransaction` separately),
 *   `view.updateState` (ProseMirror's DOM update, each plugin view's `update` separately), and the rest
 *   of the dispatch (Tiptap's `transaction`/`update` listeners: React renders they cause);
 * - the tasks that follow it until the next update (React's scheduler, animation frames, timers);
 * - with `--profile`, main-thread busy time over the whole run (a CDP CPU profile's non-idle samples),
 *   per update; with `--trace`, the renderer main thread's trace events (layout, paint, commit...) per
 *   update; with `--count-renders`, the React components drawn (all three cost time of their own).
 * `--profile` writes the profile: `npx tsx bench/src/report/summarize-profile.ts FILE 30`. For
 * readable names build the web app unminified (`npx vite build --minify false --outDir DIR` in
 * apps/web) and pass `--web-root DIR`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { getFragment } from '@accord/ydoc';
import * as Y from 'yjs';
import { REPO_ROOT } from '../harness/child-server';
import {
  connectYClient,
  DELEGATIONS,
  launchChromium,
  openRoom,
  percentile,
  signedInContext,
  startScratchServer,
  typeEvery200Ms,
  type YClient,
} from './scratch-room';
import { startTrace } from './trace-summary';

/** Member States other than FR (the page) and DE (the measured typist), for `--typists`. */
const OTHER_DELEGATIONS = DELEGATIONS.filter((code) => code !== 'FR' && code !== 'DE');

const { values: args } = parseArgs({
  options: {
    blocks: { type: 'string', default: '2000' },
    chars: { type: 'string', default: '200' },
    'delay-ms': { type: 'string', default: '80' },
    profile: { type: 'string' },
    trace: { type: 'string' },
    typists: { type: 'string', default: '0' },
    'count-renders': { type: 'boolean', default: false },
    'web-root': { type: 'string', default: join(REPO_ROOT, 'apps/web/dist') },
  },
});
const BLOCKS = Number(args.blocks);
const CHARS = Number(args.chars);
const DELAY_MS = Number(args['delay-ms']);
const TYPISTS = Number(args.typists);

/** What the page records, per name: one duration per remote update (summed within it). */
interface Recorded {
  readonly updates: Record<string, number>[];
  readonly frames: number[];
}

/**
 * Installed in the page: wraps the editor's pieces to time them per remote update. Runs in the
 * browser; plain JavaScript objects of ProseMirror and Yjs reached through the editor.
 */
function instrument(): void {
  // biome-ignore lint/suspicious/noExplicitAny: the page's editor, reached from outside its bundle
  type Any = any;
  const dom = document.querySelector('.ProseMirror') as Any;
  const editor = dom.editor as Any;
  const view = editor.view as Any;
  const recorded: Recorded & { current: Record<string, number> | null } = {
    updates: [],
    frames: [],
    current: null,
  };
  (window as Any).remoteTyping = recorded;
  // Tasks after the update (React's scheduler, animation frames, timers): counted to the last one.
  (window as Any).timeTask = (kind: string, ms: number) => {
    const last = recorded.current ?? recorded.updates.at(-1);
    if (last) last[`after: ${kind}`] = (last[`after: ${kind}`] ?? 0) + ms;
  };
  const add = (name: string, ms: number) => {
    const current = recorded.current;
    if (current) current[name] = (current[name] ?? 0) + ms;
  };
  const timed = <F extends (...a: Any[]) => Any>(name: string, fn: F): F =>
    function (this: unknown, ...a: Any[]) {
      const start = performance.now();
      try {
        return fn.apply(this, a);
      } finally {
        add(name, performance.now() - start);
      }
    } as F;

  const collaboration = editor.extensionManager.extensions.find((e: Any) => e.name === 'collaboration');
  const ydoc = collaboration.options.document;
  let txStart = 0;
  ydoc.on('beforeTransaction', (tr: Any) => {
    if (tr.local) return;
    recorded.current = {};
    txStart = performance.now();
  });
  ydoc.on('afterAllTransactions', () => {
    const current = recorded.current;
    if (!current) return;
    current['Y transaction (all observers)'] = performance.now() - txStart;
    recorded.updates.push(current);
    const start = txStart;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => recorded.frames.push(performance.now() - start);
      channel.port2.postMessage(null);
    });
    recorded.current = null;
  });

  // y-prosemirror's type observer, re-registered wrapped.
  const sync = view.state.plugins.find((p: Any) => p.key.startsWith('y-sync$'));
  const binding = sync.getState(view.state).binding;
  binding.type.unobserveDeep(binding._observeFunction);
  binding._observeFunction = timed('y-prosemirror observer (rebuild + dispatch)', binding._observeFunction);
  binding.type.observeDeep(binding._observeFunction);

  view.dispatch = timed('view.dispatch', view.dispatch.bind(view));
  const proto = Object.getPrototypeOf(view.state);
  proto.applyTransaction = timed('  state.applyTransaction', proto.applyTransaction);
  view.updateState = timed('  view.updateState (DOM + plugin views)', view.updateState.bind(view));
  for (const field of view.state.config.fields) {
    field.apply = timed(`    apply ${field.name}`, field.apply);
  }
  for (const plugin of view.state.plugins) {
    if (plugin.spec.appendTransaction)
      plugin.spec.appendTransaction = timed(
        `    appendTransaction ${plugin.key}`,
        plugin.spec.appendTransaction,
      );
    if (plugin.spec.filterTransaction)
      plugin.spec.filterTransaction = timed(
        `    filterTransaction ${plugin.key}`,
        plugin.spec.filterTransaction,
      );
    const decorations = plugin.props.decorations;
    if (decorations) plugin.props.decorations = timed(`    decorations ${plugin.key}`, decorations);
  }
  const withViews = view.state.plugins.filter((p: Any) => p.spec.view);
  view.pluginViews.forEach((pluginView: Any, index: number) => {
    if (pluginView.update)
      pluginView.update = timed(
        `    view update ${withViews[index]?.key}`,
        pluginView.update.bind(pluginView),
      );
  });
}

/**
 * Installed in the page with `--count-renders` (it costs time of its own): a stand-in for React's
 * developer tools hook that counts, at each commit, the components that rendered in it.
 */
function countRenders(): void {
  // biome-ignore lint/suspicious/noExplicitAny: React's fibers
  type Any = any;
  const w = window as Any;
  const counts: Record<string, number> = {};
  w.renderCounts = counts;
  w.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    renderers: new Map(),
    inject: () => 1,
    checkDCE: () => {},
    onScheduleFiberRoot: () => {},
    onCommitFiberUnmount: () => {},
    onPostCommitFiberRoot: () => {},
    onCommitFiberRoot(_id: number, root: Any) {
      if (!w.countingRenders) return;
      counts['(commits)'] = (counts['(commits)'] ?? 0) + 1;
      const stack = [root.current];
      while (stack.length > 0) {
        const fiber = stack.pop();
        // PerformedWork: the fiber's component ran in this render.
        if (fiber.flags & 1 && typeof fiber.type !== 'string' && fiber.type) {
          const type = fiber.type.type ?? fiber.type.render ?? fiber.type;
          const name = type.displayName ?? type.name ?? '?';
          counts[name] = (counts[name] ?? 0) + 1;
        }
        // Only subtrees with work in this commit.
        if (fiber.child && fiber.subtreeFlags !== 0) stack.push(fiber.child);
        else if (fiber.child && fiber.flags & 1) stack.push(fiber.child);
        if (fiber.sibling) stack.push(fiber.sibling);
      }
    },
  };
}

/**
 * Installed in the page: times every MessagePort message (React's scheduler posts its work so),
 * animation frame and timer callback, reporting each to `timeTask` once that exists.
 */
function wrapTasks(): void {
  // biome-ignore lint/suspicious/noExplicitAny: page globals
  type Any = any;
  const w = window as Any;
  const time = (kind: string, fn: Any) =>
    function (this: unknown, ...a: Any[]) {
      const start = performance.now();
      try {
        return fn.apply(this, a);
      } finally {
        w.timeTask?.(kind, performance.now() - start);
      }
    };
  const descriptor = Object.getOwnPropertyDescriptor(MessagePort.prototype, 'onmessage') as Any;
  Object.defineProperty(MessagePort.prototype, 'onmessage', {
    ...descriptor,
    set(handler: Any) {
      descriptor.set.call(this, handler ? time('message (React scheduler)', handler) : handler);
    },
  });
  const raf = window.requestAnimationFrame.bind(window);
  w.requestAnimationFrame = (fn: Any) => raf(time('animation frame', fn));
  const timeout = window.setTimeout.bind(window);
  w.setTimeout = (fn: Any, ms?: number, ...rest: Any[]) =>
    typeof fn === 'function' ? timeout(time('timer', fn), ms, ...rest) : timeout(fn, ms, ...rest);
}

async function main(): Promise<void> {
  const server = await startScratchServer(args['web-root']);
  const browser = await launchChromium();
  let typist: YClient | null = null;
  const cleanups: (() => void)[] = [];
  try {
    const france = await server.createUser('delegate', 'FR');
    const germany = await server.createUser('delegate', 'DE');
    const id = await server.createDocument(BLOCKS, '9990/26');
    const context = await signedInContext(browser, server.url, france.token);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // tsx names functions through a helper the page does not have.
    await page.addInitScript('globalThis.__name = (f) => f');
    await page.addInitScript(wrapTasks);
    if (args['count-renders']) await page.addInitScript(countRenders);
    await openRoom(page, id, BLOCKS);

    // The French delegate's caret a few paragraphs after the middle one.
    const middle = Math.floor(BLOCKS / 2);
    const own = page.locator('.council-body > [data-id]').nth(middle + 3);
    await own.scrollIntoViewIfNeeded();
    const box = await own.boundingBox();
    if (!box) throw new Error('the paragraph is not on screen');
    await own.click({ position: { x: box.width - 2, y: box.height - 4 } });
    await page.keyboard.press('End');

    typist = connectYClient(server.syncUrl, id, germany.token);
    const { doc } = typist;
    await typist.synced;
    // Other delegations typing meanwhile, 5 characters a second each, spread over the document.
    const others: YClient[] = [];
    for (let i = 0; i < TYPISTS; i++) {
      const user = await server.createUser('delegate', OTHER_DELEGATIONS[i % OTHER_DELEGATIONS.length]);
      others.push(connectYClient(server.syncUrl, id, user.token));
    }
    cleanups.push(() => {
      for (const other of others) other.destroy();
    });
    await Promise.all(others.map((other) => other.synced));
    others.forEach((other, i) => {
      const at = Math.floor(((i + 1) * BLOCKS) / (TYPISTS + 2));
      cleanups.unshift(typeEvery200Ms(other.doc, at === middle ? at + 1 : at));
    });
    // Let the room settle (the report, the margins measured) before measuring.
    await page.waitForTimeout(2_000);
    await page.evaluate(instrument);

    const cdp = await context.newCDPSession(page);
    const endTrace = args.trace ? await startTrace(cdp, args.trace) : null;
    if (endTrace === null && args.profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
    }
    await page.evaluate(() => {
      (window as unknown as { countingRenders: boolean }).countingRenders = true;
    });
    const startLength = await page.evaluate(
      (index) => document.querySelectorAll('.council-body > [data-id]')[index]?.textContent?.length ?? 0,
      middle,
    );
    const shown: number[] = [];
    const typedStart = performance.now();
    const alphabet = 'the Council notes ';
    for (let i = 0; i < CHARS; i++) {
      const block = getFragment(doc).get(middle);
      if (!(block instanceof Y.XmlElement)) throw new Error(`no block ${middle}`);
      doc.transact(() => {
        let run = block.toArray().find((child): child is Y.XmlText => child instanceof Y.XmlText);
        if (!run) {
          run = new Y.XmlText();
          block.insert(0, [run]);
        }
        run.insert(run.length, alphabet[i % alphabet.length] as string);
      });
      const sent = performance.now();
      await page.waitForFunction(
        ([index, length]) =>
          (document.querySelectorAll('.council-body > [data-id]')[index as number]?.textContent?.length ??
            0) >= (length as number),
        [middle, startLength + i + 1],
        { polling: 10 },
      );
      shown.push(performance.now() - sent);
      await page.waitForTimeout(DELAY_MS);
    }
    const typedMs = performance.now() - typedStart;
    await page.waitForTimeout(500);
    let busyUs = 0;
    if (endTrace !== null) {
      await endTrace(CHARS);
    } else if (args.profile) {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(args.profile, JSON.stringify(profile));
      const idle = new Set(
        profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id),
      );
      profile.samples?.forEach((sample, index) => {
        if (!idle.has(sample)) busyUs += profile.timeDeltas?.[index] ?? 0;
      });
    }

    const measured = await page.evaluate(
      () => (window as unknown as { remoteTyping: Recorded }).remoteTyping,
    );
    const names = new Set(measured.updates.flatMap((u) => Object.keys(u)));
    const rows = [...names].map((name) => {
      const values = measured.updates.map((u) => u[name] ?? 0).sort((a, b) => a - b);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      return { name, p50: percentile(values, 50), p95: percentile(values, 95), mean };
    });
    console.log(
      JSON.stringify({ blocks: BLOCKS, chars: CHARS, delayMs: DELAY_MS, webRoot: args['web-root'] }),
    );
    const seconds = typedMs / 1000;
    const sum = (name: string) => measured.updates.reduce((total, u) => total + (u[name] ?? 0), 0);
    console.log(
      `${measured.updates.length} remote Yjs transactions in ${seconds.toFixed(1)} s (${TYPISTS} other typists); per second: Y transactions ${(sum('Y transaction (all observers)') / seconds).toFixed(0)} ms, React scheduler ${(sum('after: message (React scheduler)') / seconds).toFixed(0)} ms`,
    );
    shown.sort((a, b) => a - b);
    console.log(
      `DE's keystroke sent → shown in the page (polled every 10 ms): p50 ${percentile(shown, 50).toFixed(0)} ms, p95 ${percentile(shown, 95).toFixed(0)} ms, max ${(shown.at(-1) ?? 0).toFixed(0)} ms`,
    );
    const frames = [...measured.frames].sort((a, b) => a - b);
    console.log(
      `update → frame done: p50 ${percentile(frames, 50).toFixed(1)} ms, p95 ${percentile(frames, 95).toFixed(1)} ms, max ${(frames.at(-1) ?? 0).toFixed(1)} ms`,
    );
    if (args.profile)
      console.log(
        `main thread busy (CPU profile, non-idle): ${(busyUs / 1000 / CHARS).toFixed(1)} ms per update`,
      );
    console.log('per update (ms)                                            p50     p95    mean');
    for (const row of rows.sort((a, b) => b.mean - a.mean))
      console.log(
        `${row.name.padEnd(56)} ${row.p50.toFixed(2).padStart(7)} ${row.p95.toFixed(2).padStart(7)} ${row.mean.toFixed(2).padStart(7)}`,
      );
    if (args['count-renders'])
      console.log(
        'renders:',
        JSON.stringify(
          await page.evaluate(() => (window as unknown as { renderCounts: unknown }).renderCounts),
        ),
      );
    if (errors.length > 0) console.log(`page errors: ${errors.join(' | ')}`);
  } finally {
    for (const cleanup of cleanups) cleanup();
    typist?.destroy();
    await browser.close();
    await server.close();
  }
}

await main();
