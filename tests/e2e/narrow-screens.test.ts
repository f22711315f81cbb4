/**
 * The screens on a phone (390×844, where QA found the drafting room one letter wide) and on a laptop:
 * on the phone every screen is one column that never scrolls sideways, and the laptop keeps the
 * Council's page with the margin beside the text.
 */
import type { Locator, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { teardown } from '../server/harness';
import {
  BROWSER_TEST_TIMEOUT_MS,
  locateBlock,
  openDraftingRoom,
  openSignedInPage,
  placeCaretAtEnd,
  UNTIL,
} from './browser';
import {
  createServerClock,
  enterCommissionReservation,
  readLiveBlock,
  recordPosition,
  setUpWorkingParty,
  startWebServer,
  useChromium,
  type WorkingParty,
} from './web-server';

const PHONE = { width: 390, height: 844 } as const;
const LAPTOP = { width: 1280, height: 800 } as const;

/** A note as long as the Presidency's usually are, wider than a phone's table column. */
const REVISION_NOTE = 'Presidency compromise following the Friends of the Presidency meeting of 7 June';

/** Narrower than this, a paragraph stops reading as text (QA's was 13px). */
const MIN_TEXT_WIDTH_PX = 250;

const browser = useChromium();
afterEach(teardown);

/** How far the page reaches past the window's right edge, in CSS pixels: 0 when it does not scroll sideways. */
function measureSidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth));
}

async function readBox(locator: Locator) {
  const box = await locator.boundingBox();
  if (!box) throw new Error('the element is not on the page');
  return box;
}

/**
 * The role Chromium's own accessibility tree, what a screen reader is given, gives the node named
 * each of `names`; null for a name no node has. Playwright's roles are read from the markup and
 * would not see CSS take a table's semantics away.
 */
async function readAccessibleRoles(page: Page, names: readonly string[]) {
  const session = await page.context().newCDPSession(page);
  try {
    const { nodes } = await session.send('Accessibility.getFullAXTree');
    const roles: Record<string, string | null> = {};
    for (const name of names) {
      const node = nodes.find((each) => !each.ignored && each.name?.value === name);
      roles[name] = node?.role?.value ?? null;
    }
    return roles;
  } finally {
    await session.detach();
  }
}

/** The margin note of a block, once the consensus report has given it its status. */
async function waitForMarginNote(page: Page, blockId: string): Promise<Locator> {
  const note = page.locator(`.block-margin[data-block-id="${blockId}"]`);
  await note.locator('.status-pill').waitFor();
  return note;
}

/** `token`'s drafting room at `viewport`, with the panel of the paragraph `blockId`, named `name`, opened from its margin. */
async function openPanel(
  party: WorkingParty,
  token: string,
  viewport: { readonly width: number; readonly height: number },
  blockId: string,
  name: string,
) {
  const profile = await openSignedInPage(browser(), party.server.url, token, { viewport });
  await openDraftingRoom(profile.page, party.documentId);
  const note = await waitForMarginNote(profile.page, blockId);
  await note.getByRole('button').click();
  return { ...profile, panel: profile.page.getByRole('complementary', { name, exact: true }) };
}

/** WCAG 2.2's minimum target size, which a finger on a phone needs more than a mouse does. */
const MIN_TARGET_PX = 24;

/**
 * The controls of the page smaller than a finger's target either way, each "Name (width×height)":
 * every link, button and field shown, but the text's own (the editor, where words are tapped) and
 * links within a sentence, which WCAG leaves to the text's size.
 */
function listSmallTargets(page: Page): Promise<string[]> {
  return page.evaluate((min) => {
    const small: string[] = [];
    for (const control of Array.from(
      document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, summary'),
    )) {
      const box = control.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || control.closest('.visually-hidden, .ProseMirror')) continue;
      if (control.tagName === 'A' && control.closest('p')) continue;
      if (box.width >= min && box.height >= min) continue;
      const name = control.getAttribute('aria-label') ?? control.textContent?.trim() ?? '';
      const label = name === '' ? (control.closest('label')?.textContent?.trim() ?? control.tagName) : name;
      small.push(`${label.slice(0, 40)} (${Math.round(box.width)}×${Math.round(box.height)})`);
    }
    return small;
  }, MIN_TARGET_PX);
}

describe('narrow and wide screens', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('shows every screen on a phone as one column that never scrolls sideways, the margin above each paragraph', async () => {
    const party = await setUpWorkingParty();
    const first = await readLiveBlock(party, 0);
    const second = await readLiveBlock(party, 1);
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token, { viewport: PHONE });
    const { page } = fr;

    await page.goto('/');
    await page.locator('.document-list li').first().waitFor();
    expect(await measureSidewaysOverflow(page), 'the document list').toBe(0);

    await openDraftingRoom(page, party.documentId);
    const note = await waitForMarginNote(page, second.id);
    expect(await measureSidewaysOverflow(page), 'the drafting room').toBe(0);
    // The document title gives way in the bar and is still there in full.
    const title = page.locator('.document-heading .document-title');
    expect(await title.getAttribute('title')).toBe(await title.textContent());

    // The paragraph reads as text, and its margin note stands between it and the paragraph before.
    const text = await readBox(locateBlock(page, second.id));
    expect(text.width).toBeGreaterThanOrEqual(MIN_TEXT_WIDTH_PX);
    const margin = await readBox(note);
    const before = await readBox(locateBlock(page, first.id));
    expect(margin.y + margin.height).toBeLessThanOrEqual(text.y + 1);
    expect(margin.y).toBeGreaterThanOrEqual(before.y + before.height - 1);
    expect(margin.x + margin.width).toBeLessThanOrEqual(PHONE.width);

    // Typing on the phone works as anywhere, and gives the archivist a change to see in the redline.
    await placeCaretAtEnd(page, locateBlock(page, second.id));
    await page.keyboard.type(' Delegations may follow it from their phones.');
    await page.locator('.save-status[data-saved="true"]').waitFor();
    await expect.poll(async () => (await readLiveBlock(party, 1)).text, UNTIL).toContain('from their phones');

    // The paragraph's panel covers the screen, not more, and France states its position from it.
    await note.getByRole('button').click();
    const panel = page.locator('.block-panel');
    await panel.getByRole('button', { name: 'Agree', exact: true }).click();
    await expect
      .poll(
        () => panel.getByRole('button', { name: 'Agree', exact: true }).getAttribute('aria-pressed'),
        UNTIL,
      )
      .toBe('true');
    expect(await measureSidewaysOverflow(page), 'the drafting room with a paragraph open').toBe(0);

    // A delegation's board, with its form for a general reservation (QA: the select of its kinds, as
    // wide as "General parliamentary scrutiny reservation", stuck out of the screen).
    await panel.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('link', { name: 'Consensus' }).click();
    const kind = page.getByRole('combobox', { name: /^FR's general reservation on the whole text/ });
    await kind.waitFor();
    expect(await measureSidewaysOverflow(page), "a delegation's consensus board").toBe(0);
    const kindBox = await readBox(kind);
    expect(kindBox.x + kindBox.width).toBeLessThanOrEqual(PHONE.width);

    // The board's table scrolls inside its own box, the page does not.
    const presidency = await openSignedInPage(browser(), party.server.url, party.presidency.token, {
      viewport: PHONE,
    });
    await presidency.page.goto(`/documents/${party.documentId}/consensus`);
    await presidency.page.locator(`.board-table [role="row"][data-block-id="${second.id}"]`).waitFor();
    expect(await measureSidewaysOverflow(presidency.page), 'the consensus board').toBe(0);
    const scroll = presidency.page.locator('.board-scroll');
    expect(await scroll.evaluate((box) => box.scrollWidth > box.clientWidth)).toBe(true);

    // The revisions with the redline of the live text against 9916/17, and the history.
    const archivist = await openSignedInPage(browser(), party.server.url, party.archivist.token, {
      viewport: PHONE,
    });
    await archivist.page.goto(`/documents/${party.documentId}/revisions`);
    await expect
      .poll(() => archivist.page.locator('.redline ins').allTextContents(), UNTIL)
      .toEqual([expect.stringContaining('from their phones')]);
    expect(await measureSidewaysOverflow(archivist.page), 'the revisions and redline').toBe(0);
    // A revision's links to read and download it are on the screen, not past the edge of its table.
    for (const name of ['Read 9916/17 (opens in a new tab)', 'Word document of 9916/17']) {
      const link = await readBox(archivist.page.getByRole('link', { name, exact: true }));
      expect(link.x + link.width, name).toBeLessThanOrEqual(PHONE.width);
    }
    // QA: a revision's note was reachable only by scrolling the table sideways, with no hint it was
    // there. On a phone each revision reads as a card, its note within the screen; the table stays a
    // table to a screen reader, the note a cell under its column's "Note".
    const issued = await party.server.request(
      'POST',
      `/api/documents/${party.documentId}/revisions`,
      party.presidency.token,
      { note: REVISION_NOTE },
    );
    expect(issued.status).toBe(201);
    const revisionNote = archivist.page.locator('.revision-list td', { hasText: REVISION_NOTE });
    await revisionNote.waitFor();
    const revisionTable = archivist.page.locator('.revision-list .table-scroll');
    expect(await revisionTable.evaluate((box) => box.scrollWidth - box.clientWidth), 'the revisions').toBe(0);
    const noteBox = await readBox(revisionNote);
    const tableBox = await readBox(revisionTable);
    expect(noteBox.x).toBeGreaterThanOrEqual(tableBox.x);
    expect(noteBox.x + noteBox.width).toBeLessThanOrEqual(tableBox.x + tableBox.width);
    // Polled: Chromium builds its accessibility tree after the page has drawn the row.
    await expect
      .poll(() => readAccessibleRoles(archivist.page, ['Note', REVISION_NOTE]), UNTIL)
      .toEqual({
        Note: 'columnheader',
        [REVISION_NOTE]: 'cell',
      });

    // A position on a paragraph with a long name, which the history's paragraph filter lists.
    const subparagraph = await readLiveBlock(party, 8);
    await recordPosition(party, party.germany.token, subparagraph.id, 'agree');
    await archivist.page.getByRole('link', { name: 'History' }).click();
    await archivist.page.locator('.history-table tbody tr').first().waitFor();
    expect(await measureSidewaysOverflow(archivist.page), 'the history').toBe(0);
    // QA: the paragraph filter, as wide as "Annex, paragraph 1, second subparagraph", stuck out of its box.
    const filter = archivist.page.getByRole('combobox', { name: 'Paragraph' });
    await filter
      .getByRole('option', { name: 'Annex, paragraph 1, second subparagraph' })
      .waitFor({ state: 'attached' });
    const history = await readBox(archivist.page.locator('.history'));
    for (const select of await archivist.page.locator('.history select').all()) {
      const box = await readBox(select);
      expect(box.x + box.width, 'a filter of the history').toBeLessThanOrEqual(history.x + history.width);
    }

    expect([...fr.errors, ...presidency.errors, ...archivist.errors]).toEqual([]);
  });

  it('keeps the margin beside the text on a laptop, and the board within the page', async () => {
    const party = await setUpWorkingParty();
    const second = await readLiveBlock(party, 1);
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token, { viewport: LAPTOP });
    await openDraftingRoom(fr.page, party.documentId);
    const note = await waitForMarginNote(fr.page, second.id);
    const text = await readBox(locateBlock(fr.page, second.id));
    const margin = await readBox(note);
    expect(margin.x).toBeGreaterThanOrEqual(text.x + text.width);
    expect(Math.abs(margin.y - text.y)).toBeLessThan(1);
    expect(await measureSidewaysOverflow(fr.page), 'the drafting room').toBe(0);

    // With the paragraph's panel open, the draft stands left of the panel, none of its text under it.
    await note.getByRole('button').click();
    const panel = fr.page.locator('#block-panel');
    await panel.waitFor();
    await expect
      .poll(async () => {
        const [paragraph, side] = await Promise.all([
          readBox(locateBlock(fr.page, second.id)),
          readBox(panel),
        ]);
        return paragraph.x + paragraph.width <= side.x;
      }, UNTIL)
      .toBe(true);
    expect(await measureSidewaysOverflow(fr.page), 'the drafting room with the panel open').toBe(0);

    // The board's table is wider than a laptop; it scrolls in its box and the page stays put.
    const presidency = await openSignedInPage(browser(), party.server.url, party.presidency.token, {
      viewport: LAPTOP,
    });
    await presidency.page.goto(`/documents/${party.documentId}/consensus`);
    await presidency.page.locator(`.board-table [role="row"][data-block-id="${second.id}"]`).waitFor();
    const scroll = presidency.page.locator('.board-scroll');
    expect(await scroll.evaluate((box) => box.scrollWidth > box.clientWidth)).toBe(true);
    expect(await measureSidewaysOverflow(presidency.page), 'the consensus board').toBe(0);

    expect([...fr.errors, ...presidency.errors]).toEqual([]);
  });

  it("keeps the delegations' codes above their columns and each paragraph's name beside its row while the chair scrolls the board", async () => {
    const party = await setUpWorkingParty();
    const presidency = await openSignedInPage(browser(), party.server.url, party.presidency.token, {
      viewport: LAPTOP,
    });
    const { page } = presidency;
    await page.goto(`/documents/${party.documentId}/consensus`);
    const last = await readLiveBlock(party, 23);
    const lastRow = page.locator(`.board-table [role="row"][data-block-id="${last.id}"]`);
    await lastRow.waitFor();
    /** Whether the chair sees `locator` itself at its centre: on screen, and under nothing else. */
    const isSeen = (locator: Locator) =>
      locator.evaluate((element) => {
        const box = element.getBoundingClientRect();
        const x = box.left + box.width / 2;
        const y = box.top + box.height / 2;
        if (x < 0 || y < 0 || x > window.innerWidth || y > window.innerHeight) return false;
        const seen = document.elementFromPoint(x, y);
        return seen !== null && (seen === element || element.contains(seen));
      });
    const hungary = page.getByRole('columnheader', { name: 'HU', exact: true });
    const qmv = page.getByRole('columnheader', { name: 'QMV', exact: true });

    /** Turns the mouse wheel over the board, as the chair does, until `target` comes into sight. */
    const scrollUntilSeen = async (target: Locator, delta: { readonly x: number; readonly y: number }) => {
      const board = await readBox(page.locator('.board-table'));
      await page.mouse.move(Math.min(board.x + board.width / 2, LAPTOP.width / 2), LAPTOP.height / 2);
      await expect
        .poll(async () => {
          if (await isSeen(target)) return true;
          await page.mouse.wheel(delta.x, delta.y);
          return false;
        }, UNTIL)
        .toBe(true);
    };

    // Down at the last paragraph, the codes are still above the columns: the chair reads whose cell
    // is whose without counting columns.
    await scrollUntilSeen(lastRow.getByRole('link'), { x: 0, y: 200 });
    expect(await isSeen(hungary), "HU's column heading").toBe(true);

    // Across to the QMV what-if, wider than a laptop, the paragraph's name stays beside its row.
    await scrollUntilSeen(lastRow.locator('.board-qmv'), { x: 200, y: 0 });
    expect(await isSeen(qmv), 'the QMV heading').toBe(true);
    expect(await isSeen(lastRow.getByRole('link')), "the last paragraph's name").toBe(true);
    expect(await measureSidewaysOverflow(page), 'the consensus board').toBe(0);
    expect(presidency.errors).toEqual([]);
  });

  it('shows the whole of a busy margin note on a laptop: status, who spoke, stale positions, comments and brackets', async () => {
    const party = await setUpWorkingParty();
    // The annex's first paragraph, which the delegations are asked to agree (the cover note's would
    // read "not negotiated" where this reads "open").
    const block = await readLiveBlock(party, 7);
    const netherlands = await party.server.createUser('delegate', 'NL');
    const base = `/api/documents/${party.documentId}/blocks/${block.id}`;
    for (const [user, position] of [
      [party.germany, 'agree'],
      [party.france, 'reservation'],
      [netherlands, 'scrutiny_reservation'],
    ] as const) {
      await party.server.request('PUT', `${base}/position`, user.token, { position });
    }
    for (let i = 1; i <= 12; i++) {
      await party.server.request('POST', `${base}/comments`, party.germany.token, {
        body: `Comment ${i}`,
        visibility: 'all',
      });
    }
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token, { viewport: LAPTOP });
    await openDraftingRoom(fr.page, party.documentId);
    await placeCaretAtEnd(fr.page, locateBlock(fr.page, block.id));
    await fr.page.keyboard.type(' [or not]');
    const note = await waitForMarginNote(fr.page, block.id);
    const button = note.getByRole('button');
    await expect
      .poll(() => button.getAttribute('aria-label'), UNTIL)
      .toBe('Annex, paragraph 1: open; 3 stale; 12 comments; 1 bracketed passage');
    // The Netherlands gives its position again on the new text: the paragraph is reserved, 1 of 27 spoke.
    await party.server.request('PUT', `${base}/position`, netherlands.token, {
      position: 'scrutiny_reservation',
    });
    await expect.poll(() => button.getAttribute('aria-label'), UNTIL).toContain('2 stale');
    const parts = await button.evaluate((element) => {
      const edge = element.getBoundingClientRect().right;
      return Array.from(element.children, (child) => ({
        text: child.textContent,
        shown: child.getBoundingClientRect().right <= edge + 0.5,
      }));
    });
    expect(parts).toEqual([
      { text: 'R Reserved', shown: true },
      { text: '1/27', shown: true },
      { text: '2 stale', shown: true },
      { text: '12 comments', shown: true },
      { text: '[1]', shown: true },
    ]);
    expect(fr.errors).toEqual([]);
  });

  it("keeps the field for a reason to break silence, and its button, within a phone's screen", async () => {
    const party = await setUpWorkingParty({ now: createServerClock('2099-12-21T10:00:00.000Z').now });
    const started = await party.server.request(
      'POST',
      `/api/documents/${party.documentId}/silence`,
      party.presidency.token,
      { until: '2099-12-31T12:00:00.000Z' },
    );
    expect(started.status).toBe(201);
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token, { viewport: PHONE });
    await fr.page.goto(`/documents/${party.documentId}/consensus`);
    const silence = fr.page.getByRole('region', { name: 'Silence procedure' });
    // QA on a phone: the field, 40 characters wide, ran past the panel and the screen's right edge,
    // so the end of the reason typed could not be read.
    const reason = silence.getByLabel('Reason for breaking silence');
    await reason.fill('Valletta needs more time on paragraph 1.');
    for (const control of [reason, silence.getByRole('button', { name: 'Break silence' })]) {
      const box = await readBox(control);
      const panel = await readBox(silence);
      expect(box.x + box.width).toBeLessThanOrEqual(panel.x + panel.width);
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    }
    expect(await measureSidewaysOverflow(fr.page)).toBe(0);
    expect(fr.errors).toEqual([]);
  });

  it("shows a paragraph's words in its panel on a phone, where the panel covers the text, and not beside the text on a laptop", async () => {
    const party = await setUpWorkingParty();
    const second = await readLiveBlock(party, 1);
    for (const viewport of [PHONE, LAPTOP]) {
      const { panel, errors } = await openPanel(
        party,
        party.france.token,
        viewport,
        second.id,
        'Cover note, point 2',
      );
      await panel.getByRole('button', { name: 'Agree', exact: true }).waitFor();
      // QA as Malta on a phone: the panel hid the paragraph, and a position was stated on words unseen.
      const words = panel.getByText(second.text, { exact: true });
      if (viewport === PHONE) {
        await words.waitFor();
        const box = await readBox(words);
        expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
        expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
      } else {
        expect(await words.isVisible()).toBe(false);
      }
      expect(errors).toEqual([]);
    }
  });

  it("brings a paragraph's comment box within a screen's scroll on a phone, the Member States' positions behind a button, and lists them all on a laptop", async () => {
    const party = await setUpWorkingParty();
    const first = await readLiveBlock(party, 0);
    await recordPosition(party, party.germany.token, first.id, 'scrutiny_reservation', 'Awaiting Berlin');
    for (const viewport of [PHONE, LAPTOP]) {
      const { page, panel, errors } = await openPanel(
        party,
        party.france.token,
        viewport,
        first.id,
        'Cover note, point 1',
      );
      const positions = panel.getByRole('region', { name: 'Positions' });
      const germany = positions.getByRole('listitem').filter({ hasText: /^DE/ });
      const disclosure = positions.getByRole('button', { name: "Each Member State's position" });
      await positions.getByRole('heading', { name: 'Positions' }).waitFor();
      // The footnote's line says who holds out, whether or not the list shows.
      await expect
        .poll(() => positions.locator('.position-footnote q').textContent(), UNTIL)
        .toBe('DE: scrutiny reservation.');
      if (viewport === LAPTOP) {
        await germany.getByText('Awaiting Berlin').waitFor();
        expect(await disclosure.count()).toBe(0);
        expect(errors).toEqual([]);
        continue;
      }
      // QA on a phone: 27 rows of positions stood between the delegate's own position and the comment
      // box. Its foot is now within a screen's scroll of the panel's top.
      const box = panel.getByRole('textbox', { name: /^Comment\b/ });
      await box.waitFor();
      const panelTop = (await readBox(panel)).y;
      const boxBox = await readBox(box);
      expect(boxBox.y + boxBox.height - panelTop).toBeLessThanOrEqual(2 * PHONE.height);
      expect(await disclosure.getAttribute('aria-expanded')).toBe('false');
      expect(await germany.isVisible()).toBe(false);

      await disclosure.click();
      expect(await disclosure.getAttribute('aria-expanded')).toBe('true');
      await germany.getByText('Awaiting Berlin').waitFor();
      expect(await positions.getByRole('listitem').count()).toBe(27);
      await disclosure.click();
      await germany.waitFor({ state: 'hidden' });
      expect(await disclosure.getAttribute('aria-expanded')).toBe('false');
      expect(await measureSidewaysOverflow(page)).toBe(0);
      expect(errors).toEqual([]);
    }
  });

  it("puts a paragraph's comment box and its private tick straight under the comments on a phone, the private notes below, Tab going as the eye does", async () => {
    const party = await setUpWorkingParty();
    const first = await readLiveBlock(party, 0);
    const { page, panel, errors } = await openPanel(
      party,
      party.france.token,
      PHONE,
      first.id,
      'Cover note, point 1',
    );
    const box = panel.getByRole('textbox', { name: /^(Comment|Private note)\b/ });
    const tick = panel.getByRole('checkbox', { name: 'Only for France (a private note)' });
    await box.fill('FR would keep "joint".');
    await panel.getByRole('button', { name: 'Add comment' }).click();
    await tick.check();
    await box.fill('Paris wants "joint" kept.');
    await panel.getByRole('button', { name: 'Add private note' }).click();
    const notes = panel.locator('.private-notes');
    await notes.getByText('Paris wants "joint" kept.').waitFor();
    await tick.uncheck();
    await box.fill('And a second thought.');

    // QA on a phone: France's private notes, a box of their own, stood between the comments and the
    // box that adds one, its tick for a private note below them. Read top to bottom, as laid out.
    const shown = await panel.evaluate((element) => {
      const top = (selector: string) =>
        (element.querySelector(selector)?.getBoundingClientRect().top ?? Number.NaN) + element.scrollTop;
      return {
        comments: top('.comments > .comment-list'),
        box: top('.comments form textarea'),
        tick: top('.comments form input[type="checkbox"]'),
        add: top('.comments form button[type="submit"]'),
        notes: top('.private-notes'),
      };
    });
    expect(
      Object.entries(shown)
        .sort(([, a], [, b]) => a - b)
        .map(([name]) => name),
    ).toEqual(['comments', 'box', 'tick', 'add', 'notes']);

    // Tab from the last comment goes through the form, then to the private notes, each further down.
    await panel.getByRole('button', { name: 'Reply to FR: FR would keep "joint".' }).focus();
    const tops: number[] = [];
    for (const [what, control] of [
      ['the comment box', box],
      ['its private tick', tick],
      ['Add comment', panel.getByRole('button', { name: 'Add comment' })],
      ["the private note's Resolve", notes.getByRole('button', { name: 'Resolve', exact: true })],
      [
        "the private note's Reply",
        notes.getByRole('button', { name: 'Reply to FR: Paris wants "joint" kept.' }),
      ],
    ] as const) {
      await page.keyboard.press('Tab');
      const focused = await control.evaluate((element) => element === document.activeElement);
      expect(focused, `Tab reaches ${what}`).toBe(true);
      tops.push(
        await control.evaluate(
          (element) =>
            element.getBoundingClientRect().top + (element.closest('.block-panel')?.scrollTop ?? 0),
        ),
      );
    }
    expect(tops).toEqual([...tops].sort((a, b) => a - b));
    expect(errors).toEqual([]);
  });

  it("keeps the Commission's drafting room and paragraph panel, with its reservation's form, within a phone's screen", async () => {
    const party = await setUpWorkingParty();
    const second = await readLiveBlock(party, 1);
    const commission = await party.server.createUser('observer', 'COM');
    await enterCommissionReservation(
      party,
      commission.token,
      second.id,
      'parliamentary_scrutiny_reservation',
      'Pending the College.',
    );
    const com = await openSignedInPage(browser(), party.server.url, commission.token, { viewport: PHONE });
    await openDraftingRoom(com.page, party.documentId);
    const note = await waitForMarginNote(com.page, second.id);
    // QA as the Commission: the page scrolled sideways by 2 pixels, the room's bar holding its
    // presence list and "Read only: comment in a paragraph's margin" on one line.
    await com.page.getByText('Read only: comment in a paragraph’s margin').waitFor();
    expect(await measureSidewaysOverflow(com.page), "the Commission's drafting room").toBe(0);
    await note.getByRole('button').click();
    const panel = com.page.getByRole('complementary', { name: 'Cover note, point 2', exact: true });
    const form = panel.getByRole('region', { name: "The Commission's reservation" });
    await form.getByRole('button', { name: "Withdraw the Commission's reservation" }).waitFor();
    const box = await readBox(panel);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    expect(await panel.evaluate((element) => element.scrollWidth - element.clientWidth)).toBe(0);
    for (const control of await form.locator('select, input, textarea, button').all()) {
      const { x, width } = await readBox(control);
      expect(x + width, (await control.textContent()) ?? '').toBeLessThanOrEqual(box.x + box.width);
    }
    expect(await measureSidewaysOverflow(com.page), "the Commission's paragraph panel").toBe(0);
    expect(com.errors).toEqual([]);
  });

  it('keeps the line FR types on in sight below the toolbar on a phone, and once the phone is turned to landscape mid-edit', async () => {
    const party = await setUpWorkingParty();
    const block = await readLiveBlock(party, 9);
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token, { viewport: PHONE });
    const { page } = fr;
    await openDraftingRoom(page, party.documentId);
    await placeCaretAtEnd(page, locateBlock(page, block.id));
    await page.keyboard.type(' FR reads');
    // How far the caret's line stands below the toolbar that stays at the top of the screen: negative
    // when the toolbar hides some of it.
    const measureCaretClearance = () =>
      page.evaluate(() => {
        const caret = window.getSelection()?.getRangeAt(0).getBoundingClientRect();
        const toolbar = document.querySelector('.toolbar')?.getBoundingClientRect();
        if (!caret || !toolbar) throw new Error('no caret or no toolbar');
        return caret.top - toolbar.bottom;
      });
    expect(await measureCaretClearance(), 'typing on the phone').toBeGreaterThanOrEqual(0);

    // QA: turned to landscape (844×390) mid-edit, the words typed next went on under the toolbar.
    await page.setViewportSize({ width: PHONE.height, height: PHONE.width });
    await page.keyboard.type(' on');
    await expect.poll(measureCaretClearance, UNTIL).toBeGreaterThanOrEqual(0);

    // And the line the caret is on scrolled under the toolbar, the next key brings it out from there.
    for (const viewport of [PHONE, { width: PHONE.height, height: PHONE.width }]) {
      await page.setViewportSize(viewport);
      const hidden = await measureCaretClearance();
      await page.evaluate((by) => window.scrollBy(0, by), hidden + 10);
      expect(await measureCaretClearance(), 'scrolled under the toolbar').toBeLessThan(0);
      await page.keyboard.type('.');
      await expect.poll(measureCaretClearance, UNTIL).toBeGreaterThanOrEqual(0);
    }
    await expect.poll(async () => (await readLiveBlock(party, 9)).text, UNTIL).toMatch(/ FR reads on\.\.$/);
    expect(fr.errors).toEqual([]);
  });

  it("gives every control of the list, the drafting room and a paragraph's panel a target of 24 px each way on a phone", async () => {
    const party = await setUpWorkingParty();
    const first = await readLiveBlock(party, 0);
    const commented = await party.server.request(
      'POST',
      `/api/documents/${party.documentId}/blocks/${first.id}/comments`,
      party.germany.token,
      { body: 'Could "joint" be dropped here?', visibility: 'all' },
    );
    expect(commented.status).toBe(201);
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token, { viewport: PHONE });
    const { page } = fr;
    await page.goto('/');
    await page.locator('.document-list li').first().waitFor();
    // QA with a thumb: Sign out, Consensus and Revisions were 22 px high.
    expect(await listSmallTargets(page), 'the documents list').toEqual([]);

    await openDraftingRoom(page, party.documentId);
    const note = await waitForMarginNote(page, first.id);
    // QA: each footnote's Edit was 17 px high, one above the other.
    expect(await listSmallTargets(page), 'the drafting room').toEqual([]);

    await note.getByRole('button').click();
    const panel = page.getByRole('complementary', { name: 'Cover note, point 1', exact: true });
    await panel.getByRole('button', { name: /^Reply to DE/ }).waitFor();
    // QA: the panel's Close, a comment's Reply and Resolve, and the private note's box (13 px).
    expect(await listSmallTargets(page), "a paragraph's panel").toEqual([]);
    expect(fr.errors).toEqual([]);
  });

  it('hangs a four-digit paragraph number on one line left of its text, on a laptop and a phone', async () => {
    const server = await startWebServer();
    const presidency = await server.createUser('presidency');
    const { id } = await server.createDocument(presidency.token, {
      markdown:
        '# Long mandate\n\n1000. The Council recalls its conclusions.\n\n1001. It welcomes the report.\n',
    });
    for (const viewport of [LAPTOP, PHONE]) {
      const { page, errors } = await openSignedInPage(browser(), server.url, presidency.token, { viewport });
      await openDraftingRoom(page, id);
      const block = page.locator('.council-body .block[data-number="1000"]');
      await block.waitFor();
      const hung = await block.evaluate((element) => {
        const number = getComputedStyle(element, '::before');
        const paragraph = getComputedStyle(element);
        return {
          content: number.content,
          height: Number.parseFloat(number.height),
          lineHeight: Number.parseFloat(paragraph.lineHeight),
          // Where the number ends, against the paragraph's left edge (0 at the edge, negative left of it).
          end: -Number.parseFloat(number.right) + element.getBoundingClientRect().width,
          width: element.getBoundingClientRect().width,
        };
      });
      expect(hung.content).toBe('"1000."');
      expect(hung.height, 'one line').toBeLessThan(hung.lineHeight * 1.5);
      expect(hung.end, 'left of the text').toBeLessThan(0);
      expect(await measureSidewaysOverflow(page)).toBe(0);
      expect(errors).toEqual([]);
    }
  });
});
