/**
 * The archivist's reading of a register entry's revisions: where a moved paragraph stood, insertions
 * marked on their words, each revision in the history linked to where it is read and compared, the
 * side-by-side redline on a phone, and a live text changed since its revision told from it.
 */
import type { Locator } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { teardown } from '../server/harness';
import {
  BROWSER_TEST_TIMEOUT_MS,
  openDraftingRoom,
  openSignedInPage,
  placeCaretAtEnd,
  UNTIL,
} from './browser';
import { startWebServer, useChromium } from './web-server';

const PHONE = { width: 390, height: 844 } as const;

const browser = useChromium();
afterEach(teardown);

const HEADER = ['**Brussels, 7 June 2017  ', '(OR. en)**', '', '**7923/17**', '', '---', ''];

/** A text of numbered paragraphs under the header of 7923/17. */
const textOf = (...paragraphs: string[]) =>
  [...HEADER, ...paragraphs.map((text, index) => `${index + 1}. ${text}`), ''].join('\n');

const NOTES = 'The Council notes the joint paper.';
const RECALLS = 'The EU recalls its strategy.';
const STRESSES = 'The EU stresses cooperation.';
const REVERTS = 'The Council will revert to the matter.';

/**
 * 7923/17, then REV 1: paragraph 1 moved to the end, words inserted into paragraph 2; then REV 2:
 * words added to the last-but-one paragraph.
 */
async function issueTwoRevisions() {
  const server = await startWebServer();
  const presidency = await server.createUser('presidency');
  const archivist = await server.createUser('archivist');
  const { id } = await server.createDocument(presidency.token, {
    markdown: textOf(NOTES, RECALLS, STRESSES, REVERTS),
  });
  const recallsMore = 'The EU recalls and further affirms its strategy.';
  for (const markdown of [
    textOf(recallsMore, STRESSES, REVERTS, NOTES),
    textOf(recallsMore, STRESSES, 'The Council will revert to the matter in June.', NOTES),
  ]) {
    const issued = await server.request('POST', `/api/documents/${id}/revisions`, presidency.token, {
      markdown,
    });
    if (issued.status !== 201) throw new Error(`issuing failed: ${await issued.text()}`);
  }
  return { server, archivist, documentId: id };
}

async function readBox(locator: Locator) {
  const box = await locator.boundingBox();
  if (!box) throw new Error('the element is not on the page');
  return box;
}

describe("the archivist's redline", { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('marks where a moved paragraph stood, naming where it went, and underlines inserted words alone', async () => {
    const { server, archivist, documentId } = await issueTwoRevisions();
    const { page, errors } = await openSignedInPage(browser(), server.url, archivist.token);
    await page.goto(`/documents/${documentId}/revisions`);
    await page.getByRole('combobox', { name: 'From' }).selectOption({ label: '7923/17' });
    await page.getByRole('combobox', { name: 'To' }).selectOption({ label: '7923/1/17 REV 1' });
    const redline = page.getByRole('article', { name: 'Redline of 7923/1/17 REV 1 against 7923/17' });
    await page.getByRole('checkbox', { name: 'Show unchanged paragraphs' }).check();
    // Paragraph 1 stood first; it is paragraph 4 now, saying where it came from.
    await expect
      .poll(() => redline.locator('.redline-block .change-label').allTextContents(), UNTIL)
      .toEqual(['Moved to paragraph 4', 'Modified', '', '', 'Moved from paragraph 1 of 7923/17']);
    expect(await redline.locator('.redline-block ins').allTextContents()).toEqual(['and further affirms']);
    // REV 1 is dated the day it was issued, not as the text it replaced.
    expect(
      await redline.getByRole('region', { name: 'Header changes' }).locator('del').allTextContents(),
    ).toEqual(['7 June 2017']);
    // Unchanged paragraphs hidden, the marker stays: it is a change.
    await page.getByRole('checkbox', { name: 'Show unchanged paragraphs' }).uncheck();
    await expect
      .poll(() => redline.locator('.redline-block .change-label').allTextContents(), UNTIL)
      .toEqual(['Moved to paragraph 4', 'Modified', 'Moved from paragraph 1 of 7923/17']);
    expect(errors).toEqual([]);
  });

  it('says plainly that a comparison going back runs back in time: in its summary, its name and its downloads', async () => {
    const { server, archivist, documentId } = await issueTwoRevisions();
    const { page, errors } = await openSignedInPage(browser(), server.url, archivist.token);
    await page.goto(`/documents/${documentId}/revisions`);
    await page.getByRole('combobox', { name: 'From' }).selectOption({ label: '7923/1/17 REV 1' });
    await page.getByRole('combobox', { name: 'To' }).selectOption({ label: '7923/17' });
    const going = ', a later version (going back)';
    const redline = page.getByRole('article', { name: `Redline of 7923/17 against 7923/1/17 REV 1${going}` });
    // What REV 1 inserted is struck through going back, and the summary says why.
    await expect
      .poll(() => redline.locator('.redline-block del').allTextContents(), UNTIL)
      .toContain('and further affirms');
    const summary = (await page.locator('.diff-summary').textContent()) ?? '';
    expect(summary).toMatch(/^7923\/17 compared with 7923\/1\/17 REV 1, a later version \(going back\): /);
    expect(summary).toContain(
      'Going back in time: what 7923/1/17 REV 1 added is shown deleted, and what it removed inserted.',
    );
    expect(
      await page
        .getByRole('link', { name: `Redline in Word: 7923/17 against 7923/1/17 REV 1${going}` })
        .count(),
    ).toBe(1);
    // Forward again, the summary names the pair as before and says nothing of going back.
    await page.getByRole('combobox', { name: 'From' }).selectOption({ label: '7923/17' });
    await page.getByRole('combobox', { name: 'To' }).selectOption({ label: '7923/1/17 REV 1' });
    await expect
      .poll(() => page.locator('.diff-summary').textContent(), UNTIL)
      .toMatch(/^7923\/1\/17 REV 1 compared with 7923\/17: /);
    expect(await page.locator('.diff-summary').textContent()).not.toContain('going back');
    expect(errors).toEqual([]);
  });

  it('links each revision in the history to where it is read as issued and compared with the one before', async () => {
    const { server, archivist, documentId } = await issueTwoRevisions();
    const { page, context, errors } = await openSignedInPage(browser(), server.url, archivist.token);
    await page.goto(`/documents/${documentId}/history`);
    const rev1 = page.locator('.history-table tr[data-action="revision.issued"]', {
      hasText: '7923/1/17 REV 1 issued',
    });
    await rev1.waitFor();

    const [issued] = await Promise.all([
      context.waitForEvent('page'),
      rev1.getByRole('link', { name: 'Read 7923/1/17 REV 1 (opens in a new tab)', exact: true }).click(),
    ]);
    await expect.poll(() => issued.locator('body').textContent(), UNTIL).toContain('7923/1/17 REV 1');
    expect(await issued.locator('body').textContent()).not.toContain('in June');
    await issued.close();

    // Not the screen's first pair (REV 2 against REV 1): REV 1 against the version before it.
    await rev1
      .getByRole('link', { name: 'Compare 7923/1/17 REV 1 with the version before', exact: true })
      .click();
    const redline = page.getByRole('article', { name: 'Redline of 7923/1/17 REV 1 against 7923/17' });
    await expect
      .poll(() => redline.locator('.redline-block ins').allTextContents(), UNTIL)
      .toEqual(['and further affirms']);
    expect(await page.getByRole('combobox', { name: 'From' }).inputValue()).toBe('0');
    expect(await page.getByRole('combobox', { name: 'To' }).inputValue()).toBe('1');
    expect(errors).toEqual([]);
  });

  it('stacks the side-by-side redline on a phone, each paragraph old above new, each side named, and its redline page too', async () => {
    const { server, archivist, documentId } = await issueTwoRevisions();
    const { page, context, errors } = await openSignedInPage(browser(), server.url, archivist.token, {
      viewport: PHONE,
    });
    await page.goto(`/documents/${documentId}/revisions`);
    const redline = page.getByRole('article', { name: 'Redline of 7923/2/17 REV 2 against 7923/1/17 REV 1' });
    await redline.locator('ins').first().waitFor();
    await page.getByRole('radio', { name: 'Side by side' }).check();
    const pair = redline.locator('.redline-pair').first();
    await pair.waitFor();
    const old = await readBox(pair.locator('.redline-old'));
    const current = await readBox(pair.locator('.redline-new'));
    expect(old.y + old.height).toBeLessThanOrEqual(current.y);
    // Each side as wide as the paragraph, not half of it.
    expect(Math.abs(old.width - current.width)).toBeLessThan(1);
    expect(current.width).toBeGreaterThan(PHONE.width * 0.6);
    expect(await pair.locator('.redline-side-version').allInnerTexts()).toEqual([
      '7923/1/17 REV 1',
      '7923/2/17 REV 2',
    ]);
    expect(await pair.locator('.redline-new ins').allTextContents()).toEqual(['in June']);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBe(0);

    // The redline page to keep is laid out as the screen shows it: side by side, stacked on the phone.
    const [redlinePage] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('link', { name: /^Redline page: / }).click(),
    ]);
    const row = redlinePage.locator('table.side-by-side tr.change-modified');
    await expect.poll(() => row.locator('td.new ins').allTextContents(), UNTIL).toEqual(['in June']);
    const oldCell = await readBox(row.locator('td.old'));
    const newCell = await readBox(row.locator('td.new'));
    expect(oldCell.y + oldCell.height).toBeLessThanOrEqual(newCell.y);
    expect(await redlinePage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBe(
      0,
    );
    expect(errors).toEqual([]);
  });

  it('says in the drafting room, as edits land and revisions are issued, when the live text is a working draft, and names its download so', async () => {
    const server = await startWebServer();
    const presidency = await server.createUser('presidency');
    const { id } = await server.createDocument(presidency.token, { markdown: textOf(NOTES, RECALLS) });
    const issue = async () => {
      const issued = await server.request('POST', `/api/documents/${id}/revisions`, presidency.token, {});
      if (issued.status !== 201) throw new Error(`issuing failed: ${await issued.text()}`);
    };
    await issue();
    const { page, errors } = await openSignedInPage(browser(), server.url, presidency.token);
    await openDraftingRoom(page, id);
    const header = page.getByRole('region', { name: 'Document header' });
    const draftLine = header.getByText(/^Working draft after /);
    const first = page.locator('.council-body > [data-id]').first();

    // An edit makes the live text a draft after REV 1; taking it back makes it REV 1 again.
    await placeCaretAtEnd(page, first);
    await page.keyboard.type(' Amended.');
    await expect
      .poll(() => draftLine.allTextContents(), UNTIL)
      .toEqual(['Working draft after 7923/1/17 REV 1, not issued']);
    for (const _ of ' Amended.') await page.keyboard.press('Backspace');
    await expect.poll(() => draftLine.count(), UNTIL).toBe(0);

    // Issued meanwhile, the edited text is REV 2: the line goes, and comes back after REV 2.
    await page.keyboard.type(' Amended.');
    await expect.poll(() => draftLine.count(), UNTIL).toBe(1);
    await expect
      .poll(async () => (await server.readDocument(presidency.token, id)).blocks[0]?.text, UNTIL)
      .toBe(`${NOTES} Amended.`);
    await issue();
    await expect.poll(() => draftLine.count(), UNTIL).toBe(0);
    await page.keyboard.type(' Again.');
    await expect
      .poll(() => draftLine.allTextContents(), UNTIL)
      .toEqual(['Working draft after 7923/2/17 REV 2, not issued']);

    // Its download is not named as REV 2 is.
    await expect
      .poll(async () => (await server.readDocument(presidency.token, id)).blocks[0]?.text, UNTIL)
      .toBe(`${NOTES} Amended. Again.`);
    await page.goto(`/documents/${id}/revisions`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Word document of the live text', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('ST-7923-2017-working-draft-after-REV-2-EN.docx');
    expect(errors).toEqual([]);
  });
});
