/**
 * Debian's Chromium driven by playwright-core, and pages that record uncaught errors and console errors
 * so that every test can assert there were none.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page, WebSocketRoute } from 'playwright-core';
import { expect } from 'vitest';
import { onTeardown, REPO_ROOT } from '../server/harness';
import { launchChromium } from './chromium';

export { launchChromium };

/**
 * The limit of a browser test, for its `describe`: one does hundreds of requests and three browsers'
 * work, and the item-note test took over 300 s on a loaded two-core VM. It catches a hang, it times
 * nothing.
 */
export const BROWSER_TEST_TIMEOUT_MS = 900_000;

/** A server and several browsers share two cores: every wait gets room, and none is a fixed sleep. */
export const UNTIL = { timeout: 60_000 } as const;

export const SCREENSHOT_DIR = join(REPO_ROOT, 'docs/screenshots');

export interface WatchedPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Uncaught exceptions and console errors, in order. */
  readonly errors: string[];
}

export interface ProfileOptions {
  /**
   * The size of the page's window in CSS pixels, e.g. a phone's 390×844.
   * @default 1400×1000
   */
  readonly viewport?: { readonly width: number; readonly height: number };
  /**
   * The time zone the browser's clock reads, e.g. a delegate in Athens' `Europe/Athens`.
   * @default the machine's
   */
  readonly timezoneId?: string;
  /**
   * The browser's language, which its date and time inputs are shown in, e.g. `en-US` (12-hour clock).
   * @default the machine's
   */
  readonly locale?: string;
  /**
   * A touch screen: the page is tapped (`locator.tap()`), as on a phone or a tablet.
   * @default false
   */
  readonly hasTouch?: boolean;
}

/** A fresh browser profile (its own cookie jar) and its page, closed at teardown before the server stops. */
export async function openProfile(
  browser: Browser,
  baseUrl: string,
  { viewport = { width: 1400, height: 1000 }, timezoneId, locale, hasTouch }: ProfileOptions = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport, timezoneId, locale, hasTouch });
  // Playwright's 30 s for a click or a page load is too little for a Chromium starved of CPU on a
  // loaded CI machine; like every limit in these tests it catches a hang, it times nothing.
  context.setDefaultTimeout(60_000);
  onTeardown(() => context.close());
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return { context, page, errors };
}

/** A login link, as the demo prints them; with `next`, the page it opens once signed in. */
export const loginLink = (token: string, next?: string) =>
  `/login?token=${encodeURIComponent(token)}${next === undefined ? '' : `&next=${encodeURIComponent(next)}`}`;

/**
 * A fresh profile signed in through a login link, with no page loaded yet: the profile requests the
 * link itself, so its cookie jar holds the session as if the page had followed it, and the test opens
 * the page it is about. Every load of the app costs seconds of a starved CI machine's CPU.
 */
export async function openSignedInPage(
  browser: Browser,
  baseUrl: string,
  token: string,
  options: ProfileOptions = {},
): Promise<WatchedPage> {
  const profile = await openProfile(browser, baseUrl, options);
  const signIn = await profile.context.request.get(loginLink(token), { maxRedirects: 0 });
  if (signIn.status() !== 302) throw new Error(`the login link answered ${signIn.status()}`);
  return profile;
}

/**
 * A fresh profile whose page follows a login link as a person does, and lands in the app: on the list,
 * or where the link's `next` says.
 */
export async function openHomePage(
  browser: Browser,
  baseUrl: string,
  token: string,
  next?: string,
): Promise<WatchedPage> {
  const profile = await openProfile(browser, baseUrl);
  await profile.page.goto(loginLink(token, next));
  await profile.page.locator('.whoami').waitFor();
  return profile;
}

/** Opens the drafting room of a document and waits until its text is on screen. */
export async function openDraftingRoom(page: Page, documentId: string): Promise<void> {
  await page.goto(`/documents/${encodeURIComponent(documentId)}`);
  await page.locator('.council-body [data-id]').first().waitFor();
}

/** Holds back what a page sends on its sync sockets, to make an edit that is still on its way. */
export interface OutgoingSyncGate {
  /** From now on, the page's messages wait here, in order. */
  hold(): void;
  /** Sends what waited, in order, and lets the next messages through. */
  release(): void;
  /** How many messages are waiting. */
  readonly held: number;
}

/**
 * Routes the page's sync sockets (`/sync/:id`) through the test, before the page opens them: messages
 * from the server reach the page as they come; the page's reach the server unless held.
 */
export async function gateOutgoingSync(page: Page): Promise<OutgoingSyncGate> {
  let holding = false;
  const waiting: { server: WebSocketRoute; message: string | Buffer }[] = [];
  await page.routeWebSocket(/\/sync\//, (socket) => {
    const server = socket.connectToServer();
    socket.onMessage((message) => {
      if (holding) waiting.push({ server, message });
      else server.send(message);
    });
  });
  return {
    hold() {
      holding = true;
    },
    release() {
      holding = false;
      for (const { server, message } of waiting.splice(0)) server.send(message);
    },
    get held() {
      return waiting.length;
    },
  };
}

/** Holds back what the server sends a page on its sync sockets, to deliver it all at once. */
export interface IncomingSyncGate extends OutgoingSyncGate {
  /** How many of the waiting messages are sync messages (document updates), not awareness. */
  readonly heldSync: number;
}

/**
 * Routes the page's sync sockets through the test both ways, before the page opens them: what the
 * page sends as `gateOutgoingSync` does, and what the server sends the page, held when asked and
 * delivered back to back on release (others' updates arriving within one frame).
 */
export async function gateSyncBothWays(
  page: Page,
): Promise<{ outgoing: OutgoingSyncGate; incoming: IncomingSyncGate }> {
  const gate = () => {
    let holding = false;
    const waiting: { send: () => void; sync: boolean }[] = [];
    return {
      pass(message: string | Buffer, send: () => void) {
        if (!holding) return send();
        waiting.push({ send, sync: typeof message !== 'string' && message[0] === 0 });
      },
      hold() {
        holding = true;
      },
      release() {
        holding = false;
        for (const { send } of waiting.splice(0)) send();
      },
      get held() {
        return waiting.length;
      },
      get heldSync() {
        return waiting.filter((m) => m.sync).length;
      },
    };
  };
  const outgoing = gate();
  const incoming = gate();
  await page.routeWebSocket(/\/sync\//, (socket) => {
    const server = socket.connectToServer();
    socket.onMessage((message) => outgoing.pass(message, () => server.send(message)));
    server.onMessage((message) => incoming.pass(message, () => socket.send(message)));
  });
  return { outgoing, incoming };
}

/** A block of the drafting room by its stable id. */
export function locateBlock(page: Page, blockId: string): Locator {
  return page.locator(`.council-body > [data-id="${blockId}"]`);
}

/** The text of a block as a reader sees it, without the labels of other people's carets. */
export function readBlockText(block: Locator): Promise<string> {
  return block.evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    for (const caret of Array.from(copy.querySelectorAll('.remote-caret'))) caret.remove();
    return copy.textContent ?? '';
  });
}

/** Puts the caret at the very start of a block. */
export async function placeCaretAtStart(page: Page, block: Locator): Promise<void> {
  await expect
    .poll(
      async () => {
        await block.click({ position: { x: 1, y: 4 } });
        await page.keyboard.press('Home');
        // The editor must hold the caret there, as for placeCaretAtEnd: a remote change arriving
        // between the click and ProseMirror's reading of it puts the caret back where it was (seen in
        // CI: FR's Backspace then deleted a character of another paragraph instead of joining).
        return block.evaluate((element) => {
          const root = element.closest('.ProseMirror') as (Element & { editor?: TiptapHandle }) | null;
          const view = root?.editor?.view;
          if (view === undefined) return false;
          const held = view.state.selection;
          if (!held.empty || held.$head.parentOffset !== 0) return false;
          const dom = view.nodeDOM(held.$head.before());
          return dom === element || (dom instanceof Node && dom.contains(element));
        });
      },
      { timeout: 60_000 },
    )
    .toBe(true);
}

/** The offset of the page's caret in its paragraph as the editor holds it, or null with a selection. */
export function readCaretOffset(page: Page): Promise<number | null> {
  return page.evaluate(() => {
    const root = document.activeElement?.closest('.ProseMirror') as
      | (Element & { editor?: TiptapHandle })
      | null
      | undefined;
    const held = root?.editor?.view.state.selection;
    return held?.empty ? held.$head.parentOffset : null;
  });
}

/** What a test reads of the Tiptap editor that an editor's root element carries (`element.editor`). */
interface TiptapHandle {
  readonly view: {
    readonly state: {
      readonly selection: {
        readonly empty: boolean;
        readonly $head: {
          readonly parentOffset: number;
          readonly parent: { readonly content: { readonly size: number } };
          before(): number;
        };
      };
    };
    nodeDOM(position: number): Node | null;
  };
}

/**
 * Puts the caret at the very end of a block (its last line is never justified, so its end is at the
 * left), and waits until the page's selection and the editor's say so: a late change of layout (a
 * report arriving, fonts) can move the text between Playwright's stability check and the click, which
 * then lands elsewhere; the click is then made again.
 */
export async function placeCaretAtEnd(page: Page, block: Locator): Promise<void> {
  await expect
    .poll(
      async () => {
        const box = await block.boundingBox();
        if (!box) return false;
        await block.click({ position: { x: box.width - 2, y: box.height - 4 } });
        await page.keyboard.press('End');
        return block.evaluate((element) => {
          const selection = window.getSelection();
          if (!selection?.isCollapsed || !element.contains(selection.focusNode)) return false;
          // Nothing of the block's text after the caret (a remote caret's label is not text).
          const after = document.createRange();
          after.setStart(selection.focusNode as Node, selection.focusOffset);
          after.setEnd(element, element.childNodes.length);
          const rest = after.cloneContents();
          for (const caret of Array.from(rest.querySelectorAll('.remote-caret'))) caret.remove();
          if ((rest.textContent ?? '') !== '') return false;
          // ProseMirror must hold the caret there too: it reads the page's selection a moment after a
          // click or a key, and a transaction before that (a remote change) puts the caret back where
          // ProseMirror had it. Seen once: Enter then split paragraph 1 at its start.
          const root = element.closest('.ProseMirror') as (Element & { editor?: TiptapHandle }) | null;
          const view = root?.editor?.view;
          if (view === undefined) return false;
          const held = view.state.selection;
          const { $head } = held;
          if (!held.empty || $head.parentOffset !== $head.parent.content.size) return false;
          const dom = view.nodeDOM($head.before());
          return dom === element || (dom instanceof Node && dom.contains(element));
        });
      },
      { timeout: 60_000 },
    )
    .toBe(true);
}

/**
 * Extends the selection by one word with the keyboard and waits until the page has it, as a person
 * would see it highlighted before pressing the next key, and until the editor has it too: ProseMirror
 * reads the page's selection on a later event, and a key pressed before that (seen in CI: the
 * bracket shortcut) acts on the selection it had.
 */
export async function selectNextWord(page: Page, word: string): Promise<void> {
  await page.keyboard.press('Control+Shift+ArrowRight');
  await page.waitForFunction((expected) => {
    if (String(window.getSelection()).trim() !== expected) return false;
    const root = document.activeElement?.closest('.ProseMirror') as
      | (Element & { editor?: { view: { state: EditorStateHandle } } })
      | null
      | undefined;
    const state = root?.editor?.view.state;
    if (state === undefined) return false;
    const { from, to } = state.selection;
    return state.doc.textBetween(from, to).trim() === expected;
  }, word);
}

/** What `selectNextWord` reads of ProseMirror's state. */
interface EditorStateHandle {
  readonly selection: { readonly from: number; readonly to: number };
  readonly doc: { textBetween(from: number, to: number): string };
}

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}
