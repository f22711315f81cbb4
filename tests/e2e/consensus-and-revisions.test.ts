import { readFileSync } from 'node:fs';
import { parseMarkdown, renderDocx } from '@accord/format';
import { formatCouncilDate, MEMBER_STATE_CODES } from '@accord/model';
import { DOCUMENT_LIST_CHANNEL, DocumentEventBus } from '@accord/server';
import type { Page, Route } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, FIXTURE_PATH, teardown, typeInto, waitSynced } from '../server/harness';
import {
  BROWSER_TEST_TIMEOUT_MS,
  locateBlock,
  openDraftingRoom,
  openHomePage,
  openSignedInPage,
  placeCaretAtEnd,
  readCaretOffset,
  saveScreenshot,
  UNTIL,
} from './browser';
import { startNetworkCut } from './network-cut';
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

const browser = useChromium();
afterEach(teardown);

/** Other delegations' positions, given through the API as their own clients would. */
async function recordPositions(party: WorkingParty, positions: readonly [string, number, string][]) {
  const tokens = new Map<string, string>([['DE', party.germany.token]]);
  for (const [delegation, index, position] of positions) {
    if (!tokens.has(delegation))
      tokens.set(delegation, (await party.server.createUser('delegate', delegation)).token);
    const block = await readLiveBlock(party, index);
    await recordPosition(party, tokens.get(delegation) as string, block.id, position);
  }
}

/**
 * How many POSTs (or `method` requests) to a path `sends` matches `press` sent while the first was on
 * its way: they are held until `/api/me`, asked after the presses through the same routing, is
 * answered, then let go.
 */
/** France in the drafting room with the panel of the text's second paragraph (the cover note's ¶ 2) open. */
async function openFrancePanel(party: WorkingParty) {
  const second = await readLiveBlock(party, 1);
  const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
  await openDraftingRoom(fr.page, party.documentId);
  await fr.page.locator(`.block-margin[data-block-id="${second.id}"] button`).click();
  const panel = fr.page.getByRole('complementary', { name: 'Cover note, point 2', exact: true });
  return { second, fr, panel };
}

async function countPostsOfPresses(
  page: Page,
  sends: (path: string) => boolean,
  press: () => Promise<void>,
  method: 'POST' | 'PUT' = 'POST',
): Promise<number> {
  const held: Route[] = [];
  const routed = (url: URL) => sends(url.pathname) || url.pathname === '/api/me';
  await page.route(routed, (route) => {
    if (route.request().method() === method) held.push(route);
    else void route.continue();
  });
  await press();
  await expect.poll(() => held.length, UNTIL).toBeGreaterThan(0);
  // A request the page sends after the presses, answered: any POST they sent is held by now.
  await page.evaluate(() => fetch('/api/me').then(() => undefined));
  const count = held.length;
  for (const route of held) await route.continue();
  await page.unroute(routed);
  return count;
}

/** The paths of the scripts a page fetches from now on. */
function recordScripts(page: Page): string[] {
  const paths: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') paths.push(new URL(request.url()).pathname);
  });
  return paths;
}

describe('positions and the consensus board', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it("gives a screen reader a position's note with its cell, as hovering the cell shows it", async () => {
    const party = await setUpWorkingParty();
    const block = await readLiveBlock(party, 7);
    const presidency = await openSignedInPage(browser(), party.server.url, party.presidency.token);
    await presidency.page.goto(`/documents/${party.documentId}/consensus`);
    const row = presidency.page.locator(`.board-table [role="row"][data-block-id="${block.id}"]`);
    await row.waitFor(UNTIL);
    await recordPosition(
      party,
      party.france.token,
      block.id,
      'reservation',
      'Paris needs to consult its capital',
    );
    const france = row.getByRole('cell', { name: /^FR: / });
    await expect
      .poll(() => france.locator('.visually-hidden').textContent(), UNTIL)
      .toBe('FR: reservation. Note: Paris needs to consult its capital');
    expect(await france.getAttribute('title')).toBe(
      'FR: reservation. Note: Paris needs to consult its capital',
    );
    // Without a note, the cell says the position alone.
    expect(await row.getByRole('cell', { name: /^DE: / }).textContent()).toBe('·DE: no position');
    expect(presidency.errors).toEqual([]);
  });

  it("lets a keyboard or touch user read a position's note on the board, in a popover the note's mark in its cell opens", async () => {
    const party = await setUpWorkingParty();
    const block = await readLiveBlock(party, 7);
    await recordPosition(
      party,
      party.france.token,
      block.id,
      'reservation',
      'Paris needs to consult its capital',
    );
    const presidency = await openSignedInPage(browser(), party.server.url, party.presidency.token);
    const { page } = presidency;
    await page.goto(`/documents/${party.documentId}/consensus`);
    const row = page.locator(`.board-table [role="row"][data-block-id="${block.id}"]`);
    const mark = row.getByRole('button', { name: "FR's note" });
    await mark.waitFor(UNTIL);
    // The mark shows that there is a note; a position without one has none.
    expect(await mark.textContent()).toBe('R*');
    expect(await row.getByRole('cell', { name: /^DE: / }).getByRole('button').count()).toBe(0);
    // The screen reader's text is kept, read before the mark.
    expect(
      await row
        .getByRole('cell', { name: /^FR: reservation\. Note: Paris needs to consult its capital/ })
        .count(),
    ).toBe(1);

    // With the keyboard: the mark comes next after the paragraph's link, Enter opens the note beside it.
    await row.getByRole('link').first().focus();
    await page.keyboard.press('Tab');
    expect(await mark.evaluate((button) => document.activeElement === button)).toBe(true);
    await page.keyboard.press('Enter');
    const note = page.locator('.note-popover:popover-open');
    await expect
      .poll(() => note.textContent(), UNTIL)
      .toBe('FR: reservationParis needs to consult its capital');
    // The note in the popover's plain weight, not the bold of the cell's symbol; the legend says what
    // the mark is.
    expect(await note.locator('p').evaluate((p) => getComputedStyle(p).fontWeight)).toBe('400');
    expect(await page.getByRole('list', { name: 'Legend' }).textContent()).toContain(
      'with a note: press it to read the note',
    );
    const [markBox, noteBox] = [await mark.boundingBox(), await note.boundingBox()];
    // Beside its mark, not in the middle of the page.
    expect(Math.abs((noteBox?.y ?? 0) - ((markBox?.y ?? 0) + (markBox?.height ?? 0)))).toBeLessThan(40);
    await page.keyboard.press('Escape');
    await expect.poll(() => note.count(), UNTIL).toBe(0);
    expect(await mark.evaluate((button) => document.activeElement === button)).toBe(true);

    // On a touch screen: a tap opens it, a tap elsewhere closes it.
    const tablet = await openSignedInPage(browser(), party.server.url, party.presidency.token, {
      hasTouch: true,
    });
    await tablet.page.goto(`/documents/${party.documentId}/consensus`);
    const tapped = tablet.page
      .locator(`.board-table [role="row"][data-block-id="${block.id}"]`)
      .getByRole('button', { name: "FR's note" });
    await tapped.tap();
    const shown = tablet.page.locator('.note-popover:popover-open');
    await expect.poll(() => shown.textContent(), UNTIL).toContain('Paris needs to consult its capital');
    await tablet.page.locator('#board-title').tap();
    await expect.poll(() => shown.count(), UNTIL).toBe(0);
    expect([...presidency.errors, ...tablet.errors]).toEqual([]);
  });

  it("shows FR's reservation on the Presidency's board without a reload, and marks it stale when DE edits", async () => {
    const party = await setUpWorkingParty();
    // Positions on the conclusions (the annex from block 7), the text the delegations negotiate.
    const second = await readLiveBlock(party, 8);
    await recordPositions(party, [
      ['BE', 7, 'agree'],
      ['DE', 7, 'agree'],
      ['IT', 7, 'agree'],
      ['ES', 7, 'abstain'],
      ['BE', 8, 'agree'],
      ['AT', 8, 'linguistic_reservation'],
      ['DE', 9, 'agree'],
      ['NL', 9, 'parliamentary_scrutiny_reservation'],
      ['PL', 10, 'oppose'],
      ['IT', 10, 'reservation'],
    ]);
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    const de = await openSignedInPage(browser(), party.server.url, party.germany.token);
    const presidency = await openSignedInPage(browser(), party.server.url, party.presidency.token);
    // Each page is opened fresh: the board's must come without the editor, which the room loads.
    const roomScripts = recordScripts(fr.page);
    const boardScripts = recordScripts(presidency.page);
    await Promise.all([
      openDraftingRoom(fr.page, party.documentId),
      openDraftingRoom(de.page, party.documentId),
    ]);
    await presidency.page.goto(`/documents/${party.documentId}/consensus`);
    const row = presidency.page.locator(`.board-table [role="row"][data-block-id="${second.id}"]`);
    await row.getByRole('cell', { name: 'FR: no position' }).waitFor();
    expect(boardScripts.length).toBeGreaterThan(0);
    expect(roomScripts.filter((path) => !boardScripts.includes(path)).length).toBeGreaterThan(0);
    // Rows are named as the room cites them: the annex numbers from 1 again, so the parts are named.
    const named = await Promise.all([1, 5, 7, 8].map((index) => readLiveBlock(party, index)));
    const rowNames = () =>
      Promise.all(
        named.map((block) =>
          presidency.page
            .locator(`.board-table [role="row"][data-block-id="${block.id}"] [role="rowheader"] a`)
            .textContent(),
        ),
      );
    await expect
      .poll(rowNames, UNTIL)
      .toEqual(['Cover note, point 2', 'Annex, heading', 'Annex, ¶ 1', 'Annex, ¶ 1, 2nd subpara.']);

    // FR opens the paragraph from its margin and enters a scrutiny reservation with a note.
    await fr.page.locator(`.block-margin[data-block-id="${second.id}"] button`).click();
    const panel = fr.page.getByRole('complementary', {
      name: 'Annex, paragraph 1, second subparagraph',
      exact: true,
    });
    await panel.getByLabel('Note with the position (optional)').fill('Awaiting instructions from Paris.');
    await panel.getByRole('button', { name: 'Scrutiny reservation', exact: true }).click();
    await expect
      .poll(
        () =>
          panel
            .getByRole('button', { name: 'Scrutiny reservation', exact: true })
            .getAttribute('aria-pressed'),
        UNTIL,
      )
      .toBe('true');

    await row.getByRole('cell', { name: 'FR: scrutiny reservation' }).waitFor();
    await row.getByRole('cell', { name: 'AT: linguistic reservation' }).waitFor();
    // The QMV what-if says so in words: its ✓ and ✕ read as the legend's "agrees" and "opposes".
    expect(await row.locator('.board-qmv span[aria-hidden="true"]').textContent()).toMatch(
      /^fails: \d+ MS, \d+ %$/,
    );
    // FR's panel says what a revision's footnote on the paragraph would: protocol order, agreements unsaid.
    await expect
      .poll(() => panel.locator('.position-footnote q').textContent(), UNTIL)
      .toBe('FR: scrutiny reservation. AT: linguistic reservation.');
    await expect.poll(() => row.locator('.status-pill').textContent(), UNTIL).toContain('Reserved');
    await saveScreenshot(presidency.page, 'consensus-board');

    // DE edits the paragraph: FR's position no longer bears on the text, in FR's margin and on the board.
    await placeCaretAtEnd(de.page, locateBlock(de.page, second.id));
    await de.page.keyboard.type(' Both agree.');
    await de.page.locator('.save-status[data-saved="true"]').waitFor();
    await row
      .getByRole('cell', { name: 'FR: scrutiny reservation (stale: the text changed since)' })
      .waitFor();
    await fr.page.locator(`.block-margin[data-block-id="${second.id}"] .stale-count`).waitFor();
    await panel.getByText('the text has changed since FR gave this position').waitFor();
    // Stale positions no longer bear on the text: nothing left for a footnote.
    await expect.poll(() => panel.locator('.position-footnote').count(), UNTIL).toBe(0);
    await expect
      .poll(() => panel.locator('.stale-changes ins').allTextContents(), UNTIL)
      .toEqual([expect.stringContaining('Both agree.')]);

    // On the consensus screen FR finds the paragraph to read again, a link to its panel.
    const frBoard = await openSignedInPage(browser(), party.server.url, party.france.token);
    await frBoard.page.goto(`/documents/${party.documentId}/consensus`);
    const todo = frBoard.page.getByRole('region', { name: "FR's positions given on an earlier text (1)" });
    await todo.getByRole('link', { name: 'Annex, ¶ 1, 2nd subpara.' }).click();
    await frBoard.page
      .getByRole('complementary', { name: 'Annex, paragraph 1, second subparagraph', exact: true })
      .getByText('the text has changed since FR gave this position')
      .waitFor();

    // Re-confirming gives the same position, and its note, on the new text.
    await panel.getByRole('button', { name: 'Re-confirm: scrutiny reservation' }).click();
    // The cell is named by the position and its note, then the note's mark ("FR's note").
    await row
      .getByRole('cell', { name: /^FR: scrutiny reservation\. Note: Awaiting instructions from Paris\. / })
      .waitFor();
    await expect.poll(() => panel.locator('.stale-notice').count(), UNTIL).toBe(0);

    expect([...fr.errors, ...de.errors, ...presidency.errors, ...frBoard.errors]).toEqual([]);
  });

  it('names the rows and margins of a part headed "ANNEX" as the Council cites them: Annex, ¶ 1', async () => {
    const party = await setUpWorkingParty();
    const fixture = readFileSync(FIXTURE_PATH, 'utf8');
    const title = '**DRAFT COUNCIL CONCLUSIONS';
    expect(fixture).toContain(title);
    const { id } = await party.server.createDocument(party.presidency.token, {
      markdown: fixture.replace(title, `**ANNEX**\n\n${title}`),
    });
    const blocks = (
      (await (await party.server.request('GET', `/api/documents/${id}`, party.france.token)).json()) as {
        blocks: { id: string; text: string }[];
      }
    ).blocks;
    const at = blocks.findIndex((block) => block.text === 'ANNEX');
    const idAt = (index: number) => blocks[index]?.id ?? '';
    const [label, conclusions, second] = [idAt(at), idAt(at + 3), idAt(at + 4)];
    const presidency = await openSignedInPage(browser(), party.server.url, party.presidency.token);
    await presidency.page.goto(`/documents/${id}/consensus`);
    const rowName = (blockId: string) =>
      presidency.page
        .locator(`.board-table [role="row"][data-block-id="${blockId}"] [role="rowheader"] a`)
        .textContent();
    await expect
      .poll(() => Promise.all([label, conclusions, second].map(rowName)), UNTIL)
      .toEqual(['Annex, heading', 'Annex, ¶ 1', 'Annex, ¶ 1, 2nd subpara.']);

    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    await openDraftingRoom(fr.page, id);
    await fr.page.locator(`.block-margin[data-block-id="${second}"] button`).click();
    await fr.page
      .getByRole('complementary', { name: 'Annex, paragraph 1, second subparagraph', exact: true })
      .waitFor(UNTIL);
    expect(presidency.errors).toEqual([]);
    expect(fr.errors).toEqual([]);
  });

  it("tells a delegate the cover note is not negotiated, in its margin and panel, where the annex's paragraphs are open", async () => {
    const party = await setUpWorkingParty();
    const { second, fr, panel } = await openFrancePanel(party);
    const annexFirst = await readLiveBlock(party, 7);
    const pill = (blockId: string) =>
      fr.page.locator(`.block-margin[data-block-id="${blockId}"] button .status-pill`);
    await expect.poll(() => pill(second.id).textContent(), UNTIL).toBe('· Not negotiated');
    expect(await pill(annexFirst.id).textContent()).toBe('○ Open');
    expect(await panel.locator('.block-panel-status .status-pill').textContent()).toBe('· Not negotiated');
    await panel.getByText(/^Not negotiated: the cover note \(or an annex's label\)/).waitFor(UNTIL);
    // A position given there anyway is recorded, and shown in the margin as any other.
    await panel.getByRole('button', { name: 'Reservation', exact: true }).click();
    await expect.poll(() => pill(second.id).textContent(), UNTIL).toBe('R Reserved');
    expect(fr.errors).toEqual([]);
  });

  it('stops a note at the 2,000 characters a position takes, counting them as it nears the limit', async () => {
    const party = await setUpWorkingParty();
    const { fr, panel } = await openFrancePanel(party);
    const box = panel.getByLabel('Note with the position (optional)');
    await box.fill('x'.repeat(1_700));
    expect(await panel.locator('.note-count').count()).toBe(0);
    // Pasted past the limit: the box keeps what a position takes (the server refused the rest only
    // once a position was pressed, in a developer's words).
    await box.focus();
    await fr.page.keyboard.insertText('y'.repeat(400));
    await expect.poll(async () => (await box.inputValue()).length, UNTIL).toBe(2_000);
    expect(await panel.locator('.note-count').textContent()).toBe('2,000 of 2,000 characters');
    await panel.getByRole('button', { name: 'Scrutiny reservation', exact: true }).click();
    await expect
      .poll(
        () =>
          panel
            .getByRole('button', { name: 'Scrutiny reservation', exact: true })
            .getAttribute('aria-pressed'),
        UNTIL,
      )
      .toBe('true');
    expect(fr.errors).toEqual([]);
  });

  it('takes "The server cannot be reached" away once the server answers again, without another press', async () => {
    const party = await setUpWorkingParty();
    const { fr, panel } = await openFrancePanel(party);
    // FR's press gets no answer: the network dropped for it.
    const positions = (url: URL) => url.pathname.endsWith('/position');
    await fr.page.route(positions, (route) => route.abort('internetdisconnected'));
    await panel.getByRole('button', { name: 'Agree', exact: true }).click();
    const alert = panel.getByRole('alert');
    await expect.poll(() => alert.textContent(), UNTIL).toBe('The server cannot be reached.');
    await fr.page.unroute(positions);
    // The network is back: DE's position reaches FR's room, which asks the server what changed.
    await recordPositions(party, [['DE', 1, 'agree']]);
    await expect.poll(() => alert.count(), UNTIL).toBe(0);
    expect(fr.errors.filter((error) => !error.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
  });

  it('gives a note only with the position it was typed for, not with the next one FR states', async () => {
    const party = await setUpWorkingParty();
    const { second, fr, panel } = await openFrancePanel(party);
    const pressed = (name: string) =>
      panel.getByRole('button', { name, exact: true }).getAttribute('aria-pressed');
    const frInList = panel
      .getByRole('region', { name: 'Positions' })
      .getByRole('listitem')
      .filter({
        has: fr.page.locator('.position-code', { hasText: /^FR$/ }),
      });

    await panel.getByLabel('Note with the position (optional)').fill('Awaiting instructions from Paris.');
    await panel.getByRole('button', { name: 'Scrutiny reservation', exact: true }).click();
    await expect.poll(() => pressed('Scrutiny reservation'), UNTIL).toBe('true');
    // The note stands with the reservation it explains, in FR's own line as in the list.
    await expect
      .poll(() => panel.locator('.own-current').textContent(), UNTIL)
      .toContain('Awaiting instructions from Paris.');
    await expect.poll(() => frInList.textContent(), UNTIL).toContain('Awaiting instructions from Paris.');

    // Instructions came: FR agrees. QA saw the agreement go out with the reservation's note.
    await panel.getByRole('button', { name: 'Agree', exact: true }).click();
    await expect.poll(() => pressed('Agree'), UNTIL).toBe('true');
    await expect.poll(() => frInList.textContent(), UNTIL).toBe('FR✓agrees');
    expect(await panel.locator('.own-current').textContent()).not.toContain('Awaiting');
    const report = await party.server.request(
      'GET',
      `/api/documents/${party.documentId}/consensus`,
      party.france.token,
    );
    const { blocks } = (await report.json()) as {
      blocks: { id: string; positions: Record<string, { position: string; note: string | null }> }[];
    };
    expect(blocks.find((b) => b.id === second.id)?.positions.FR).toMatchObject({
      position: 'agree',
      note: null,
    });
    expect(fr.errors).toEqual([]);
  });

  it('shows the changes to a stale paragraph since the position, with its footnote call where it stands', async () => {
    const party = await setUpWorkingParty();
    // Paragraph 1 of 9916/17 cites footnote 1 at its end.
    const first = await readLiveBlock(party, 0);
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    const de = await openSignedInPage(browser(), party.server.url, party.germany.token);
    await Promise.all([
      openDraftingRoom(fr.page, party.documentId),
      openDraftingRoom(de.page, party.documentId),
    ]);
    // DE's first edit comes before FR's position: FR agreed to it, so it is no change since.
    await placeCaretAtEnd(de.page, locateBlock(de.page, first.id));
    await de.page.keyboard.type(' As discussed.');
    await de.page.locator('.save-status[data-saved="true"]').waitFor();
    await recordPosition(party, party.france.token, first.id, 'agree');
    await fr.page.locator(`.block-margin[data-block-id="${first.id}"] button`).click();
    const panel = fr.page.getByRole('complementary', { name: 'Cover note, point 1', exact: true });

    await placeCaretAtEnd(de.page, locateBlock(de.page, first.id));
    await de.page.keyboard.type(' As amended.');
    await de.page.locator('.save-status[data-saved="true"]').waitFor();
    await panel.getByText('the text has changed since FR gave this position').waitFor();
    await panel.getByText('Changes since the text FR gave its position on').waitFor();
    // Only what came after the position is marked; the words FR agreed to read as text.
    await expect
      .poll(
        async () => (await panel.locator('.stale-changes ins').allTextContents()).map((t) => t.trim()),
        UNTIL,
      )
      .toEqual(['As amended.']);
    expect((await panel.locator('.stale-changes').textContent()) ?? '').toContain('As discussed.');
    await expect
      .poll(() => panel.locator('.stale-changes .footnote-call').allTextContents(), UNTIL)
      .toEqual(['1']);

    expect([...fr.errors, ...de.errors]).toEqual([]);
  });
});

type FranceReport = {
  blocks: {
    id: string;
    empty: boolean;
    negotiated: boolean;
    positions: Record<string, { stale: boolean }>;
  }[];
};

/** The board's status pills wider than their cell, by their text: a pill cut off reads as another word. */
function pillsCutOff(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.board-status')].flatMap((cell) => {
      const pill = cell.querySelector<HTMLElement>('.status-pill');
      if (pill === null) return [];
      const [inner, outer] = [pill.getBoundingClientRect(), cell.getBoundingClientRect()];
      return inner.left < outer.left - 0.5 || inner.right > outer.right + 0.5 ? [pill.textContent ?? ''] : [];
    }),
  );
}

/** The consensus report as France's delegate reads it through the API. */
async function readFranceReport(party: WorkingParty): Promise<FranceReport> {
  const response = await party.server.request(
    'GET',
    `/api/documents/${party.documentId}/consensus`,
    party.france.token,
  );
  return (await response.json()) as FranceReport;
}

/** The paragraphs with text on which France holds no position at all (stale ones count as held). */
// The cover note's points are nobody's to agree: FR is asked about the annex alone.
const unspokenByFrance = (report: FranceReport) =>
  report.blocks.filter((b) => !b.empty && b.negotiated && !b.positions.FR).map((b) => b.id);

describe('who has not spoken, on the board', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('names the Member States the chair has still to hear from, in protocol order, and follows them live', async () => {
    const party = await setUpWorkingParty();
    const detail = await party.server.request(
      'GET',
      `/api/documents/${party.documentId}`,
      party.france.token,
    );
    const blockIds = ((await detail.json()) as { blocks: { id: string }[] }).blocks.map((b) => b.id);
    /** A delegation's agreements to `ids` in one request, as its delegate's one step does. */
    const agree = async (token: string, ids: readonly string[]) => {
      const positions = ids.map((blockId) => ({ blockId, position: 'agree' }));
      const response = await party.server.request(
        'PUT',
        `/api/documents/${party.documentId}/positions`,
        token,
        {
          positions,
        },
      );
      if (response.status !== 200) throw new Error(`recording positions failed: ${await response.text()}`);
    };
    const tokens = new Map<string, string>([
      ['FR', party.france.token],
      ['DE', party.germany.token],
    ]);
    for (const code of MEMBER_STATE_CODES) {
      if (code === 'HR' || code === 'CY') continue;
      const token = tokens.get(code) ?? (await party.server.createUser('delegate', code)).token;
      // LU has yet to speak on the last paragraph.
      await agree(token, code === 'LU' ? blockIds.slice(0, -1) : blockIds);
    }

    const presidency = await openSignedInPage(browser(), party.server.url, party.presidency.token);
    await presidency.page.goto(`/documents/${party.documentId}/consensus`);
    await presidency.page.locator('.board-row .status-pill').first().waitFor(UNTIL);
    // The cover note's "· Not negotiated" is read whole, as every other status.
    expect(await pillsCutOff(presidency.page)).toEqual([]);
    const unheard = presidency.page.getByRole('region', { name: 'Who has not spoken on the current text' });
    const lines = () => unheard.locator('p').allTextContents();
    // The paragraphs asked about are the annex's: 9916/17's cover note is the Secretariat's.
    const annex = (await readFranceReport(party)).blocks.filter((b) => b.negotiated).map((b) => b.id);
    expect(annex.length).toBe(blockIds.length - 5);
    await expect
      .poll(lines, UNTIL)
      .toEqual([
        `On none of the ${annex.length} paragraphs (2 of 27): HR, CY`,
        'On some of them (how many still without a position): LU (1)',
      ]);

    // HR speaks on the annex's first paragraph: the chair sees it without a reload. On the cover
    // note, HR would still be asked about every paragraph.
    const croatia = await party.server.createUser('delegate', 'HR');
    await agree(croatia.token, blockIds.slice(0, 1));
    await agree(croatia.token, annex.slice(0, 1));
    await expect
      .poll(lines, UNTIL)
      .toEqual([
        `On none of the ${annex.length} paragraphs (1 of 27): CY`,
        `On some of them (how many still without a position): HR (${annex.length - 1}), LU (1)`,
      ]);
    expect(presidency.errors).toEqual([]);
  });
});

describe('agreeing at once to the paragraphs not spoken on', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('lets FR agree in one step to every paragraph it has not spoken on, leaving its reservation and its stale position alone', async () => {
    const party = await setUpWorkingParty();
    // In the annex (blocks 7 on: its paragraphs 1, 1's second subparagraph, 1's third, 2), which the
    // delegations are asked to agree.
    const reserved = await readLiveBlock(party, 7);
    const changed = await readLiveBlock(party, 8);
    await recordPositions(party, [
      ['FR', 7, 'reservation'],
      ['FR', 8, 'agree'],
      ['DE', 10, 'oppose'],
    ]);
    // DE amends the annex's paragraph 1, second subparagraph, from its own client: FR's agreement
    // there goes stale.
    const de = connectClient(party.server, party.documentId, party.germany.token);
    await waitSynced(de);
    typeInto(de.doc, 8, ' As amended.');
    const readReport = () => readFranceReport(party);
    await expect
      .poll(
        async () => (await readReport()).blocks.find((b) => b.id === changed.id)?.positions.FR?.stale,
        UNTIL,
      )
      .toBe(true);
    const unspoken = unspokenByFrance(await readReport());
    expect(unspoken.length).toBeGreaterThan(2);
    expect(unspoken).not.toContain(reserved.id);
    expect(unspoken).not.toContain(changed.id);
    // Nor is FR asked about the cover note's points.
    expect(unspoken).not.toContain((await readLiveBlock(party, 0)).id);

    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    const { page } = fr;
    await page.goto(`/documents/${party.documentId}/consensus`);
    const cell = (blockId: string, name: string) =>
      page
        .locator(`.board-table [role="row"][data-block-id="${blockId}"]`)
        .getByRole('cell', { name, exact: true });
    await cell(unspoken[0] as string, 'FR: no position').waitFor();

    // With the keyboard: the button opens a question in the page, which takes focus and says what happens.
    const open = page.getByRole('button', {
      name: `Agree to the ${unspoken.length} paragraphs FR has not spoken on…`,
    });
    await open.focus();
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: /^Agree for FR to the/ });
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''), UNTIL)
      .toBe(
        `Agree for FR to the ${unspoken.length} paragraphs it has not spoken on? Each agreement is pinned to its paragraph's text as it reads now: if the text changes, it goes stale. The 1 paragraph where FR's position went stale is left out: read what changed first.`,
      );
    // Dismissed, focus goes back to the button; opened again, Tab and Enter confirm.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => open.evaluate((button) => button === document.activeElement), UNTIL).toBe(true);
    await page.keyboard.press('Enter');
    await form.waitFor();
    const confirm = form.getByRole('button', { name: `Agree to the ${unspoken.length} paragraphs` });
    // Pressed twice in a row: one request, with an agreement for exactly the paragraphs not spoken on.
    const bodies: unknown[] = [];
    page.on('request', (request) => {
      if (request.method() === 'PUT') bodies.push(request.postDataJSON());
    });
    const sent = await countPostsOfPresses(
      page,
      (path) => path.endsWith('/positions'),
      () => confirm.dblclick(),
      'PUT',
    );
    expect(sent).toBe(1);
    expect(bodies).toEqual([{ positions: unspoken.map((blockId) => ({ blockId, position: 'agree' })) }]);
    const outcome = page.getByRole('status').filter({
      hasText: `FR agrees to ${unspoken.length} more paragraphs, as they read now.`,
    });
    await outcome.waitFor(UNTIL);

    // The board shows them agreed; the reservation and the stale agreement are as they were.
    for (const blockId of unspoken) await cell(blockId, 'FR: agrees').waitFor();
    expect(await cell(reserved.id, 'FR: reservation').count()).toBe(1);
    expect(await cell(changed.id, 'FR: agrees (stale: the text changed since)').count()).toBe(1);
    // Nothing is left unspoken: the control is gone, and focus is on the line that says what was done.
    await expect.poll(() => page.getByRole('button', { name: /has not spoken on/ }).count(), UNTIL).toBe(0);
    expect(await outcome.evaluate((line) => line === document.activeElement)).toBe(true);
    const after = await readReport();
    expect(after.blocks.find((b) => b.id === changed.id)?.positions.FR?.stale).toBe(true);
    expect(fr.errors).toEqual([]);
  });
  it('closes the question, saying why, when the paragraphs are all spoken on from elsewhere while it is open', async () => {
    const party = await setUpWorkingParty();
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    const { page } = fr;
    await page.goto(`/documents/${party.documentId}/consensus`);
    await page.getByRole('button', { name: /^Agree to the \d+ paragraphs FR has not spoken on…$/ }).click();
    const form = page.getByRole('form', { name: /^Agree for FR to the/ });
    await form.waitFor();
    await expect.poll(() => form.evaluate((f) => f.contains(document.activeElement)), UNTIL).toBe(true);

    // Another of France's users (another tab) agrees to every paragraph meanwhile.
    const positions = unspokenByFrance(await readFranceReport(party)).map((blockId) => ({
      blockId,
      position: 'agree',
    }));
    const answer = await party.server.request(
      'PUT',
      `/api/documents/${party.documentId}/positions`,
      party.france.token,
      { positions },
    );
    expect(answer.status).toBe(200);

    const outcome = page.getByRole('status').filter({
      hasText: 'FR has now spoken on every paragraph: nothing is left to agree to.',
    });
    await outcome.waitFor(UNTIL);
    expect(await form.count()).toBe(0);
    // Focus was in the question that went: it is on the line that says why, not lost to the page.
    await expect.poll(() => outcome.evaluate((line) => line === document.activeElement), UNTIL).toBe(true);
    expect(fr.errors).toEqual([]);
  });
});

describe('the QMV what-if on the board', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('shows a share just under 65 % cut, not rounded up to the threshold it misses', async () => {
    const party = await setUpWorkingParty();
    const second = await readLiveBlock(party, 1);
    // 15 Member States with 291,964,400 people: 64.9956 % of 449,206,200, so the what-if fails.
    const coalition = [
      'ES',
      'EL',
      'HU',
      'PL',
      'PT',
      'MT',
      'BE',
      'HR',
      'AT',
      'SK',
      'IT',
      'FR',
      'EE',
      'CZ',
      'FI',
    ];
    await recordPositions(
      party,
      coalition.map((code): [string, number, string] => [code, 1, 'agree']),
    );
    const presidency = await openSignedInPage(browser(), party.server.url, party.presidency.token);
    await presidency.page.goto(`/documents/${party.documentId}/consensus`);
    const qmv = presidency.page.locator(`.board-table [role="row"][data-block-id="${second.id}"] .board-qmv`);
    await expect
      .poll(() => qmv.locator('span[aria-hidden="true"]').textContent(), UNTIL)
      .toBe('fails: 15 MS, 64 %');
    expect(await qmv.getAttribute('title')).toContain('64.99 % of the population');
    expect(presidency.errors).toEqual([]);
  });
});

describe('the silence procedure on the board', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('shows a paragraph agreed by a lapsed procedure as such, and not among the positions missing', async () => {
    const clock = createServerClock();
    const party = await setUpWorkingParty({ now: clock.now });
    // Annex, paragraph 1: the cover note's points before it are nobody's to agree, silence or not.
    const second = await readLiveBlock(party, 7);
    const coverPoint = await readLiveBlock(party, 1);
    const presidency = await openSignedInPage(browser(), party.server.url, party.presidency.token);
    // The board's clock, which the test moves on with the server's.
    await presidency.page.clock.install();
    await presidency.page.goto(`/documents/${party.documentId}/consensus`);
    const row = presidency.page.locator(`.board-table [role="row"][data-block-id="${second.id}"]`);
    await row.waitFor(UNTIL);
    // The top bar names a user once: "presidency", not "presidency Presidency".
    expect(await presidency.page.locator('.whoami').textContent()).toBe('Signed in as presidencySign out');
    const started = await party.server.request(
      'POST',
      `/api/documents/${party.documentId}/silence`,
      party.presidency.token,
      { until: new Date(clock.now() + 3_600_000).toISOString() },
    );
    expect(started.status).toBe(201);
    await expect
      .poll(() => presidency.page.locator('.silence-state').textContent(), UNTIL)
      .toMatch(/^Silence procedure until .+: .+ left$/);
    // The deadline passes, on the server's clock and the board's: the board notices the lapse itself
    // when its countdown runs out.
    clock.advance(3_600_000);
    await presidency.page.clock.fastForward(3_600_000);
    await expect.poll(() => row.locator('.status-pill').textContent(), UNTIL).toBe('✓ Agreed by silence');
    expect(await pillsCutOff(presidency.page)).toEqual([]);
    // The QMV what-if counts votes, and silence is none: not "fails: 0 MS" beside an agreement.
    expect(await row.locator('.board-qmv span[aria-hidden="true"]').textContent()).toBe('agreed by silence');
    expect(await row.locator('.board-qmv').getAttribute('title')).toMatch(
      /^Agreed by silence: the QMV what-if does not apply, a silence procedure is no vote\. Agreements given: 0 of 27 Member States/,
    );
    // QA: a cover note's point read "Agreed by silence", beside a cover note nobody is asked to agree.
    const coverRow = presidency.page.locator(`.board-table [role="row"][data-block-id="${coverPoint.id}"]`);
    expect(await coverRow.locator('.status-pill').textContent()).toBe('· Not negotiated');
    // In the grey of a point nobody is asked about, not the green of an agreement.
    expect(await coverRow.getAttribute('class')).toContain('status-open');
    // A screen reader hears the lapse, the latest event, whatever it heard before.
    await expect
      .poll(
        () =>
          presidency.page
            .getByRole('region', { name: 'Silence procedure' })
            .getByRole('status')
            .textContent(),
        UNTIL,
      )
      .toMatch(
        /^Silence procedure lapsed on .+ without objection: the paragraphs unchanged since it began count as agreed, save where a reservation or an opposition stands\.$/,
      );
    await presidency.page.getByRole('radio', { name: 'Positions missing' }).check();
    await expect.poll(() => row.count(), UNTIL).toBe(0);
    const documentStatus = presidency.page.locator('#board-title .status-pill');
    await expect.poll(() => documentStatus.textContent(), UNTIL).toContain('Document agreed');

    // FR adds a paragraph after the lapse: with text it waits for everyone; emptied again (a stray
    // Enter), there is nothing in it to agree to, and the text is agreed again with it in place.
    await presidency.page.getByRole('radio', { name: 'All paragraphs' }).check();
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    await openDraftingRoom(fr.page, party.documentId);
    // The room says what the board says: agreed by silence, not agreed, beside Member States silent.
    const margin = fr.page.locator(`.block-margin[data-block-id="${second.id}"] button`);
    await expect.poll(() => margin.locator('.status-pill').textContent(), UNTIL).toBe('✓ Agreed by silence');
    expect(await margin.getAttribute('aria-label')).toMatch(/: agreed by silence;/);
    const coverMargin = fr.page.locator(`.block-margin[data-block-id="${coverPoint.id}"] button`);
    expect(await coverMargin.locator('.status-pill').textContent()).toBe('· Not negotiated');
    expect(await coverMargin.getAttribute('class')).toContain('status-open');
    const blocks = async () =>
      (
        (await (
          await party.server.request('GET', `/api/documents/${party.documentId}`, party.france.token)
        ).json()) as { blocks: { id: string; text: string }[] }
      ).blocks;
    const before = await blocks();
    await placeCaretAtEnd(fr.page, locateBlock(fr.page, before.at(-1)?.id as string));
    await fr.page.keyboard.press('Enter');
    await fr.page.keyboard.type('X');
    await expect.poll(async () => (await blocks()).length, UNTIL).toBe(before.length + 1);
    const added = (await blocks()).at(-1)?.id as string;
    const addedRow = presidency.page.locator(`.board-table [role="row"][data-block-id="${added}"]`);
    await expect.poll(() => addedRow.locator('.status-pill').textContent(), UNTIL).toContain('Open');
    expect(await documentStatus.textContent()).toContain('Document open');
    await fr.page.keyboard.press('Backspace');
    await expect.poll(() => addedRow.count(), UNTIL).toBe(0);
    await expect.poll(() => documentStatus.textContent(), UNTIL).toContain('Document agreed');
    expect((await blocks()).at(-1)).toMatchObject({ id: added, text: '' });
    // Its margin says why it has no status.
    await expect
      .poll(
        () => fr.page.locator(`.block-margin[data-block-id="${added}"] button`).getAttribute('aria-label'),
        UNTIL,
      )
      .toMatch(/: empty, nothing to agree to$/);
    // Its panel says so and offers no position to take.
    await fr.page.locator(`.block-margin[data-block-id="${added}"] button`).click();
    const panel = fr.page.locator('#block-panel');
    await expect
      .poll(() => panel.locator('.block-panel-status').textContent(), UNTIL)
      .toBe('Empty: there is nothing to agree to until it has text.');
    expect(await panel.getByRole('button', { name: 'Agree', exact: true }).count()).toBe(0);
    expect(await panel.getByRole('heading', { name: 'Positions' }).isVisible()).toBe(false);
    expect([...presidency.errors, ...fr.errors]).toEqual([]);
  });

  it("shows the Presidency, live while a procedure runs, the paragraphs an edit took out of it, on their rows and in the procedure's panel", async () => {
    const party = await setUpWorkingParty({ now: createServerClock('2099-07-21T10:00:00.000Z').now });
    const untouched = await readLiveBlock(party, 7);
    const edited = await readLiveBlock(party, 8);
    const started = await party.server.request(
      'POST',
      `/api/documents/${party.documentId}/silence`,
      party.presidency.token,
      { until: '2099-07-31T10:00:00.000Z' },
    );
    expect(started.status).toBe(201);
    const presidency = await openSignedInPage(browser(), party.server.url, party.presidency.token);
    await presidency.page.goto(`/documents/${party.documentId}/consensus`);
    const silence = presidency.page.getByRole('region', { name: 'Silence procedure' });
    const outside = silence.locator('.silence-outside');
    await expect
      .poll(() => outside.textContent(), UNTIL)
      .toBe('No paragraph has been edited or added since it began.');
    const editedRow = presidency.page.locator(`.board-table [role="row"][data-block-id="${edited.id}"]`);
    const untouchedRow = presidency.page.locator(
      `.board-table [role="row"][data-block-id="${untouched.id}"]`,
    );
    expect(await editedRow.locator('.outside-silence').count()).toBe(0);

    // Germany types in the paragraph: the board says so at once, before any deadline.
    const de = await openSignedInPage(browser(), party.server.url, party.germany.token);
    await openDraftingRoom(de.page, party.documentId);
    await placeCaretAtEnd(de.page, locateBlock(de.page, edited.id));
    await de.page.keyboard.type(' and beyond');
    const mark = editedRow.locator('.outside-silence [aria-hidden="true"]');
    await expect.poll(() => mark.textContent(), UNTIL).toBe('out of silence: edited');
    expect(await editedRow.locator('.board-status').textContent()).toContain(
      'Out of the silence procedure: edited since it began, so a lapse will not agree it',
    );
    expect(await untouchedRow.locator('.outside-silence').count()).toBe(0);
    const label = await editedRow.locator('.board-row-head a').textContent();
    await expect
      .poll(() => outside.textContent(), UNTIL)
      .toBe(`Edited since it began, so out of it: ${label}, which a lapse will not agree.`);
    // Germany takes its words back: the paragraph stays out, the silent were not silent on one text.
    for (let i = 0; i < ' and beyond'.length; i++) await de.page.keyboard.press('Backspace');
    await expect.poll(async () => (await readLiveBlock(party, 8)).text, UNTIL).toBe(edited.text);
    expect(await mark.textContent()).toBe('out of silence: edited');
    expect([...presidency.errors, ...de.errors]).toEqual([]);
  });

  it('warns a delegation, on its board and in the paragraph it re-confirms from, that a running procedure would count it as agreeing despite a reservation given on an earlier text', async () => {
    const party = await setUpWorkingParty({ now: createServerClock('2099-07-21T10:00:00.000Z').now });
    const block = await readLiveBlock(party, 7);
    await recordPosition(party, party.france.token, block.id, 'reservation', 'Paris needs to consult');
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    await openDraftingRoom(fr.page, party.documentId);
    // Germany's words make France's reservation stale.
    const de = await openSignedInPage(browser(), party.server.url, party.germany.token);
    await openDraftingRoom(de.page, party.documentId);
    await placeCaretAtEnd(de.page, locateBlock(de.page, block.id));
    await de.page.keyboard.type(' and beyond');
    await fr.page.locator(`.block-margin[data-block-id="${block.id}"] button`).click();
    const notice = fr.page.locator('#block-panel .stale-notice');
    await notice.waitFor(UNTIL);
    const frBoard = await openSignedInPage(browser(), party.server.url, party.france.token);
    await frBoard.page.goto(`/documents/${party.documentId}/consensus`);
    const stale = frBoard.page.getByRole('region', { name: /^FR's positions given on an earlier text/ });
    await stale.waitFor(UNTIL);
    // No procedure yet: nothing to warn of.
    expect(await notice.locator('.silence-override').count()).toBe(0);
    expect(await stale.locator('.silence-override').count()).toBe(0);

    const started = await party.server.request(
      'POST',
      `/api/documents/${party.documentId}/silence`,
      party.presidency.token,
      { until: '2099-07-31T10:00:00.000Z' },
    );
    expect(started.status).toBe(201);
    await expect
      .poll(() => stale.locator('.silence-override').textContent(), UNTIL)
      .toBe(
        'A silence procedure runs until 31 Jul 2099, 12:00 CEST: if it lapses, FR counts as agreeing on each paragraph below unchanged since it began, whatever its reservation or opposition there. Re-confirm before then those FR keeps.',
      );
    await expect
      .poll(() => notice.locator('.silence-override').textContent(), UNTIL)
      .toBe(
        'A silence procedure runs until 31 Jul 2099, 12:00 CEST: if it lapses with this paragraph unchanged since it began, FR counts as agreeing. Re-confirm before then to keep this position.',
      );
    // Re-confirmed, the reservation stands through a lapse: nothing left to warn of.
    await notice.getByRole('button', { name: 'Re-confirm: reservation' }).click();
    await expect.poll(() => notice.count(), UNTIL).toBe(0);
    await expect.poll(() => stale.count(), UNTIL).toBe(0);
    expect([...fr.errors, ...de.errors, ...frBoard.errors]).toEqual([]);
  });

  it('tells the Presidency, before it starts one, where brackets, an opposition and a reservation would outlast the lapse, and which positions it would override', async () => {
    const party = await setUpWorkingParty();
    await recordPositions(party, [
      ['HU', 1, 'oppose'],
      ['FR', 2, 'reservation'],
      // Given before DE's words below change the paragraph: a lapse would count DE as agreeing.
      ['DE', 3, 'scrutiny_reservation'],
    ]);
    const de = connectClient(party.server, party.documentId, party.germany.token);
    await waitSynced(de);
    typeInto(de.doc, 3, ' [and hybrid threats]');
    const presidency = await openSignedInPage(browser(), party.server.url, party.presidency.token);
    await presidency.page.goto(`/documents/${party.documentId}/consensus`);
    const obstacles = presidency.page
      .getByRole('region', { name: 'Silence procedure' })
      .locator('.silence-obstacles li');
    await expect
      .poll(() => obstacles.allTextContents(), UNTIL)
      .toEqual([
        'Square brackets remain in Cover note, point 4: a lapsed procedure never closes them.',
        'Opposed: Cover note, point 2 (HU): a lapsed procedure never overrides an opposition.',
        'Reserved: Cover note, point 3 (FR): a lapsed procedure never lifts a reservation, only the delegation that entered it.',
        'Given on an earlier text: Cover note, point 4 (DE: scrutiny reservation): a lapse counts these delegations as agreeing unless they give their positions again.',
      ]);
    // The deadline's field says so to a screen reader too.
    const described = await presidency.page.getByLabel(/Start a silence procedure until/).evaluate((input) =>
      (input.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '),
    );
    expect(described).toContain('Opposed: Cover note, point 2 (HU)');
    // The bracketed paragraph's status says so in words to a screen reader, not "[1]".
    const bracketed = await readLiveBlock(party, 3);
    await presidency.page
      .locator(`.board-table [role="row"][data-block-id="${bracketed.id}"]`)
      .getByRole('cell', { name: /1 bracketed passage$/ })
      .waitFor();
    expect(presidency.errors).toEqual([]);
  });

  it('starts one procedure when Start is pressed twice in a row', async () => {
    const party = await setUpWorkingParty({ now: createServerClock('2099-12-21T10:00:00.000Z').now });
    const presidency = await openSignedInPage(browser(), party.server.url, party.presidency.token);
    await presidency.page.goto(`/documents/${party.documentId}/consensus`);
    const silence = presidency.page.getByRole('region', { name: 'Silence procedure' });
    await silence.getByLabel('Start a silence procedure until').fill('2099-12-31T12:00');
    const sent = await countPostsOfPresses(
      presidency.page,
      (path) => path.endsWith('/silence'),
      () => silence.getByRole('button', { name: 'Start', exact: true }).dblclick(),
    );
    expect(sent).toBe(1);
    await expect.poll(() => silence.locator('.silence-state').textContent(), UNTIL).toContain('left');
    expect(await silence.getByRole('alert').count()).toBe(0);
    expect(presidency.errors).toEqual([]);
  });

  it('reads the deadline typed in Brussels time, wherever the browser is, and says so', async () => {
    const party = await setUpWorkingParty({ now: createServerClock('2099-07-21T10:00:00.000Z').now });
    // A Presidency official working from Athens, an hour ahead of Brussels, in a browser set to US
    // English, whose input shows 07/31/2099, 12:00 PM.
    const presidency = await openSignedInPage(browser(), party.server.url, party.presidency.token, {
      timezoneId: 'Europe/Athens',
      locale: 'en-US',
    });
    await presidency.page.goto(`/documents/${party.documentId}/consensus`);
    const silence = presidency.page.getByRole('region', { name: 'Silence procedure' });
    const until = silence.getByLabel('Start a silence procedure until');
    await until.fill('2099-07-31T12:00');
    // The browser shows the value in its own format: the form says the instant it stands for, the
    // Council's way (day, month in words, 24-hour clock), and a screen reader hears it with the field.
    expect(await silence.locator('.silence-deadline').textContent()).toBe(
      'Deadline: 31 Jul 2099, 12:00 CEST',
    );
    const describedBy = (await until.getAttribute('aria-describedby')) ?? '';
    expect(await presidency.page.locator(`[id="${describedBy.split(' ').at(-1)}"]`).textContent()).toBe(
      'Deadline: 31 Jul 2099, 12:00 CEST',
    );
    await silence.getByRole('button', { name: 'Start', exact: true }).click();
    await expect
      .poll(() => silence.locator('.silence-state').textContent(), UNTIL)
      .toMatch(/^Silence procedure until 31 Jul 2099, 12:00 CEST: .+ left$/);
    // Noon in Brussels for every delegation: 10:00 UTC in summer.
    const report = await party.server.request(
      'GET',
      `/api/documents/${party.documentId}/consensus`,
      party.france.token,
    );
    expect(((await report.json()) as { silence: { until: string } }).silence.until).toBe(
      '2099-07-31T10:00:00.000Z',
    );
    expect(presidency.errors).toEqual([]);
  });

  it('says in Brussels time that a deadline already past has passed, without asking the server', async () => {
    const party = await setUpWorkingParty({ now: createServerClock('2099-12-21T10:00:00.000Z').now });
    const presidency = await openSignedInPage(browser(), party.server.url, party.presidency.token);
    await presidency.page.goto(`/documents/${party.documentId}/consensus`);
    const silence = presidency.page.getByRole('region', { name: 'Silence procedure' });
    const until = silence.getByLabel('Start a silence procedure until');
    await until.fill('2020-01-01T10:00');
    // QA saw "until: the deadline 2020-01-01T10:00:00.000Z is not in the future": a UTC instant for
    // a time chosen in Brussels time.
    const posts: string[] = [];
    presidency.page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(new URL(request.url()).pathname);
    });
    await silence.getByRole('button', { name: 'Start', exact: true }).click();
    await expect
      .poll(() => silence.getByRole('alert').textContent(), UNTIL)
      .toBe('1 Jan 2020, 10:00 CET has already passed: choose a later deadline.');
    expect(posts).toEqual([]);
    // A later deadline takes the message away and starts the procedure.
    await until.fill('2099-12-31T12:00');
    expect(await silence.getByRole('alert').count()).toBe(0);
    await silence.getByRole('button', { name: 'Start', exact: true }).click();
    await expect.poll(() => silence.locator('.silence-state').textContent(), UNTIL).toContain('left');
    expect(presidency.errors).toEqual([]);
  });

  it('shows the server’s refusal of a deadline more than 30 days ahead', async () => {
    const party = await setUpWorkingParty({ now: createServerClock('2099-07-01T10:00:00.000Z').now });
    const presidency = await openSignedInPage(browser(), party.server.url, party.presidency.token);
    await presidency.page.goto(`/documents/${party.documentId}/consensus`);
    const silence = presidency.page.getByRole('region', { name: 'Silence procedure' });
    await silence.getByLabel('Start a silence procedure until').fill('2099-12-31T12:00');
    await silence.getByRole('button', { name: 'Start', exact: true }).click();
    await expect
      .poll(() => silence.getByRole('alert').textContent(), UNTIL)
      .toMatch(
        /^until: the deadline 2099-12-31T11:00:00\.000Z is more than 30 days away: a silence procedure runs a few days, a few weeks at most; set one by 2099-07-31T10:00:\d\d\.\d{3}Z$/,
      );
    expect(await silence.locator('.silence-state').textContent()).toBe('No silence procedure.');
    // Chromium logs the refused request; nothing else went wrong.
    expect(presidency.errors).toEqual([expect.stringContaining('status of 400 (Bad Request)')]);
  });

  it("takes a refused deadline's message away once the deadline is changed, or the procedure is", async () => {
    const party = await setUpWorkingParty({ now: createServerClock('2099-12-21T10:00:00.000Z').now });
    const presidency = await openSignedInPage(browser(), party.server.url, party.presidency.token);
    const { page } = presidency;
    // The browser's clock is behind the server's: a deadline it takes for the future is already past
    // for the server, which refuses it.
    await page.clock.setFixedTime(new Date('2019-06-01T12:00:00'));
    await page.goto(`/documents/${party.documentId}/consensus`);
    const silence = page.getByRole('region', { name: 'Silence procedure' });
    const until = silence.getByLabel('Start a silence procedure until');
    const refused = async (local: string, shown: string) => {
      await until.fill(local);
      await silence.getByRole('button', { name: 'Start', exact: true }).click();
      await expect
        .poll(() => silence.getByRole('alert').textContent(), UNTIL)
        .toBe(`${shown} has already passed: choose a later deadline.`);
    };
    await refused('2020-01-01T10:00', '1 Jan 2020, 10:00 CET');
    // Another deadline typed: the message spoke of the one before.
    await until.fill('2020-02-01T10:00');
    await expect.poll(() => silence.getByRole('alert').count(), UNTIL).toBe(0);

    // Refused again. Meanwhile a colleague starts a procedure and FR breaks it; the board's reports are
    // held until both are done, so it never sees the procedure run: its form stays, its state changes.
    await refused('2020-02-01T10:00', '1 Feb 2020, 10:00 CET');
    const held: Route[] = [];
    let holding = true;
    const reports = (url: URL) => url.pathname.endsWith('/consensus/changes');
    await page.route(reports, async (route) => {
      if (holding) held.push(route);
      else await route.continue();
    });
    const colleague = await party.server.createUser('presidency');
    const silencePath = `/api/documents/${party.documentId}/silence`;
    const started = await party.server.request('POST', silencePath, colleague.token, {
      until: '2099-12-31T12:00:00.000Z',
    });
    expect(started.status).toBe(201);
    const broken = await party.server.request('POST', `${silencePath}/break`, party.france.token, {
      reason: 'Paris needs more time.',
    });
    expect(broken.status).toBe(200);
    await expect.poll(() => held.length, UNTIL).toBeGreaterThan(0);
    holding = false;
    for (const route of held) await route.continue();
    await page.unroute(reports);
    await expect
      .poll(() => silence.locator('.silence-state').textContent(), UNTIL)
      .toContain('Silence procedure broken');
    expect(await silence.getByRole('alert').count()).toBe(0);
    expect(await until.inputValue()).toBe('2020-02-01T10:00');
    // Chromium logs each of the two refusals; nothing else.
    expect(presidency.errors).toEqual([
      expect.stringContaining('status of 400 (Bad Request)'),
      expect.stringContaining('status of 400 (Bad Request)'),
    ]);
  });

  it('announces the latest event of the procedure, whoever brought it', async () => {
    const party = await setUpWorkingParty({ now: createServerClock('2099-12-21T10:00:00.000Z').now });
    const colleague = await party.server.createUser('presidency');
    const silencePath = `/api/documents/${party.documentId}/silence`;
    const presidency = await openSignedInPage(browser(), party.server.url, party.presidency.token);
    await presidency.page.goto(`/documents/${party.documentId}/consensus`);
    const silence = presidency.page.getByRole('region', { name: 'Silence procedure' });
    const status = silence.getByRole('status');
    await silence.locator('.silence-state').getByText('No silence procedure.').waitFor();
    expect(await status.textContent()).toBe('');

    await silence.getByLabel('Start a silence procedure until').fill('2099-12-31T12:00');
    await silence.getByRole('button', { name: 'Start', exact: true }).click();
    await expect
      .poll(() => status.textContent(), UNTIL)
      .toBe('Silence procedure started, until 31 Dec 2099, 12:00 CET.');
    // FR breaks it from its own client: the status no longer says it was started.
    const broken = await party.server.request('POST', `${silencePath}/break`, party.france.token, {
      reason: 'Paris needs more time.',
    });
    expect(broken.status).toBe(200);
    await expect
      .poll(() => status.textContent(), UNTIL)
      .toBe('Silence procedure broken by FR. Reason: Paris needs more time.');
    // A colleague starts another, then cancels it.
    const started = await party.server.request('POST', silencePath, colleague.token, {
      until: '2099-12-30T10:00:00.000Z',
    });
    expect(started.status).toBe(201);
    await expect
      .poll(() => status.textContent(), UNTIL)
      .toBe('Silence procedure started, until 30 Dec 2099, 11:00 CET.');
    const cancelled = await party.server.request('POST', `${silencePath}/cancel`, colleague.token, {
      reason: 'Wrong deadline.',
    });
    expect(cancelled.status).toBe(200);
    await expect
      .poll(() => status.textContent(), UNTIL)
      .toBe('Silence procedure cancelled. Reason: Wrong deadline.');
    expect(presidency.errors).toEqual([]);
  });

  it('tells a delegate on the list of documents that a text is under silence, and until when', async () => {
    const party = await setUpWorkingParty({ now: createServerClock('2099-12-21T10:00:00.000Z').now });
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    await fr.page.goto('/');
    const listed = fr.page.locator('.document-list li').filter({ hasText: '9916/17' });
    await listed.waitFor();
    expect(await listed.locator('.document-silence').count()).toBe(0);

    const started = await party.server.request(
      'POST',
      `/api/documents/${party.documentId}/silence`,
      party.presidency.token,
      { until: '2099-12-31T12:00:00.000Z' },
    );
    expect(started.status).toBe(201);
    // QA: a delegate learnt of the procedure only by opening the document; the list is where one looks.
    await fr.page.reload();
    await expect
      .poll(() => listed.locator('.document-silence').textContent(), UNTIL)
      .toBe('Silence procedure until 31 Dec 2099, 13:00 CET');

    const broken = await party.server.request(
      'POST',
      `/api/documents/${party.documentId}/silence/break`,
      party.germany.token,
      { reason: 'Berlin needs more time.' },
    );
    expect(broken.status).toBe(200);
    await fr.page.reload();
    await listed.waitFor();
    expect(await listed.locator('.document-silence').count()).toBe(0);
    expect(fr.errors).toEqual([]);
  });

  it('breaks silence once when Break silence is pressed twice in a row', async () => {
    const party = await setUpWorkingParty({ now: createServerClock('2099-12-21T10:00:00.000Z').now });
    const started = await party.server.request(
      'POST',
      `/api/documents/${party.documentId}/silence`,
      party.presidency.token,
      { until: '2099-12-31T12:00:00.000Z' },
    );
    expect(started.status).toBe(201);
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    await fr.page.goto(`/documents/${party.documentId}/consensus`);
    const silence = fr.page.getByRole('region', { name: 'Silence procedure' });
    const reason = silence.getByLabel('Reason for breaking silence');
    // Pasted past the 2,000 characters a reason takes, it keeps those: the rest was refused on sending.
    await reason.focus();
    await fr.page.keyboard.insertText('x'.repeat(2_100));
    expect((await reason.inputValue()).length).toBe(2_000);
    await reason.fill('Paris needs more time.');
    const sent = await countPostsOfPresses(
      fr.page,
      (path) => path.endsWith('/silence/break'),
      () => silence.getByRole('button', { name: 'Break silence' }).dblclick(),
    );
    expect(sent).toBe(1);
    await expect.poll(() => silence.locator('.silence-state').textContent(), UNTIL).toContain('broken');
    expect(await silence.getByRole('alert').count()).toBe(0);
    expect(fr.errors).toEqual([]);
  });
});

describe('the live stream', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('keeps the board live after its event stream was answered 502, as a proxy does while the server restarts', async () => {
    const party = await setUpWorkingParty();
    const first = await readLiveBlock(party, 0);
    const presidency = await openSignedInPage(browser(), party.server.url, party.presidency.token);
    // The browser gives up on an event stream answered with anything but 200; the first answer is a 502.
    let refused = 0;
    await presidency.page.route('**/events', async (route) => {
      if (refused === 0) {
        refused += 1;
        await route.fulfill({ status: 502, contentType: 'text/html', body: 'Bad Gateway' });
      } else await route.continue();
    });
    await presidency.page.goto(`/documents/${party.documentId}/consensus`);
    const row = presidency.page.locator(`.board-table [role="row"][data-block-id="${first.id}"]`);
    await row.getByRole('cell', { name: 'DE: no position' }).waitFor();
    await expect.poll(() => refused, UNTIL).toBe(1);
    // Reopened: a position given after the refusal shows without a reload.
    await recordPositions(party, [['DE', 0, 'agree']]);
    await row.getByRole('cell', { name: 'DE: agrees' }).waitFor(UNTIL);
    expect(presidency.errors.filter((error) => !error.includes('502'))).toEqual([]);
  });

  it('resumes the board’s event stream after the network drops it: what it missed is replayed, nothing read afresh', async () => {
    // The bus the server publishes on, watched: which streams resumed, and how many events they missed.
    const resumed: (number | null)[] = [];
    const events = new (class extends DocumentEventBus {
      override eventsSince(...args: Parameters<DocumentEventBus['eventsSince']>) {
        const missed = super.eventsSince(...args);
        resumed.push(missed === null ? null : missed.length);
        return missed;
      }
    })();
    const party = await setUpWorkingParty({ events });
    const network = await startNetworkCut(party.server.server.port);
    const [first, second] = [await readLiveBlock(party, 0), await readLiveBlock(party, 1)];
    const presidency = await openSignedInPage(browser(), network.url, party.presidency.token);
    await presidency.page.goto(`/documents/${party.documentId}/consensus`);
    const rowOf = (id: string) => presidency.page.locator(`.board-table [role="row"][data-block-id="${id}"]`);
    // An event seen on the stream, so that the browser has an id to give back.
    await expect.poll(() => events.subscriberCount(party.documentId), UNTIL).toBe(1);
    await recordPositions(party, [['DE', 0, 'agree']]);
    await rowOf(first.id).getByRole('cell', { name: 'DE: agrees' }).waitFor(UNTIL);
    const reads: string[] = [];
    presidency.page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.endsWith('/comments') || pathname.endsWith('/consensus/changes')) reads.push(pathname);
    });
    network.cut();
    await expect.poll(() => events.subscriberCount(party.documentId), UNTIL).toBe(0);
    await recordPositions(party, [['DE', 1, 'reservation']]);
    network.restore();
    await rowOf(second.id).getByRole('cell', { name: 'DE: reservation' }).waitFor(UNTIL);
    expect(resumed).toEqual([1]);
    // The replayed position brought the report's changes; the comments, which nothing changed, were not read.
    expect(reads.some((path) => path.endsWith('/consensus/changes'))).toBe(true);
    expect(reads.filter((path) => path.endsWith('/comments'))).toEqual([]);
  });
});

describe('general reservations', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it("shows DE's general reservation on the whole text on the Presidency's board, live, until DE withdraws it", async () => {
    const party = await setUpWorkingParty();
    const de = await openSignedInPage(browser(), party.server.url, party.germany.token);
    const presidency = await openSignedInPage(browser(), party.server.url, party.presidency.token);
    await presidency.page.goto(`/documents/${party.documentId}/consensus`);
    await de.page.goto(`/documents/${party.documentId}/consensus`);
    const wholeText = presidency.page.locator('.board-table .general-row');
    const documentStatus = presidency.page.locator('#board-title .status-pill');
    await wholeText.getByRole('cell', { name: 'DE: no general reservation' }).waitFor();
    await expect.poll(() => documentStatus.textContent(), UNTIL).toContain('Document open');

    await de.page
      .getByLabel("DE's general reservation on the whole text")
      .selectOption({ label: 'General parliamentary scrutiny reservation' });
    await de.page.getByLabel('Note (optional)').fill('The Bundestag examines the text.');
    await de.page.getByRole('button', { name: 'Enter', exact: true }).click();
    await de.page.getByRole('button', { name: 'Withdraw the general reservation' }).waitFor();

    await wholeText.getByRole('cell', { name: 'DE: general parliamentary scrutiny reservation' }).waitFor();
    await expect.poll(() => documentStatus.textContent(), UNTIL).toContain('Document reserved');
    // A delegation in the drafting room reads it above the text, with its note as the board has it.
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    await openDraftingRoom(fr.page, party.documentId);
    await expect
      .poll(() => fr.page.locator('.general-notice').textContent(), UNTIL)
      .toBe(
        'General reservations on the whole text: DE (parliamentary scrutiny reservation: “The Bundestag examines the text.”).',
      );

    await de.page.getByRole('button', { name: 'Withdraw the general reservation' }).click();
    await wholeText.getByRole('cell', { name: 'DE: no general reservation' }).waitFor();
    await expect.poll(() => documentStatus.textContent(), UNTIL).toContain('Document open');
    // The Presidency takes no position: it has no such form.
    expect(await presidency.page.getByRole('button', { name: 'Enter', exact: true }).count()).toBe(0);
    await expect
      .poll(() => fr.page.locator('.general-notice').textContent(), UNTIL)
      .toBe('No general reservation on the whole text.');
    expect([...de.errors, ...presidency.errors, ...fr.errors]).toEqual([]);
  });
});

describe("the Commission's reservations", { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('lets the Commission enter a reservation from the paragraph, shown on the board and in the footnote, never blocking', async () => {
    const party = await setUpWorkingParty();
    const second = await readLiveBlock(party, 1);
    await recordPositions(
      party,
      MEMBER_STATE_CODES.map((code) => [code, 1, 'agree'] as [string, number, string]),
    );
    const commissionUser = await party.server.createUser('observer', 'COM');
    const com = await openSignedInPage(browser(), party.server.url, commissionUser.token);
    const presidency = await openSignedInPage(browser(), party.server.url, party.presidency.token);
    await presidency.page.goto(`/documents/${party.documentId}/consensus`);
    const row = presidency.page.locator(`.board-table [role="row"][data-block-id="${second.id}"]`);
    await row.getByRole('cell', { name: 'COM: no reservation' }).waitFor();
    await expect.poll(() => row.locator('.status-pill').textContent(), UNTIL).toContain('Agreed');

    await openDraftingRoom(com.page, party.documentId);
    await com.page.locator(`.block-margin[data-block-id="${second.id}"] button`).click();
    const panel = com.page.getByRole('complementary', { name: 'Cover note, point 2', exact: true });
    // An observer takes no position; the Commission's reservation is its own form.
    expect(await panel.getByRole('button', { name: 'Agree', exact: true }).count()).toBe(0);
    // Its private notes are its staff's: the Commission has no delegates.
    await panel
      .getByText("Only the European Commission's staff see these: not the Presidency, not other delegations.")
      .waitFor(UNTIL);
    const form = panel.getByRole('region', { name: "The Commission's reservation" });
    await form.getByLabel('Reservation').selectOption({ label: 'scrutiny reservation' });
    await form.getByLabel('Note (optional)').fill('Pending the College.');
    await form.getByRole('button', { name: 'Enter the reservation' }).click();
    await form.getByRole('button', { name: "Withdraw the Commission's reservation" }).waitFor();
    await expect
      .poll(() => panel.locator('.position-footnote q').textContent(), UNTIL)
      .toBe('COM: scrutiny reservation.');

    // Live on the Presidency's board: recorded, and the paragraph still agreed.
    await row.getByRole('cell', { name: 'COM: scrutiny reservation (recorded, not blocking)' }).waitFor();
    expect(await row.locator('.status-pill').textContent()).toContain('Agreed');

    await form.getByRole('button', { name: "Withdraw the Commission's reservation" }).click();
    await row.getByRole('cell', { name: 'COM: no reservation' }).waitFor();
    await expect.poll(() => panel.locator('.position-footnote').count(), UNTIL).toBe(0);
    expect([...com.errors, ...presidency.errors]).toEqual([]);
  });

  it('lets the Commission enter a general reservation on the whole text, shown beside the Member States’, never blocking', async () => {
    const party = await setUpWorkingParty();
    const commissionUser = await party.server.createUser('observer', 'COM');
    const com = await openSignedInPage(browser(), party.server.url, commissionUser.token);
    const presidency = await openSignedInPage(browser(), party.server.url, party.presidency.token);
    await presidency.page.goto(`/documents/${party.documentId}/consensus`);
    await com.page.goto(`/documents/${party.documentId}/consensus`);
    const wholeText = presidency.page.locator('.board-table .general-row');
    const documentStatus = presidency.page.locator('#board-title .status-pill');
    await wholeText.getByRole('cell', { name: 'COM: no general reservation' }).waitFor();
    await expect.poll(() => documentStatus.textContent(), UNTIL).toContain('Document open');

    await com.page
      .getByLabel("COM's general reservation on the whole text")
      .selectOption({ label: 'General reservation' });
    await com.page.getByRole('button', { name: 'Enter', exact: true }).click();
    await com.page.getByRole('button', { name: 'Withdraw the general reservation' }).waitFor();

    await wholeText
      .getByRole('cell', { name: 'COM: general reservation (recorded, not blocking)' })
      .waitFor();
    expect(await wholeText.locator('.status-pill').count()).toBe(0);
    expect(await documentStatus.textContent()).toContain('Document open');
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    await openDraftingRoom(fr.page, party.documentId);
    await expect
      .poll(() => fr.page.locator('.general-notice').textContent(), UNTIL)
      .toBe('General reservations on the whole text: COM (reservation, not blocking).');

    await com.page.getByRole('button', { name: 'Withdraw the general reservation' }).click();
    await wholeText.getByRole('cell', { name: 'COM: no general reservation' }).waitFor();
    await expect
      .poll(() => fr.page.locator('.general-notice').textContent(), UNTIL)
      .toBe('No general reservation on the whole text.');
    expect([...com.errors, ...presidency.errors, ...fr.errors]).toEqual([]);
  });

  it("lists for the Commission the paragraphs where its reservation went stale, each a link to the paragraph's panel", async () => {
    const party = await setUpWorkingParty();
    const changed = await readLiveBlock(party, 7);
    const commissionUser = await party.server.createUser('observer', 'COM');
    const eeasUser = await party.server.createUser('observer', 'EEAS');
    await enterCommissionReservation(party, commissionUser.token, changed.id, 'reservation');
    // DE amends the annex's paragraph 1: the Commission's reservation there is on an earlier text.
    const de = connectClient(party.server, party.documentId, party.germany.token);
    await waitSynced(de);
    typeInto(de.doc, 7, ' As amended.');
    await expect
      .poll(async () => {
        const response = await party.server.request(
          'GET',
          `/api/documents/${party.documentId}/consensus`,
          commissionUser.token,
        );
        const report = (await response.json()) as { commission: { blockId: string; stale: boolean }[] };
        return report.commission.find((entry) => entry.blockId === changed.id)?.stale;
      }, UNTIL)
      .toBe(true);

    const com = await openSignedInPage(browser(), party.server.url, commissionUser.token);
    await com.page.goto(`/documents/${party.documentId}/consensus`);
    const todo = com.page.getByRole('region', { name: "COM's reservations entered on an earlier text (1)" });
    await todo.getByRole('link', { name: 'Annex, ¶ 1' }).click();
    const form = com.page
      .getByRole('complementary', { name: 'Annex, paragraph 1', exact: true })
      .getByRole('region', { name: "The Commission's reservation" });
    // As a delegate whose position went stale: what changed since, and the reservation to give again.
    await form.getByText('the text has changed since COM entered this reservation').waitFor();
    await expect
      .poll(() => form.locator('.stale-changes ins').allTextContents(), UNTIL)
      .toEqual([expect.stringContaining('As amended.')]);

    // The EEAS enters no reservation: it has none to read again.
    const eeas = await openSignedInPage(browser(), party.server.url, eeasUser.token);
    await eeas.page.goto(`/documents/${party.documentId}/consensus`);
    await eeas.page.getByRole('region', { name: 'Who has not spoken on the current text' }).waitFor();
    expect(await eeas.page.locator('.stale-positions').count()).toBe(0);

    // Re-confirmed on the text as it reads now, it is off the list.
    await form.getByRole('button', { name: 'Re-confirm: reservation' }).click();
    await expect.poll(() => form.locator('.stale-notice').count(), UNTIL).toBe(0);
    await expect
      .poll(() => com.page.evaluate(() => document.activeElement?.textContent), UNTIL)
      .toBe('Enter again');
    await com.page.goto(`/documents/${party.documentId}/consensus`);
    await com.page.getByRole('region', { name: 'Who has not spoken on the current text' }).waitFor();
    expect(await com.page.locator('.stale-positions').count()).toBe(0);
    expect([...com.errors, ...eeas.errors]).toEqual([]);
  });

  it("says in the drafting room's margin that the Commission holds a reservation on a paragraph, not blocking", async () => {
    const party = await setUpWorkingParty();
    const second = await readLiveBlock(party, 1);
    const commissionUser = await party.server.createUser('observer', 'COM');
    const path = `/api/documents/${party.documentId}/blocks/${second.id}/commission-reservation`;
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    await openDraftingRoom(fr.page, party.documentId);
    const margin = fr.page.locator(`.block-margin[data-block-id="${second.id}"] button`);
    await margin.locator('.status-pill').waitFor();
    expect(await margin.locator('.commission-mark').count()).toBe(0);

    expect(
      (await party.server.request('PUT', path, commissionUser.token, { position: 'scrutiny_reservation' }))
        .status,
    ).toBe(200);
    await expect
      .poll(() => margin.locator('.commission-mark').textContent(), UNTIL)
      .toBe('COM reservation (not blocking)');
    expect(await margin.getAttribute('aria-label')).toBe(
      'Cover note, point 2: not negotiated; COM reservation (not blocking); no positions yet',
    );
    // The Member States' counts are theirs alone: nobody has spoken.
    expect(await margin.textContent()).not.toContain('/27');

    // DE amends the paragraph: the Commission's reservation is on an earlier text.
    const de = connectClient(party.server, party.documentId, party.germany.token);
    await waitSynced(de);
    typeInto(de.doc, 1, ' As amended.');
    await expect
      .poll(() => margin.locator('.commission-mark').textContent(), UNTIL)
      .toBe('COM reservation (stale, not blocking)');
    // Whole within the margin, not cut at its edge.
    expect(
      await margin.evaluate((button) => {
        const mark = button.querySelector('.commission-mark')?.getBoundingClientRect();
        return mark !== undefined && mark.right <= button.getBoundingClientRect().right + 0.5;
      }),
    ).toBe(true);

    expect((await party.server.request('DELETE', path, commissionUser.token)).status).toBe(200);
    await expect.poll(() => margin.locator('.commission-mark').count(), UNTIL).toBe(0);
    expect(fr.errors).toEqual([]);
  });

  it("stops the note of the Commission's general reservation at the 2,000 characters the server takes, counting them near the end", async () => {
    const party = await setUpWorkingParty();
    const commissionUser = await party.server.createUser('observer', 'COM');
    const com = await openSignedInPage(browser(), party.server.url, commissionUser.token);
    await com.page.goto(`/documents/${party.documentId}/consensus`);
    const form = com.page.locator('.general-reservation');
    const note = form.getByLabel('Note (optional)');
    await note.fill('x'.repeat(2_100));
    expect((await note.inputValue()).length).toBe(2_000);
    await form.getByText('2,000 of 2,000 characters').waitFor();
    await form.getByRole('button', { name: 'Enter', exact: true }).click();
    await com.page.getByRole('button', { name: 'Withdraw the general reservation' }).waitFor();
    expect(await form.locator('[role="alert"]').count()).toBe(0);
    expect(com.errors).toEqual([]);
  });

  it("stops the Commission's note at the 2,000 characters the server takes, counting them near the end", async () => {
    const party = await setUpWorkingParty();
    const second = await readLiveBlock(party, 1);
    const commissionUser = await party.server.createUser('observer', 'COM');
    const com = await openSignedInPage(browser(), party.server.url, commissionUser.token);
    await openDraftingRoom(com.page, party.documentId);
    await com.page.locator(`.block-margin[data-block-id="${second.id}"] button`).click();
    const form = com.page
      .getByRole('complementary', { name: 'Cover note, point 2', exact: true })
      .getByRole('region', { name: "The Commission's reservation" });
    const note = form.getByLabel('Note (optional)');
    await note.fill('x'.repeat(2_100));
    expect((await note.inputValue()).length).toBe(2_000);
    await form.getByText('2,000 of 2,000 characters').waitFor();
    await form.getByRole('button', { name: 'Enter the reservation' }).click();
    await form.getByRole('button', { name: "Withdraw the Commission's reservation" }).waitFor();
    expect(await form.locator('[role="alert"]').count()).toBe(0);
    expect(com.errors).toEqual([]);
  });
});

describe('history', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it("shows the archivist who did what and where, live, with a delegation's note only as a note; delegates have none", async () => {
    const party = await setUpWorkingParty();
    const second = await readLiveBlock(party, 1);
    await recordPositions(party, [['FR', 1, 'reservation']]);
    const api = (method: string, path: string, token: string, body?: unknown) =>
      party.server.request(method, `/api/documents/${party.documentId}${path}`, token, body);
    const note = await api('POST', `/blocks/${second.id}/comments`, party.france.token, {
      body: 'Paris will never accept this wording.',
      visibility: 'delegation',
    });
    expect(note.status).toBe(201);
    expect(
      (await api('PUT', '/position', party.germany.token, { position: 'scrutiny_reservation' })).status,
    ).toBe(200);

    const archivist = await openSignedInPage(browser(), party.server.url, party.archivist.token);
    await archivist.page.goto(`/documents/${party.documentId}`);
    await archivist.page.getByRole('link', { name: 'History' }).click();
    const rows = archivist.page.locator('.history-table tbody tr');
    const table = () =>
      rows.evaluateAll((trs) =>
        trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '').slice(1)),
      );
    await expect.poll(table, UNTIL).toEqual([
      [expect.stringContaining('(FR)'), 'FR: reservation', 'Cover note, point 2'],
      [expect.stringContaining('(FR)'), 'a delegation note was added', ''],
      [expect.stringContaining('(DE)'), 'DE: general scrutiny reservation (on the whole text)', 'Whole text'],
    ]);
    expect(await archivist.page.getByText('Paris will never accept').count()).toBe(0);
    // Narrowed to one paragraph, then to one delegation.
    await archivist.page.getByLabel('Paragraph').selectOption({ label: 'Cover note, point 2' });
    await expect.poll(async () => (await table()).map((row) => row[1]), UNTIL).toEqual(['FR: reservation']);
    await archivist.page.getByLabel('Paragraph').selectOption({ label: 'All' });
    await archivist.page.getByLabel('Delegation').selectOption('DE');
    await expect
      .poll(async () => (await table()).map((row) => row[1]), UNTIL)
      .toEqual(['DE: general scrutiny reservation (on the whole text)']);
    await archivist.page.getByLabel('Delegation').selectOption({ label: 'All' });

    // A new entry arrives without a reload.
    await recordPositions(party, [['DE', 1, 'agree']]);
    await expect
      .poll(async () => (await table()).at(-1), UNTIL)
      .toEqual([expect.stringContaining('(DE)'), 'DE: agreement', 'Cover note, point 2']);

    // A paragraph added after the history was opened is named too: the Presidency's REV 1, uploaded,
    // adds one after paragraph 5.
    const withSixth = readFileSync(FIXTURE_PATH, 'utf8').replace(
      /\n(5\. Against this background[^\n]*)\n/,
      '\n$1\n6. A new paragraph.\n',
    );
    expect((await api('POST', '/revisions', party.presidency.token, { markdown: withSixth })).status).toBe(
      201,
    );
    await expect.poll(async () => (await readLiveBlock(party, 5)).text, UNTIL).toBe('A new paragraph.');
    await recordPositions(party, [['NL', 5, 'abstain']]);
    await expect
      .poll(async () => (await table()).at(-1), UNTIL)
      .toEqual([expect.stringContaining('(NL)'), 'NL: abstention', 'Cover note, point 6']);

    // A silence procedure's deadline reads as the When column does, not as the log's ISO instant.
    const until = new Date(Date.now() + 3_600_000).toISOString();
    expect((await api('POST', '/silence', party.presidency.token, { until })).status).toBe(201);
    await expect
      .poll(async () => (await table()).at(-1)?.[1], UNTIL)
      .toMatch(/^silence procedure until \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} CES?T$/);

    // A delegation has no history screen, and the server refuses it the log: the page says whose it is.
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    await fr.page.goto(`/documents/${party.documentId}/revisions`);
    await fr.page.getByRole('link', { name: 'Revisions' }).waitFor();
    expect(await fr.page.getByRole('link', { name: 'History' }).count()).toBe(0);
    await fr.page.goto(`/documents/${party.documentId}/history`);
    await fr.page.getByRole('alert').filter({ hasText: 'read by the Presidency' }).waitFor();
    expect(await fr.page.getByLabel('Delegation').count()).toBe(0);
    expect([...archivist.errors]).toEqual([]);
  });

  it('tells the Commission whose the history is without asking the server for a log it may not read', async () => {
    const party = await setUpWorkingParty();
    const commission = await party.server.createUser('observer', 'COM');
    const com = await openSignedInPage(browser(), party.server.url, commission.token);
    const asked: string[] = [];
    com.page.on('request', (request) => {
      if (new URL(request.url()).pathname.endsWith('/audit')) asked.push(request.url());
    });
    await com.page.goto(`/documents/${party.documentId}/history`);
    await com.page.getByRole('alert').filter({ hasText: 'read by the Presidency' }).waitFor();
    await com.page.getByRole('link', { name: 'Consensus' }).waitFor();
    expect(await com.page.getByLabel('What').count()).toBe(0);
    expect(asked).toEqual([]);
    // A refused request is a console error in every browser: none here.
    expect(com.errors).toEqual([]);
  });
});

describe('the item note', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('lets the Presidency forward the agreed conclusions as an I/A item note, once every Member State has spoken', async () => {
    const party = await setUpWorkingParty();
    const detail = (await (
      await party.server.request('GET', `/api/documents/${party.documentId}`, party.presidency.token)
    ).json()) as { blocks: { id: string; text: string }[] };
    const annex = detail.blocks.slice(detail.blocks.findIndex((b) => b.text.startsWith('DRAFT COUNCIL')));
    const agree = async (token: string) => {
      for (const block of annex) await recordPosition(party, token, block.id, 'agree');
    };
    const tokens = new Map<string, string>([
      ['FR', party.france.token],
      ['DE', party.germany.token],
    ]);
    for (const code of MEMBER_STATE_CODES) {
      if (code === 'MT') continue;
      const token = tokens.get(code) ?? (await party.server.createUser('delegate', code)).token;
      await agree(token);
    }

    // The Secretariat has the board open meanwhile, about to forward the text itself.
    const secretariat = await party.server.createUser('secretariat');
    const watching = await openSignedInPage(browser(), party.server.url, secretariat.token);
    await watching.page.goto(`/documents/${party.documentId}/consensus`);
    await watching.page.getByRole('button', { name: 'Forward as I/A item note…' }).click();
    await watching.page.getByRole('form', { name: 'Forward as I/A item note' }).waitFor();

    // France has the text's drafting room open.
    const france = await openSignedInPage(browser(), party.server.url, party.france.token);
    await france.page.goto(`/documents/${party.documentId}`);
    await france.page.locator('.ProseMirror').waitFor();

    const { page } = await openSignedInPage(browser(), party.server.url, party.presidency.token);
    await page.goto(`/documents/${party.documentId}/consensus`);
    await page.getByRole('button', { name: 'Forward as I/A item note…' }).click();
    const form = page.getByRole('form', { name: 'Forward as I/A item note' });
    await form.getByLabel('Number of the note').fill('10234/17');
    await form.getByLabel('Date (optional)').fill('8 June 2017');
    await form.getByRole('button', { name: 'Forward' }).click();
    // Malta has not spoken: the server names the paragraph as the room cites it, and nothing is made.
    await expect
      .poll(() => form.getByRole('alert').textContent(), UNTIL)
      .toBe(
        'Annex, heading has no position on its current text from 1 Member State (MT). Also not agreed: ' +
          'Annex, second heading; Annex, paragraph 1; Annex, paragraph 1, second subparagraph; ' +
          'Annex, paragraph 1, third subparagraph; Annex, paragraph 2; Annex, paragraph 2, second subparagraph; ' +
          'Annex, paragraph 3; Annex, paragraph 3, second subparagraph; Annex, paragraph 3, third subparagraph; ' +
          'Annex, paragraph 4 and 8 more',
      );

    // The headline judges what the note forwards: the annex, which MT has still to agree, and not the
    // cover note, which nobody has spoken on (it is not the delegations' to agree).
    const headline = page.locator('#board-title .status-pill');
    await expect.poll(() => headline.textContent(), UNTIL).toBe('○ Document open');
    await agree((await party.server.createUser('delegate', 'MT')).token);
    await expect.poll(() => headline.textContent(), UNTIL).toBe('✓ Annex agreed');
    expect(await page.locator('.board-scope').textContent()).toBe(
      "What the item note forwards. The cover note is not the delegations' to agree; with it, the document is open.",
    );
    await form.getByRole('button', { name: 'Forward' }).click();
    // The note opens in its drafting room: the Secretariat's header, the cover, the conclusions as the annex.
    const header = page.getByRole('region', { name: 'Document header' });
    await expect.poll(() => header.getByLabel('Document type').inputValue(), UNTIL).toBe("'I/A' ITEM NOTE");
    expect(await header.getByLabel('Document number').inputValue()).toBe('10234/17');
    expect(await header.getByLabel('Date').inputValue()).toBe('8 June 2017');
    expect(await header.getByLabel('Previous documents, one per line').inputValue()).toBe('9916/17');
    await page
      .locator('.ProseMirror')
      .getByText('Delegations examined the draft Council Conclusions')
      .waitFor();
    await page
      .locator('.ProseMirror')
      .getByText(annex[2]?.text.slice(0, 60) as string)
      .waitFor();
    // The annex opens with its label, which the cover's "as set out in the Annex" points to.
    await page.locator('.ProseMirror h2, .ProseMirror h3').getByText('ANNEX', { exact: true }).waitFor();
    expect(page.url()).not.toContain(party.documentId);
    const noteUrl = page.url();
    // The note says what it forwards, with the way back to the text.
    const forwards = page.getByRole('region', { name: 'Item notes' });
    await expect
      .poll(() => forwards.textContent(), UNTIL)
      .toBe('This I/A item note forwards the text agreed in 9916/17 · Open the text');
    // France, in the text's room, learns at once that it went forward: what it edits now is not in the note.
    const franceNotice = france.page.getByRole('region', { name: 'Item notes' });
    await expect
      .poll(() => franceNotice.textContent(), UNTIL)
      .toMatch(
        /^This text went forward as the I\/A item note 10234\/17 on \d{1,2} \w+ \d{4}, \d\d:\d\d \w+ · Open the note\. Changes made here since are not in it\.$/,
      );
    await franceNotice.getByRole('link', { name: 'Open the note' }).click();
    await expect.poll(() => france.page.url(), UNTIL).toBe(noteUrl);
    // The Secretariat's board says so at once, without a reload, beside its open form: it would
    // otherwise forward the text a second time unawares.
    await expect
      .poll(
        () =>
          watching.page
            .getByRole('form', { name: 'Forward as I/A item note' })
            .locator('.forwardings li')
            .allTextContents(),
        UNTIL,
      )
      .toEqual([expect.stringContaining('Forwarded as the I/A item note 10234/17 on')]);

    // The text's history says where it went, with the way to the note: past the 540 agreements (a
    // page and more) by narrowing it to revisions and item notes.
    await page.goto(`/documents/${party.documentId}/history`);
    await page.getByRole('button', { name: 'Show later entries' }).waitFor();
    await page.getByLabel('What').selectOption({ label: 'Revisions and item notes' });
    await expect
      .poll(
        () =>
          page
            .locator('.history-table tbody tr')
            .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action'))),
        UNTIL,
      )
      .toEqual(['document.forwarded']);
    expect(await page.getByRole('button', { name: 'Show later entries' }).count()).toBe(0);
    const entry = page.locator('.history-table tr[data-action="document.forwarded"]');
    await expect
      .poll(() => entry.locator('td').nth(2).textContent(), UNTIL)
      .toBe('9916/17 forwarded as the I/A item note 10234/17 Open the note');
    await entry.getByRole('link', { name: 'Open the note' }).click();
    await expect.poll(() => page.url(), UNTIL).toBe(noteUrl);

    // The note's own history opens with where it came from, and the way back to the text.
    await page.goto(`${noteUrl}/history`);
    const made = page.locator('.history-table tr[data-action="item-note.created"]');
    await expect
      .poll(() => made.locator('td').nth(2).textContent(), UNTIL)
      .toBe('made as the I/A item note 10234/17 forwarding 9916/17 Open the forwarded text');
    await made.getByRole('link', { name: 'Open the forwarded text' }).click();
    await expect.poll(() => new URL(page.url()).pathname, UNTIL).toBe(`/documents/${party.documentId}`);

    // Back on the text's board, the Presidency sees that it already went forward, and as what.
    await page.goto(`/documents/${party.documentId}/consensus`);
    const forwarded = page.locator('.forwardings li');
    await expect
      .poll(() => forwarded.textContent(), UNTIL)
      .toContain('Forwarded as the I/A item note 10234/17 on');
    expect(await forwarded.getByRole('link', { name: 'Open the note' }).getAttribute('href')).toBe(
      new URL(noteUrl).pathname,
    );

    // The list tells the note, which bears its text's title, from the text.
    await page.goto('/');
    const facts = (number: string) =>
      page
        .locator('.document-list li')
        .filter({ has: page.locator('.document-number', { hasText: number }) })
        .locator('.document-facts')
        .allTextContents();
    await expect
      .poll(() => facts('10234/17'), UNTIL)
      .toEqual([expect.stringMatching(/^Added /), 'I/A item note forwarding 9916/17']);
    expect(await facts('9916/17')).toEqual([expect.stringMatching(/^Added /), 'Forwarded as 10234/17']);
  });
});

describe('comments', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it("keeps FR's private note apart and out of sight of DE and the Presidency, while a comment and its reply are seen by all", async () => {
    const party = await setUpWorkingParty();
    const first = await readLiveBlock(party, 0);
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    const de = await openSignedInPage(browser(), party.server.url, party.germany.token);
    const presidency = await openSignedInPage(browser(), party.server.url, party.presidency.token);
    await Promise.all(
      [fr, de, presidency].map(async ({ page }) => {
        await openDraftingRoom(page, party.documentId);
        await page.locator(`.block-margin[data-block-id="${first.id}"] button`).click();
      }),
    );
    const panelOf = (page: typeof fr.page) =>
      page.getByRole('complementary', { name: 'Cover note, point 1', exact: true });

    await panelOf(fr.page).getByLabel('Comment', { exact: true }).fill('Could "joint" be dropped here?');
    await panelOf(fr.page).getByRole('button', { name: 'Add comment' }).click();
    await panelOf(fr.page).getByRole('checkbox', { name: 'Only for France (a private note)' }).check();
    await panelOf(fr.page)
      .getByLabel('Private note', { exact: true })
      .fill('Capital wants the reference to PSC kept.');
    await panelOf(fr.page).getByRole('button', { name: 'Add private note' }).click();

    const notes = panelOf(fr.page).locator('.private-notes');
    await notes.getByText('Capital wants the reference to PSC kept.').waitFor();
    expect(await notes.getByText('Could "joint" be dropped here?').count()).toBe(0);
    for (const { page } of [de, presidency]) {
      // In the comments (the panel's log of arrivals reads it out too); the note nowhere in the panel.
      await panelOf(page).locator('.comment-list').getByText('Could "joint" be dropped here?').waitFor();
      expect(await panelOf(page).getByText('Capital wants the reference to PSC kept.').count()).toBe(0);
    }
    await expect
      .poll(
        () => de.page.locator(`.block-margin[data-block-id="${first.id}"] button`).getAttribute('aria-label'),
        UNTIL,
      )
      .toContain('1 comment');

    // DE answers FR's comment; everyone sees the answer under it, not as a comment of its own.
    await panelOf(de.page)
      .getByRole('button', { name: 'Reply to FR: Could "joint" be dropped here?' })
      .click();
    await panelOf(de.page).getByLabel('Reply', { exact: true }).fill('DE could accept that.');
    await panelOf(de.page).getByRole('button', { name: 'Add reply' }).click();
    for (const { page } of [fr, de, presidency]) {
      const replies = panelOf(page).getByRole('list', { name: 'Replies' });
      await replies.getByText('DE could accept that.').waitFor();
      expect(await replies.locator('li').count()).toBe(1);
    }
    expect([...fr.errors, ...de.errors, ...presidency.errors]).toEqual([]);
  });

  it('lets FR reopen a comment resolved by mistake, and DE sees it open again, live, in the panel and the margin', async () => {
    const party = await setUpWorkingParty();
    const first = await readLiveBlock(party, 0);
    const added = await party.server.request(
      'POST',
      `/api/documents/${party.documentId}/blocks/${first.id}/comments`,
      party.france.token,
      { body: 'Could "joint" be dropped here?', visibility: 'all' },
    );
    expect(added.status).toBe(201);
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    const de = await openSignedInPage(browser(), party.server.url, party.germany.token);
    await Promise.all(
      [fr, de].map(async ({ page }) => {
        await openDraftingRoom(page, party.documentId);
        await page.locator(`.block-margin[data-block-id="${first.id}"] button`).click();
      }),
    );
    const panelOf = (page: Page) =>
      page.getByRole('complementary', { name: 'Cover note, point 1', exact: true });
    const commentOf = (page: Page) =>
      panelOf(page).locator('.comment-list > li', { hasText: 'Could "joint" be dropped here?' });
    const marginOf = (page: Page) => page.locator(`.block-margin[data-block-id="${first.id}"] button`);
    await expect.poll(() => marginOf(de.page).getAttribute('aria-label'), UNTIL).toContain('1 comment');

    await commentOf(fr.page).getByRole('button', { name: 'Resolve', exact: true }).click();
    await expect.poll(() => commentOf(de.page).getAttribute('class'), UNTIL).toBe('resolved');
    await expect.poll(() => marginOf(de.page).getAttribute('aria-label'), UNTIL).not.toContain('comment');

    // Resolved by mistake: FR, its author, reopens it. DE, who may not, is offered neither button.
    await commentOf(fr.page).getByRole('button', { name: 'Reopen', exact: true }).click();
    await commentOf(fr.page).getByRole('button', { name: 'Resolve', exact: true }).waitFor(UNTIL);
    await expect.poll(() => commentOf(de.page).getAttribute('class'), UNTIL).toBeNull();
    await expect.poll(() => marginOf(de.page).getAttribute('aria-label'), UNTIL).toContain('1 comment');
    expect(
      await commentOf(de.page)
        .getByRole('button', { name: /^(Resolve|Reopen)$/ })
        .count(),
    ).toBe(0);
    expect(await commentOf(fr.page).textContent()).not.toContain('resolved');
    expect([...fr.errors, ...de.errors]).toEqual([]);
  });

  it('stops a comment at the 10,000 characters the server takes, counting them as it nears the limit', async () => {
    const { fr, panel } = await openFrancePanel(await setUpWorkingParty());
    const box = panel.getByRole('textbox', { name: /^Comment/ });
    await box.fill('x'.repeat(9_700));
    expect(await panel.locator('.note-count').count()).toBe(0);
    // Pasted past the limit: the box keeps what the server takes (it refused the rest only once sent,
    // as 'body: at most 10000 characters').
    await box.focus();
    await fr.page.keyboard.insertText('y'.repeat(400));
    await expect.poll(async () => (await box.inputValue()).length, UNTIL).toBe(10_000);
    expect(await panel.locator('.note-count').textContent()).toBe('10,000 of 10,000 characters');
    await panel.getByRole('button', { name: 'Add comment' }).click();
    await panel.locator('.comment-list .comment-body').waitFor(UNTIL);
    expect((await panel.locator('.comment-list .comment-body').textContent())?.length).toBe(10_000);
    expect(await panel.getByRole('alert').count()).toBe(0);
    expect(fr.errors).toEqual([]);
  });

  it('adds a comment once when Add comment is pressed twice in a row', async () => {
    const party = await setUpWorkingParty();
    const first = await readLiveBlock(party, 0);
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    await openDraftingRoom(fr.page, party.documentId);
    await fr.page.locator(`.block-margin[data-block-id="${first.id}"] button`).click();
    const panel = fr.page.getByRole('complementary', { name: 'Cover note, point 1', exact: true });
    await panel.getByLabel('Comment', { exact: true }).fill('Once, however often it is pressed.');
    // The comment sent waits, so the second press comes while the first is on its way.
    const sent = await countPostsOfPresses(
      fr.page,
      (path) => path.endsWith('/comments'),
      () => panel.getByRole('button', { name: 'Add comment' }).dblclick(),
    );
    expect(sent).toBe(1);
    // Its body, not the box: React writes a controlled textarea's value as its text too.
    await panel.locator('.comment-body', { hasText: 'Once, however often it is pressed.' }).waitFor(UNTIL);
    expect(await panel.locator('.comment-list > li').count()).toBe(1);
    expect(fr.errors).toEqual([]);
  });

  it('resolves a comment once when Resolve is pressed twice in a row', async () => {
    const party = await setUpWorkingParty();
    const first = await readLiveBlock(party, 0);
    const added = await party.server.request(
      'POST',
      `/api/documents/${party.documentId}/blocks/${first.id}/comments`,
      party.france.token,
      { body: 'Resolved once.', visibility: 'all' },
    );
    expect(added.status).toBe(201);
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    await openDraftingRoom(fr.page, party.documentId);
    await fr.page.locator(`.block-margin[data-block-id="${first.id}"] button`).click();
    const panel = fr.page.getByRole('complementary', { name: 'Cover note, point 1', exact: true });
    const sent = await countPostsOfPresses(
      fr.page,
      (path) => path.endsWith('/resolve'),
      () => panel.getByRole('button', { name: 'Resolve', exact: true }).dblclick(),
    );
    expect(sent).toBe(1);
    await panel.locator('.comment-list > li.resolved').waitFor(UNTIL);
    expect(fr.errors).toEqual([]);
  });
});

describe('revisions', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('issues the revision its button names, never the one after it that a colleague made next', async () => {
    const party = await setUpWorkingParty();
    const { page, errors } = await openSignedInPage(browser(), party.server.url, party.presidency.token);
    // The board does not hear of the colleague's revision: its live stream is held.
    const held: Route[] = [];
    await page.route(
      (url) => url.pathname.endsWith('/events'),
      (route) => {
        held.push(route);
      },
    );
    await page.goto(`/documents/${party.documentId}/consensus`);
    await page.getByRole('button', { name: 'Issue revision…' }).click();
    const issue = page.getByRole('button', { name: 'Issue 9916/1/17 REV 1', exact: true });
    await issue.waitFor();
    const colleague = await party.server.createUser('presidency');
    const path = `/api/documents/${party.documentId}/revisions`;
    expect(
      (await party.server.request('POST', path, colleague.token, { note: 'By a colleague' })).status,
    ).toBe(201);

    await issue.click();
    await expect
      .poll(() => page.getByRole('alert').textContent(), UNTIL)
      .toBe('9916/1/17 REV 1 has just been issued by someone else: read it before issuing the next.');
    const revisions = (await (await party.server.request('GET', path, party.presidency.token)).json()) as {
      rev: number;
    }[];
    expect(revisions.map((r) => r.rev)).toEqual([0, 1]);
    expect(errors).toEqual([expect.stringContaining('status of 409 (Conflict)')]);
  });

  it('dates a revision the day it is issued in Brussels, or the day the Secretariat writes, in the header everyone reads', async () => {
    const party = await setUpWorkingParty();
    const presidency = await openSignedInPage(browser(), party.server.url, party.presidency.token);
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    await openDraftingRoom(fr.page, party.documentId);
    const header = fr.page.locator('.council-place-date');
    await expect.poll(() => header.textContent(), UNTIL).toContain('7 June 2017');
    await presidency.page.goto(`/documents/${party.documentId}/consensus`);
    const dateOf = async (rev: number) => {
      const path = `/api/documents/${party.documentId}/revisions/${rev}`;
      const body = (await (await party.server.request('GET', path, party.presidency.token)).json()) as {
        metadata: { date: string | null };
      };
      return body.metadata.date;
    };

    // The form shows the day it will carry; a day that does not exist is refused, saying how to write one.
    await presidency.page.getByRole('button', { name: 'Issue revision…' }).click();
    const dated = presidency.page.getByRole('textbox', { name: 'Dated' });
    const today = formatCouncilDate(Date.now());
    expect(await dated.inputValue()).toBe(today);
    await dated.fill('31 April 2017');
    await presidency.page.getByRole('button', { name: 'Issue 9916/1/17 REV 1', exact: true }).click();
    await expect
      .poll(() => presidency.page.getByRole('alert').textContent(), UNTIL)
      .toContain('write it as "7 June 2017" or 2017-06-07');
    await dated.fill('9 June 2017');
    await presidency.page.getByRole('button', { name: 'Issue 9916/1/17 REV 1', exact: true }).click();
    await presidency.page.getByRole('status').filter({ hasText: 'Issued 9916/1/17 REV 1.' }).waitFor();
    expect(await dateOf(1)).toBe('9 June 2017');
    await expect.poll(() => header.textContent(), UNTIL).toContain('9 June 2017');

    // Left as shown, the revision is dated the day it is issued.
    await presidency.page.getByRole('button', { name: 'Issue revision…' }).click();
    await presidency.page.getByRole('button', { name: 'Issue 9916/2/17 REV 2', exact: true }).click();
    await presidency.page.getByRole('status').filter({ hasText: 'Issued 9916/2/17 REV 2.' }).waitFor();
    expect(await dateOf(2)).toBe(today);
    await expect.poll(() => header.textContent(), UNTIL).toContain(today);
    expect(await dateOf(0)).toBe('7 June 2017');
    expect(presidency.errors).toEqual([expect.stringContaining('status of 400 (Bad Request)')]);
    expect(fr.errors).toEqual([]);
  });

  it('lets the Presidency issue REV 1 and REV 2, and shows the archivist the redline with the inserted words', async () => {
    const party = await setUpWorkingParty();
    const third = await readLiveBlock(party, 2);
    const presidency = await openSignedInPage(browser(), party.server.url, party.presidency.token);
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    await presidency.page.goto(`/documents/${party.documentId}/consensus`);
    await recordPositions(party, [['NL', 2, 'scrutiny_reservation']]);

    const issue = async (label: string) => {
      await presidency.page.getByRole('button', { name: 'Issue revision…' }).click();
      await presidency.page.getByLabel('Note for the revision (optional)').fill(`Text of ${label}`);
      // The button names the revision it issues.
      await presidency.page.getByRole('button', { name: `Issue ${label}`, exact: true }).click();
      await presidency.page
        .getByRole('status')
        .filter({ hasText: `Issued ${label}.` })
        .waitFor();
    };
    await issue('9916/1/17 REV 1');

    await openDraftingRoom(fr.page, party.documentId);
    await placeCaretAtEnd(fr.page, locateBlock(fr.page, third.id));
    await fr.page.keyboard.type(' The Presidency thanks delegations.');
    await fr.page.locator('.save-status[data-saved="true"]').waitFor();
    await expect
      .poll(async () => (await readLiveBlock(party, 2)).text, UNTIL)
      .toContain('thanks delegations');
    await issue('9916/2/17 REV 2');

    const archivist = await openSignedInPage(browser(), party.server.url, party.archivist.token);
    await archivist.page.goto(`/documents/${party.documentId}/revisions`);
    const list = archivist.page.locator('.revision-list');
    await expect
      .poll(() => list.locator('tbody th').allTextContents(), UNTIL)
      .toEqual([
        // Each with the public register's reference beneath it.
        '9916/2/17 REV 2 ST 9916 2017 REV 2',
        '9916/1/17 REV 1 ST 9916 2017 REV 1',
        '9916/17 ST 9916 2017 INIT',
        'Live text',
      ]);
    // "Read" shows a revision as issued in a tab of its own, its header numbered as the revision.
    const [issued] = await Promise.all([
      archivist.context.waitForEvent('page'),
      list.getByRole('link', { name: 'Read 9916/1/17 REV 1 (opens in a new tab)', exact: true }).click(),
    ]);
    await expect.poll(() => issued.locator('body').textContent(), UNTIL).toContain('9916/1/17 REV 1');
    expect(await issued.locator('body').textContent()).not.toContain('The Presidency thanks delegations.');
    await issued.close();
    const redline = archivist.page.getByRole('article', {
      name: 'Redline of 9916/2/17 REV 2 against 9916/1/17 REV 1',
    });
    await expect
      .poll(() => redline.locator('ins').allTextContents(), UNTIL)
      .toEqual([expect.stringContaining('The Presidency thanks delegations.')]);
    expect(await redline.locator('del').count()).toBe(0);
    expect(await redline.locator('.redline-block').count()).toBe(1);
    // The redlines to take away say which versions they compare, to a screen reader's list of links too.
    for (const name of [
      'Redline page: 9916/2/17 REV 2 against 9916/1/17 REV 1 (opens in a new tab)',
      'Redline in Word: 9916/2/17 REV 2 against 9916/1/17 REV 1',
    ])
      expect(await archivist.page.getByRole('link', { name, exact: true }).count(), name).toBe(1);
    // The redline page is read as a revision is: in a tab of its own, the comparison kept here.
    const [redlinePage] = await Promise.all([
      archivist.context.waitForEvent('page'),
      archivist.page.getByRole('link', { name: /^Redline page: / }).click(),
    ]);
    await expect
      .poll(() => redlinePage.locator('ins').allTextContents(), UNTIL)
      .toEqual([expect.stringContaining('The Presidency thanks delegations.')]);
    await redlinePage.close();
    expect(new URL(archivist.page.url()).pathname).toBe(`/documents/${party.documentId}/revisions`);
    await saveScreenshot(archivist.page, 'revisions-redline');

    // Side by side shows the same insertion in the new column only.
    await archivist.page.getByRole('radio', { name: 'Side by side' }).check();
    await expect
      .poll(
        () => redline.locator('.redline-pair .redline-text').nth(1).locator('ins').allTextContents(),
        UNTIL,
      )
      .toEqual([expect.stringContaining('The Presidency thanks delegations.')]);
    expect(await redline.locator('.redline-pair .redline-text').first().locator('ins').count()).toBe(0);

    // Printed, the redline is the page: the document, the comparison's cover line and its paragraphs,
    // without the app's bar, the document's menu, the list of revisions or the comparison's controls.
    await archivist.page.emulateMedia({ media: 'print' });
    for (const screenOnly of [
      archivist.page.getByRole('banner'),
      archivist.page.getByRole('navigation', { name: 'Document' }),
      list,
      archivist.page.locator('.compare-controls'),
    ])
      expect(await screenOnly.isVisible()).toBe(false);
    expect(await archivist.page.locator('.document-heading').isVisible()).toBe(true);
    expect(await archivist.page.locator('.diff-summary').isVisible()).toBe(true);
    expect(await redline.isVisible()).toBe(true);
    expect(
      await redline
        .locator('ins')
        .first()
        .evaluate((el) => getComputedStyle(el).textDecorationLine),
    ).toBe('underline');
    await archivist.page.emulateMedia({ media: 'screen' });

    // Downloads with the positions as footnotes: NL's reservation was on REV 1's text, and went stale
    // when FR edited the paragraph before REV 2.
    await list.getByRole('checkbox', { name: /Downloads with positions as footnotes/ }).check();
    const download = async (label: string) => {
      const link = list.getByRole('link', { name: `Markdown of ${label} with positions`, exact: true });
      const response = await archivist.page.request.get((await link.getAttribute('href')) as string);
      expect(response.status()).toBe(200);
      return response.text();
    };
    expect(await download('9916/1/17 REV 1')).toContain('NL: scrutiny reservation.');
    expect(await download('9916/2/17 REV 2')).not.toContain('scrutiny reservation');

    // A Presidency that marks insertions in bold alone: the comparison and both redlines follow, and
    // the choice holds at the next visit.
    const underline = () =>
      redline
        .locator('ins')
        .first()
        .evaluate((el) => getComputedStyle(el).textDecorationLine);
    expect(await underline()).toBe('underline');
    await archivist.page.getByRole('radio', { name: 'Bold', exact: true }).check();
    await expect.poll(underline, UNTIL).toBe('none');
    expect(
      await redline
        .locator('ins')
        .first()
        .evaluate((el) => getComputedStyle(el).fontWeight),
    ).toBe('700');
    const wordRedline = archivist.page.getByRole('link', { name: 'Redline in Word' });
    expect(await wordRedline.getAttribute('href')).toContain('insertions=bold');
    await archivist.page.reload();
    await expect
      .poll(() => archivist.page.getByRole('radio', { name: 'Bold', exact: true }).isChecked(), UNTIL)
      .toBe(true);
    await expect.poll(underline, UNTIL).toBe('none');

    expect([...presidency.errors, ...fr.errors, ...archivist.errors]).toEqual([]);
  });

  it("follows the live text in an open comparison while a delegate types, keeping the reader's place and options", async () => {
    const party = await setUpWorkingParty();
    const third = await readLiveBlock(party, 2);
    const issued = await party.server.request(
      'POST',
      `/api/documents/${party.documentId}/revisions`,
      party.presidency.token,
      {},
    );
    expect(issued.status).toBe(201);
    const archivist = await openSignedInPage(browser(), party.server.url, party.archivist.token);
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    await openDraftingRoom(fr.page, party.documentId);

    // The archivist compares REV 1 with the live text, side by side with every paragraph, and reads on
    // further down the page.
    const page = archivist.page;
    await page.goto(`/documents/${party.documentId}/revisions`);
    const from = page.getByRole('combobox', { name: 'From' });
    const to = page.getByRole('combobox', { name: 'To' });
    await from.selectOption({ label: '9916/1/17 REV 1' });
    await to.selectOption({ label: 'Live text' });
    await page.getByRole('radio', { name: 'Side by side' }).check();
    await page.getByRole('checkbox', { name: 'Show unchanged paragraphs' }).check();
    const redline = page.getByRole('article', { name: 'Redline of live text against 9916/1/17 REV 1' });
    await expect.poll(() => redline.locator('.redline-block').count(), UNTIL).toBeGreaterThan(3);
    expect(await redline.locator('ins').count()).toBe(0);
    const scrolledTo = await page.evaluate(() => {
      window.scrollTo(0, 300);
      // A refresh must not blank the comparison ("Comparing…") on the way: noted if it ever shows.
      const flags = window as unknown as { comparingShown: boolean };
      flags.comparingShown = false;
      new MutationObserver(() => {
        if (document.querySelector('.comparison')?.textContent?.includes('Comparing…'))
          flags.comparingShown = true;
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
      return window.scrollY;
    });
    expect(scrolledTo).toBeGreaterThan(0);

    // FR types in the drafting room: the open comparison shows the words without being asked.
    await placeCaretAtEnd(fr.page, locateBlock(fr.page, third.id));
    await fr.page.keyboard.type(' Live from the room.');
    await fr.page.locator('.save-status[data-saved="true"]').waitFor();
    await expect
      .poll(() => redline.locator('.redline-pair .redline-text').locator('ins').allTextContents(), UNTIL)
      .toEqual([expect.stringContaining('Live from the room.')]);
    expect(await page.evaluate(() => window.scrollY)).toBe(scrolledTo);
    expect(await page.evaluate(() => (window as unknown as { comparingShown: boolean }).comparingShown)).toBe(
      false,
    );
    expect(await page.getByRole('radio', { name: 'Side by side' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Show unchanged paragraphs' }).isChecked()).toBe(true);
    expect(await from.inputValue()).toBe('1');
    expect(await to.inputValue()).toBe('live');
    expect([...archivist.errors, ...fr.errors]).toEqual([]);
  });

  it('shows a paragraph split with Enter as a split: a paragraph mark inserted, the words moved with it kept', async () => {
    const party = await setUpWorkingParty();
    const second = await readLiveBlock(party, 1);
    const lastSentence =
      'As a way forward, a large number of them voiced a preference for the development of Council conclusions accompanying the toolbox itself.';
    expect(second.text.endsWith(` ${lastSentence}`)).toBe(true);
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    await openDraftingRoom(fr.page, party.documentId);
    await placeCaretAtEnd(fr.page, locateBlock(fr.page, second.id));
    for (let i = 0; i < lastSentence.length; i++) await fr.page.keyboard.press('ArrowLeft');
    await expect.poll(() => readCaretOffset(fr.page), UNTIL).toBe(second.text.length - lastSentence.length);
    await fr.page.keyboard.press('Enter');
    await fr.page.locator('.save-status[data-saved="true"]').waitFor();
    await expect.poll(async () => (await readLiveBlock(party, 2)).text, UNTIL).toBe(lastSentence);

    // The live text against 9916/17: paragraph 2 ends with an inserted ¶, the sentence after it is
    // plain, and nothing is struck through.
    await fr.page.goto(`/documents/${party.documentId}/revisions`);
    const redline = fr.page.getByRole('article', { name: 'Redline of live text against 9916/17' });
    const mark = redline.locator('ins.paragraph-mark');
    await mark.waitFor(UNTIL);
    expect(await mark.textContent()).toBe('¶');
    const splitOff = redline.locator('.redline-block', { hasText: 'As a way forward' });
    expect(await splitOff.locator('.change-label').textContent()).toBe(
      'Split from cover note, point 2 of 9916/17',
    );
    expect(await splitOff.locator('.redline-text').textContent()).toContain(lastSentence);
    // Its words are no insertion: only a new paragraph's number may be.
    const inserted = await redline.locator('ins').allTextContents();
    expect(inserted.filter((text) => !/^(?:¶|\d+\.)$/.test(text))).toEqual([]);
    expect(await redline.locator('del').allTextContents()).toEqual([]);

    // Side by side, the mark stands in the new column, the sentence in both, plain.
    await fr.page.getByRole('radio', { name: 'Side by side' }).check();
    const columns = redline
      .locator('.redline-block', { hasText: 'Following the tasking' })
      .locator('.redline-text');
    await expect.poll(() => columns.nth(1).locator('ins.paragraph-mark').count(), UNTIL).toBe(1);
    expect(await columns.nth(0).locator('.paragraph-mark').count()).toBe(0);
    expect(await splitOff.locator('.redline-text').first().textContent()).toContain(lastSentence);
    expect(fr.errors).toEqual([]);
  });

  it('names where a footnote whose call crossed the cut of a split is now cited, as the room cites it', async () => {
    const party = await setUpWorkingParty();
    // REV 1 splits paragraph 1 of the cover note after its first sentence and cites footnote 1 at the
    // end of the unnumbered follow-on instead: the note has two numberings, so the part is named.
    const revised = readFileSync(FIXTURE_PATH, 'utf8')
      .replace('("Cyber toolbox")<sup>1</sup>. The latter', '("Cyber toolbox").\n\nThe latter')
      .replace(
        'the outcome of that examination.\n2. Following',
        'the outcome of that examination<sup>1</sup>.\n\n2. Following',
      );
    const issued = await party.server.request(
      'POST',
      `/api/documents/${party.documentId}/revisions`,
      party.presidency.token,
      {
        markdown: revised,
      },
    );
    expect(issued.status).toBe(201);
    const archivist = await openSignedInPage(browser(), party.server.url, party.presidency.token);
    await archivist.page.goto(`/documents/${party.documentId}/revisions`);
    const redline = archivist.page.getByRole('article', {
      name: /^Redline of 9916\/1\/17 REV 1 against 9916\/17/,
    });
    await redline.locator('ins.paragraph-mark').waitFor(UNTIL);
    const followOn = redline.locator('.redline-block', { hasText: 'The latter was welcomed' });
    expect(await followOn.locator('.change-label').textContent()).toBe(
      'Split from cover note, point 1 of 9916/17',
    );
    const footnotes = archivist.page.getByRole('region', { name: 'Footnote changes' });
    await expect
      .poll(() => footnotes.textContent(), UNTIL)
      .toContain('Now cited in cover note, point 1, second subparagraph');
    expect(archivist.errors).toEqual([]);
  });

  it('shows a change of spaces alone, which the redline would otherwise show as nothing', async () => {
    const party = await setUpWorkingParty();
    const third = await readLiveBlock(party, 2);
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    await openDraftingRoom(fr.page, party.documentId);
    // A delegate's role and delegation stand beside the name ("FR delegate").
    expect(await fr.page.locator('.whoami-role').textContent()).toBe('Delegate · France (FR)');
    await placeCaretAtEnd(fr.page, locateBlock(fr.page, third.id));
    await fr.page.keyboard.type(' ');
    await fr.page.locator('.save-status[data-saved="true"]').waitFor();
    await expect.poll(async () => (await readLiveBlock(party, 2)).text, UNTIL).toBe(`${third.text} `);

    // The live text against 9916/17: the paragraph is modified by a trailing space, tinted and named.
    await fr.page.goto(`/documents/${party.documentId}/revisions`);
    const space = fr.page.locator('.redline ins.space-change');
    await space.waitFor(UNTIL);
    expect(await space.getAttribute('title')).toBe('space added');
    expect(await space.evaluate((element) => element.getBoundingClientRect().width)).toBeGreaterThan(0);
    expect(fr.errors).toEqual([]);
  });

  it('tells the Presidency that a Word file’s comments were not taken in, before opening the new draft', async () => {
    const server = await startWebServer();
    const presidency = await server.createUser('presidency');
    const parsed = parseMarkdown(readFileSync(FIXTURE_PATH, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error.message);
    const { default: JSZip } = await import('jszip');
    const zip = await JSZip.loadAsync(await renderDocx(parsed.value));
    zip.file(
      'word/comments.xml',
      '<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
        '<w:comment w:id="0" w:author="PRES"><w:p><w:r><w:t>Check with the legal service.</w:t></w:r></w:p></w:comment>' +
        '</w:comments>',
    );
    const docx = Buffer.from(await zip.generateAsync({ type: 'uint8array' }));
    const { page, errors } = await openHomePage(browser(), server.url, presidency.token);
    await page.getByRole('button', { name: 'New document…' }).click();
    const form = page.getByRole('form', { name: 'New document' });
    await form.getByLabel('File').setInputFiles({
      name: '9916-17.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: docx,
    });
    await form.getByRole('button', { name: 'Create' }).click();
    await page
      .getByRole('status')
      .filter({
        hasText:
          '9916/17 was created. A Word comment in the file was not taken in (Accord keeps the text alone): comment on the paragraphs here instead.',
      })
      .waitFor(UNTIL);
    await page.getByRole('link', { name: 'Open 9916/17' }).click();
    await page.waitForURL(/\/documents\/[^/]+$/, UNTIL);
    await page.locator('.council-body [data-id]').first().waitFor(UNTIL);
    expect(errors).toEqual([]);
  });

  it('tells apart in the list two documents of one number: the revision each is at and when each was added', async () => {
    const party = await setUpWorkingParty();
    await party.server.request(
      'POST',
      `/api/documents/${party.documentId}/revisions`,
      party.presidency.token,
      {},
    );
    // The fixture imported again, as the Secretariat does to start over: a document of its own.
    const again = await party.server.createDocument(party.presidency.token, {
      markdown: readFileSync(FIXTURE_PATH, 'utf8'),
    });
    const { page, errors } = await openHomePage(browser(), party.server.url, party.france.token);
    const facts = (id: string) =>
      page
        .locator('.document-list li', { has: page.locator(`a[href="/documents/${id}"]`) })
        .locator('.document-facts')
        .textContent();
    const added = 'Added \\d{1,2} [A-Z][a-z]{2} \\d{4}, \\d\\d:\\d\\d CES?T';
    await expect
      .poll(() => facts(party.documentId), UNTIL)
      .toMatch(new RegExp(`^9916/1/17 REV 1 issued · ${added}$`));
    expect(await facts(again.id)).toMatch(new RegExp(`^${added}$`));
    expect(errors).toEqual([]);
  });

  it('lets the Presidency start a draft from a Word file and issue REV 1 from an edited Markdown file', async () => {
    const server = await startWebServer();
    const presidency = await server.createUser('presidency');
    const fixture = readFileSync(FIXTURE_PATH, 'utf8');
    let n = 0;
    const parsed = parseMarkdown(fixture, { newId: () => `b${n++}` });
    if (!parsed.ok) throw new Error(parsed.error.message);
    const docx = Buffer.from(await renderDocx(parsed.value));
    // The Presidency follows its login link to the list of documents; France has the list open too.
    const { page, errors } = await openHomePage(browser(), server.url, presidency.token);
    const france = await openHomePage(
      browser(),
      server.url,
      (await server.createUser('delegate', 'FR')).token,
    );
    await france.page.getByText('No documents yet.').waitFor();

    await page.getByRole('button', { name: 'New document…' }).click();
    const form = page.getByRole('form', { name: 'New document' });
    await form.getByLabel('File').setInputFiles({
      name: '9916-17.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: docx,
    });
    await saveScreenshot(page, 'new-document');
    await form.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/documents\/[^/]+$/, UNTIL);
    const documentId = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1) as string);
    await page.locator('.council-body [data-id]').first().waitFor(UNTIL);
    await expect
      .poll(() => page.locator('.council-body > [data-id]').count(), UNTIL)
      .toBe(parsed.value.blocks.length);
    const listed = (await (await server.request('GET', '/api/documents', presidency.token)).json()) as {
      id: string;
      number: string;
    }[];
    expect(listed).toEqual([expect.objectContaining({ id: documentId, number: '9916/17' })]);
    // France's list shows it once France looks at the page again, without a reload.
    await france.page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await france.page.locator('.document-number', { hasText: '9916/17' }).waitFor(UNTIL);
    expect(france.errors).toEqual([]);

    // REV 1 from a file without paragraph 4 of the conclusions and with paragraph 5 amended: the others
    // keep their ids, one is removed, and paragraphs 5 and 6 become 4 and 5. The last one carries a
    // footnote of positions, as a download with positions writes it: left out, and the status says so.
    await page.goto(`/documents/${encodeURIComponent(documentId)}/consensus`);
    await page.getByRole('button', { name: 'Issue revision…' }).click();
    await page.getByLabel('New text from a file (optional: .docx, .md or .html)').setInputFiles({
      name: 'rev1.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from(
        `${fixture
          .replace(/\n4\. The EU stresses that clearly signaling[^\n]*\n/, '')
          .replace('5. The EU affirms that', '4. The EU firmly affirms that')
          .replace('6. The EU calls on', '5. The EU calls on')
          .replace(
            'appropriate exercises.',
            'appropriate exercises.<sup>7</sup>',
          )}\n\n---\n\n<sup>7</sup> DE, NL: scrutiny reservation.\n`,
      ),
    });
    await page.getByRole('button', { name: 'Issue 9916/1/17 REV 1', exact: true }).click();
    await page
      .getByRole('status')
      .filter({
        hasText: `Issued 9916/1/17 REV 1 from the file: ${parsed.value.blocks.length - 1} paragraphs kept, 0 added, 1 removed; 1 footnote of positions left out (positions are recorded in Accord, not in the text).`,
      })
      .waitFor(UNTIL);
    const rev1 = (await (
      await server.request('GET', `/api/documents/${documentId}/revisions/1`, presidency.token)
    ).json()) as { footnotes: { text: string }[] };
    expect(rev1.footnotes.map((f) => f.text)).toEqual(parsed.value.footnotes.map((f) => f.text));

    // Inline, the amended paragraph has its new number and says which it had, as the HTML redline does.
    await page.goto(`/documents/${encodeURIComponent(documentId)}/revisions`);
    const amended = page.locator('.redline-block.change-modified', { hasText: 'firmly' });
    await expect.poll(() => amended.locator('.redline-number').textContent(), UNTIL).toBe('4.');
    expect(await amended.locator('.redline-text .redline-old-number').textContent()).toBe('(was 5)');
    // Side by side, each side of the amended paragraph carries its own number: 5 before, 4 now.
    await page.getByRole('radio', { name: 'Side by side' }).check();
    await expect
      .poll(() => amended.locator('.redline-side-number').allTextContents(), UNTIL)
      .toEqual(['5.', '4.']);
    expect(
      await page.locator('.redline-block.change-deleted .redline-side-number').allTextContents(),
    ).toEqual(['4.']);
    // The cover note and the conclusions are each numbered from 1: the changes are named in the Annex.
    expect(await page.locator('.redline-part').allTextContents()).toEqual(['Annex']);
    expect(errors).toEqual([]);
  });
});

describe('corrigenda', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('tells a room whose event stream came back too late to replay what it missed of a corrigendum made meanwhile', async () => {
    // A bus that has nothing to replay, as after a gap longer than it keeps events for.
    const events = new (class extends DocumentEventBus {
      override eventsSince() {
        return null;
      }
    })();
    const party = await setUpWorkingParty({ events });
    const issuing = await party.server.request(
      'POST',
      `/api/documents/${party.documentId}/revisions`,
      party.presidency.token,
      {},
    );
    expect(issuing.status).toBe(201);
    const network = await startNetworkCut(party.server.server.port);
    const germany = await openSignedInPage(browser(), network.url, party.germany.token);
    await openDraftingRoom(germany.page, party.documentId);
    await expect.poll(() => events.subscriberCount(party.documentId), UNTIL).toBe(1);
    network.cut();
    await expect.poll(() => events.subscriberCount(party.documentId), UNTIL).toBe(0);
    const made = await party.server.request('POST', '/api/documents', party.presidency.token, {
      number: '9916/1/17 REV 1 COR 1',
      from: party.documentId,
    });
    expect(made.status).toBe(201);
    network.restore();
    await germany.page
      .getByRole('region', { name: 'Item notes' })
      .getByText(/^9916\/1\/17 REV 1 is corrected by the corrigendum 9916\/1\/17 REV 1 COR 1, made on /)
      .waitFor(UNTIL);
  });

  it('tells a room of a corrigendum made after it read the document and before its event stream began', async () => {
    const party = await setUpWorkingParty();
    const issuing = await party.server.request(
      'POST',
      `/api/documents/${party.documentId}/revisions`,
      party.presidency.token,
      {},
    );
    expect(issuing.status).toBe(201);
    const germany = await openSignedInPage(browser(), party.server.url, party.germany.token);
    // The room's stream is held on its way out until the corrigendum is made: its first `ready` then
    // comes after a change the document the room read does not have.
    const streams: Route[] = [];
    const isStream = (url: URL) => url.pathname.endsWith('/events');
    await germany.page.route(isStream, (route) => {
      streams.push(route);
    });
    await openDraftingRoom(germany.page, party.documentId);
    await expect.poll(() => streams.length, UNTIL).toBeGreaterThan(0);
    const made = await party.server.request('POST', '/api/documents', party.presidency.token, {
      number: '9916/1/17 REV 1 COR 1',
      from: party.documentId,
    });
    expect(made.status).toBe(201);
    for (const route of streams) await route.continue();
    await germany.page.unroute(isStream);
    await germany.page
      .getByRole('region', { name: 'Item notes' })
      .getByText(/^9916\/1\/17 REV 1 is corrected by the corrigendum 9916\/1\/17 REV 1 COR 1, made on /)
      .waitFor(UNTIL);
    expect(germany.errors).toEqual([]);
  });

  it('lets the Secretariat start 9916/1/17 REV 1 COR 1 from the text as issued, tells the corrected text’s open room at once, and points to it when its number is typed again', async () => {
    const events = new DocumentEventBus();
    const party = await setUpWorkingParty({ events });
    const secretariat = await party.server.createUser('secretariat');
    const issuing = await party.server.request(
      'POST',
      `/api/documents/${party.documentId}/revisions`,
      party.presidency.token,
      {},
    );
    expect(issuing.status).toBe(201);
    const issued = (await (
      await party.server.request(
        'GET',
        `/api/documents/${party.documentId}/revisions/1`,
        party.presidency.token,
      )
    ).json()) as { blocks: { text: string }[] };
    // France types on in the text after REV 1: the corrigendum corrects what was issued, not that.
    const france = connectClient(party.server, party.documentId, party.france.token);
    await waitSynced(france);
    typeInto(france.doc, 0, ' TYPED AFTER REV 1');
    await expect.poll(async () => (await readLiveBlock(party, 0)).text, UNTIL).toContain('TYPED AFTER REV 1');
    // Germany has the text's room open in another browser, its event stream listening.
    const germany = await openSignedInPage(browser(), party.server.url, party.germany.token);
    await openDraftingRoom(germany.page, party.documentId);
    await expect.poll(() => events.subscriberCount(party.documentId), UNTIL).toBeGreaterThan(0);
    // Set on this page only: a reload would lose it.
    await germany.page.evaluate(() => {
      (window as { notReloaded?: boolean }).notReloaded = true;
    });

    const { page, errors } = await openHomePage(browser(), party.server.url, secretariat.token);
    await page.getByRole('button', { name: 'New document…' }).click();
    const form = page.getByRole('form', { name: 'New document' });
    await form.getByRole('radio', { name: 'a blank draft' }).check();
    await form.getByLabel('Number').fill('9916/1/17 REV 1 COR 1');
    const start = form.getByRole('checkbox', { name: 'Start from the text of 9916/1/17 REV 1 as issued' });
    expect(await start.isChecked()).toBe(true);
    // Dated today in Brussels unless the Secretariat writes another day, as a revision is.
    const dated = form.getByRole('textbox', { name: 'Dated' });
    expect(await dated.inputValue()).toBe(formatCouncilDate(Date.now()));
    await dated.fill('2017-06-14');
    await form.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/documents\/[^/]+$/, UNTIL);
    const headerDate = page.getByRole('region', { name: 'Document header' }).getByRole('textbox', {
      name: 'Date',
      exact: true,
    });
    await expect.poll(() => headerDate.inputValue(), UNTIL).toBe('14 June 2017');
    const corrigendumId = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1) as string);
    expect(corrigendumId).not.toBe(party.documentId);
    const blocks = page.locator('.council-body > [data-id]');
    await expect.poll(() => blocks.count(), UNTIL).toBe(issued.blocks.length);
    expect(await blocks.first().textContent()).toBe(issued.blocks[0]?.text);
    await page
      .getByText('This corrigendum started from the text of 9916/1/17 REV 1 as issued')
      .waitFor(UNTIL);
    await expect.poll(() => page.title(), UNTIL).toBe('Drafting — 9916/1/17 REV 1 COR 1 — Accord');
    // Germany's room says so without a reload, with the way to the corrigendum.
    const germanNotice = germany.page.getByRole('region', { name: 'Item notes' });
    await germanNotice
      .getByText(/^9916\/1\/17 REV 1 is corrected by the corrigendum 9916\/1\/17 REV 1 COR 1, made on /)
      .waitFor(UNTIL);
    expect(await germanNotice.getByRole('link', { name: 'Open the corrigendum' }).getAttribute('href')).toBe(
      `/documents/${encodeURIComponent(corrigendumId)}`,
    );
    expect(await germany.page.evaluate(() => (window as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(germany.errors).toEqual([]);

    // Its history opens with where it came from, the list says what it is.
    await page.goto(`/documents/${encodeURIComponent(corrigendumId)}/history`);
    const made = page.locator('.history-table tr[data-action="corrigendum.created"]');
    await made.getByText('made as the corrigendum 9916/1/17 REV 1 COR 1').waitFor(UNTIL);
    expect(await made.getByRole('link', { name: 'Open the corrected text' }).getAttribute('href')).toBe(
      `/documents/${encodeURIComponent(party.documentId)}`,
    );
    await page.goto('/');
    await page
      .locator('.document-list li', { has: page.locator(`a[href="/documents/${corrigendumId}"]`) })
      .getByText('Corrigendum of 9916/1/17 REV 1')
      .waitFor(UNTIL);
    // The corrected text names its corrigendum, in the list and in its room.
    await page
      .locator('.document-list li', { has: page.locator(`a[href="/documents/${party.documentId}"]`) })
      .getByText('Corrected by 9916/1/17 REV 1 COR 1')
      .waitFor(UNTIL);
    await page.goto(`/documents/${encodeURIComponent(party.documentId)}`);
    const notice = page.getByRole('region', { name: 'Item notes' });
    await notice
      .getByText(/^9916\/1\/17 REV 1 is corrected by the corrigendum 9916\/1\/17 REV 1 COR 1, made on /)
      .waitFor(UNTIL);
    expect(await notice.getByRole('link', { name: 'Open the corrigendum' }).getAttribute('href')).toBe(
      `/documents/${encodeURIComponent(corrigendumId)}`,
    );
    await page.goto('/');

    // The same number, written as the register writes it, is refused with a link to the corrigendum.
    await page.getByRole('button', { name: 'New document…' }).click();
    await form.getByRole('radio', { name: 'a blank draft' }).check();
    // A COR of the original, now at REV 1, is offered the original's text as issued, as its number says.
    await form.getByLabel('Number').fill('9916/17 COR 1');
    await form.getByRole('checkbox', { name: 'Start from the text of 9916/17 as issued' }).waitFor(UNTIL);
    await form.getByLabel('Number').fill('ST 9916 2017 REV 1 COR 1');
    await form.getByRole('checkbox', { name: 'Start from the text of 9916/1/17 REV 1 as issued' }).uncheck();
    await form.getByLabel('Title').fill('A second corrigendum');
    await form.getByRole('button', { name: 'Create' }).click();
    const refusal = form.getByRole('alert');
    await refusal.getByText('is already the number of').waitFor(UNTIL);
    await refusal.getByRole('link', { name: /^Open 9916\/1\/17 REV 1 COR 1 / }).click();
    await page.waitForURL(`**/documents/${encodeURIComponent(corrigendumId)}`, UNTIL);
    await page.locator('.council-body [data-id]').first().waitFor(UNTIL);
    // The browser logs the refused request; nothing else went wrong.
    expect(errors).toEqual([expect.stringContaining('status of 409 (Conflict)')]);
  });
});

describe('the document list', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('shows a document another user makes without a reload', async () => {
    const events = new DocumentEventBus();
    const party = await setUpWorkingParty({ events });
    const france = await openSignedInPage(browser(), party.server.url, party.france.token);
    // France's timers stand still: no timer reads the list again, only its stream can tell it.
    await france.page.clock.install();
    await france.page.clock.pauseAt(Date.now() + 1_000);
    await france.page.goto('/');
    const items = france.page.locator('.document-list li');
    await expect.poll(() => items.count(), UNTIL).toBe(1);
    await expect.poll(() => events.list.subscriberCount(DOCUMENT_LIST_CHANNEL), UNTIL).toBe(1);
    await france.page.evaluate(() => {
      (window as { notReloaded?: boolean }).notReloaded = true;
    });

    const { id } = await party.server.createDocument(party.presidency.token, {
      number: '7924/17',
      title: 'Draft Council conclusions on cyber resilience',
    });
    const made = items.filter({ has: france.page.locator(`a[href="/documents/${id}"]`) });
    await made.getByText('7924/17').waitFor(UNTIL);
    await made.getByText('Draft Council conclusions on cyber resilience').waitFor(UNTIL);
    expect(await items.count()).toBe(2);
    expect(await france.page.evaluate(() => (window as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(france.errors).toEqual([]);
  });

  it('shows a revision issued and a silence procedure started and cancelled by another user without a reload', async () => {
    const events = new DocumentEventBus();
    const party = await setUpWorkingParty({ events });
    const france = await openSignedInPage(browser(), party.server.url, party.france.token);
    // France's timers stand still: no timer reads the list again, only its stream can tell it.
    await france.page.clock.install();
    await france.page.clock.pauseAt(Date.now() + 1_000);
    await france.page.goto('/');
    const item = france.page
      .locator('.document-list li')
      .filter({ has: france.page.locator(`a[href="/documents/${party.documentId}"]`) });
    await item.getByText('9916/17').first().waitFor(UNTIL);
    await expect.poll(() => events.list.subscriberCount(DOCUMENT_LIST_CHANNEL), UNTIL).toBe(1);
    await france.page.evaluate(() => {
      (window as { notReloaded?: boolean }).notReloaded = true;
    });
    const presidency = (method: string, path: string, body: unknown, status: number) =>
      party.server
        .request(method, `/api/documents/${party.documentId}${path}`, party.presidency.token, body)
        .then(async (response) => expect(response.status, await response.text()).toBe(status));

    await presidency('POST', '/revisions', { note: 'Compromise' }, 201);
    await item.getByText('9916/1/17 REV 1 issued').waitFor(UNTIL);

    const until = new Date(Date.now() + 3 * 24 * 3_600_000).toISOString();
    await presidency('POST', '/silence', { until }, 201);
    const silence = item.locator('.document-silence');
    await silence.getByText('Silence procedure').waitFor(UNTIL);
    await presidency('POST', '/silence/cancel', { reason: 'Wrong deadline' }, 200);
    await silence.waitFor({ state: 'detached', ...UNTIL });

    expect(await france.page.evaluate(() => (window as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(france.errors).toEqual([]);
  });
});
