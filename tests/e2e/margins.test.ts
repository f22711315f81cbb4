/**
 * Comments and presence in the drafting room as several people see them at once: what a paragraph's
 * margin, the list of comments on deleted paragraphs and the presence list show, live.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { teardown } from '../server/harness';
import {
  BROWSER_TEST_TIMEOUT_MS,
  locateBlock,
  openDraftingRoom,
  openSignedInPage,
  placeCaretAtStart,
  readBlockText,
  UNTIL,
} from './browser';
import { readLiveBlock, setUpWorkingParty, useChromium, type WorkingParty } from './web-server';

const browser = useChromium();
afterEach(teardown);

/** The comments as DE's delegates read them through the API. */
async function listCommentsAsGermany(party: WorkingParty) {
  const listed = await party.server.request(
    'GET',
    `/api/documents/${party.documentId}/comments`,
    party.germany.token,
  );
  return (await listed.json()) as {
    id: string;
    body: string;
    replyTo: string | null;
    resolved: boolean;
    orphaned: boolean;
  }[];
}

describe('comments on a paragraph that goes', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('lists its comments as on a deleted paragraph at once when DE joins it onto the one before, keeps what FR was typing in its panel, and puts all back when DE undoes', async () => {
    const party = await setUpWorkingParty();
    const [before, joined] = await Promise.all([2, 3].map((index) => readLiveBlock(party, index)));
    if (!before || !joined) throw new Error('the fixture has paragraphs 3 and 4');
    const commentPath = `/api/documents/${party.documentId}/blocks/${joined.id}/comments`;
    await party.server.request('POST', commentPath, party.germany.token, {
      body: 'Why "final text"?',
      visibility: 'all',
    });
    await party.server.request('POST', commentPath, party.france.token, {
      body: 'Paris wants this paragraph gone.',
      visibility: 'delegation',
    });

    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    const de = await openSignedInPage(browser(), party.server.url, party.germany.token);
    await Promise.all([
      openDraftingRoom(fr.page, party.documentId),
      openDraftingRoom(de.page, party.documentId),
    ]);
    const marginOf = (page: typeof fr.page) =>
      page.locator(`.block-margin[data-block-id="${joined.id}"] button`);
    await expect.poll(() => marginOf(fr.page).getAttribute('aria-label'), UNTIL).toContain('2 comments');
    await expect.poll(() => marginOf(de.page).getAttribute('aria-label'), UNTIL).toContain('1 comment');
    // FR opens the paragraph's panel and starts a comment.
    await marginOf(fr.page).click();
    const panel = fr.page.locator('#block-panel');
    const draft = 'Could we keep the second sentence?';
    // Named by its label and what it holds ("Comment Could we…").
    const box = panel.getByRole('textbox', { name: /^Comment/ });
    await box.fill(draft);
    await panel.getByRole('region', { name: 'Positions' }).waitFor(UNTIL);

    // DE joins paragraph 4 onto paragraph 3: its comments are on a paragraph that is no more.
    await placeCaretAtStart(de.page, locateBlock(de.page, joined.id));
    await de.page.keyboard.press('Backspace');
    await expect
      .poll(() => readBlockText(locateBlock(fr.page, before.id)), UNTIL)
      .toBe(before.text + joined.text);
    const orphans = (page: typeof fr.page) =>
      page.getByRole('region', { name: 'Comments on deleted paragraphs' });
    await orphans(fr.page).getByText('Why "final text"?').waitFor(UNTIL);
    await orphans(fr.page).getByText('Paris wants this paragraph gone.').waitFor(UNTIL);
    await orphans(de.page).getByText('Why "final text"?').waitFor(UNTIL);
    expect(await orphans(de.page).getByText('Paris wants this paragraph gone.').count()).toBe(0);
    // FR's panel stays, says why nothing can be added, and keeps what FR typed.
    await panel.getByRole('alert').getByText('This paragraph was deleted from the text.').waitFor(UNTIL);
    expect(await panel.getByRole('heading', { level: 2 }).textContent()).toBe(
      'Cover note, point 4 (deleted)',
    );
    expect(await box.inputValue()).toBe(draft);
    expect(await panel.getByRole('button', { name: 'Add comment' }).count()).toBe(0);
    expect(await panel.getByRole('region', { name: 'Positions' }).count()).toBe(0);

    // Undone, the paragraph is back with its id: so are its comments, in its margin and nowhere else.
    await de.page.keyboard.press('Control+z');
    for (const { page } of [fr, de]) {
      await expect.poll(() => orphans(page).count(), UNTIL).toBe(0);
    }
    await expect.poll(() => marginOf(fr.page).getAttribute('aria-label'), UNTIL).toContain('2 comments');
    await expect.poll(() => marginOf(de.page).getAttribute('aria-label'), UNTIL).toContain('1 comment');
    // The panel is the paragraph's again, the comment FR typed ready to add.
    await expect.poll(() => panel.getByRole('alert').count(), UNTIL).toBe(0);
    expect(await box.inputValue()).toBe(draft);
    await panel.getByRole('button', { name: 'Add comment' }).click();
    await expect.poll(() => marginOf(fr.page).getAttribute('aria-label'), UNTIL).toContain('3 comments');
    expect([...fr.errors, ...de.errors]).toEqual([]);
  });
});

/** DE's question and FR's own comment on the paragraph the test then deletes (the fixture's fourth). */
async function commentOnParagraphToDelete(party: WorkingParty) {
  const gone = await readLiveBlock(party, 3);
  const commentPath = `/api/documents/${party.documentId}/blocks/${gone.id}/comments`;
  for (const [token, body] of [
    [party.germany.token, 'Why "final text"?'],
    [party.france.token, 'Paris wants this paragraph gone.'],
  ] as const) {
    const added = await party.server.request('POST', commentPath, token, { body, visibility: 'all' });
    expect(added.status).toBe(201);
  }
  return gone;
}

describe('comments on a deleted paragraph', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('lets FR answer and resolve them from the list of comments on deleted paragraphs, as in a panel', async () => {
    const party = await setUpWorkingParty();
    const gone = await commentOnParagraphToDelete(party);
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    await openDraftingRoom(fr.page, party.documentId);
    // FR joins the paragraph onto the one before: its comments are on a paragraph that is no more.
    await placeCaretAtStart(fr.page, locateBlock(fr.page, gone.id));
    await fr.page.keyboard.press('Backspace');
    const orphans = fr.page.getByRole('region', { name: 'Comments on deleted paragraphs' });
    await orphans.getByText('Why "final text"?').waitFor(UNTIL);

    // The list offers no new comment on the deleted paragraph, only a reply to one of its comments.
    expect(await orphans.getByRole('button', { name: 'Add comment' }).count()).toBe(0);
    await orphans.getByRole('button', { name: 'Reply to DE: Why "final text"?' }).click();
    await orphans.getByLabel('Reply', { exact: true }).fill('Because it is agreed.');
    await orphans.getByRole('button', { name: 'Add reply' }).click();
    await orphans.getByRole('list', { name: 'Replies' }).getByText('Because it is agreed.').waitFor(UNTIL);
    expect(await orphans.getByRole('alert').count()).toBe(0);

    // FR resolves its own comment there; DE's stays open.
    const own = orphans.locator('.comment-list > li', { hasText: 'Paris wants this paragraph gone.' });
    await own.getByRole('button', { name: 'Resolve', exact: true }).click();
    await expect.poll(() => own.getAttribute('class'), UNTIL).toBe('resolved');

    const comments = await listCommentsAsGermany(party);
    const why = comments.find((c) => c.body === 'Why "final text"?');
    expect(comments.map(({ body, resolved, orphaned }) => ({ body, resolved, orphaned }))).toEqual([
      { body: 'Why "final text"?', resolved: false, orphaned: true },
      { body: 'Paris wants this paragraph gone.', resolved: true, orphaned: true },
      { body: 'Because it is agreed.', resolved: false, orphaned: true },
    ]);
    expect(comments[2]?.replyTo).toBe(why?.id);
    expect(fr.errors).toEqual([]);
  });
});

describe('a panel left open on a paragraph that is deleted', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('lets FR answer and resolve its comments there, as in the list of comments on deleted paragraphs, the comment FR was typing kept apart', async () => {
    const party = await setUpWorkingParty();
    const gone = await commentOnParagraphToDelete(party);
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    await openDraftingRoom(fr.page, party.documentId);
    const margin = fr.page.locator(`.block-margin[data-block-id="${gone.id}"] button`);
    await expect.poll(() => margin.getAttribute('aria-label'), UNTIL).toContain('2 comments');
    await margin.click();
    const panel = fr.page.locator('#block-panel');
    await panel.getByText('Why "final text"?').waitFor(UNTIL);
    // FR starts a comment of its own on the paragraph.
    const draft = 'Could we keep the second sentence?';
    const commentBox = panel.getByRole('textbox', { name: /^Comment/ });
    await commentBox.fill(draft);

    // FR joins the paragraph onto the one before, its panel still open.
    await placeCaretAtStart(fr.page, locateBlock(fr.page, gone.id));
    await fr.page.keyboard.press('Backspace');
    await panel.getByRole('alert').getByText('This paragraph was deleted from the text.').waitFor(UNTIL);
    // No new comment goes out on the paragraph the text no longer has: the one typed is kept, unsent.
    expect(await commentBox.inputValue()).toBe(draft);
    expect(await panel.getByRole('button', { name: 'Add comment' }).count()).toBe(0);

    // The panel answers the thread as the list below the draft does, in a box of the reply's own.
    await panel.getByRole('button', { name: 'Reply to DE: Why "final text"?' }).click();
    const replyBox = panel.getByRole('textbox', { name: /^Reply/ });
    expect(await replyBox.inputValue()).toBe('');
    await expect.poll(() => replyBox.evaluate((box) => box === document.activeElement), UNTIL).toBe(true);
    await replyBox.fill('Because it is agreed.');
    const add = panel.getByRole('button', { name: 'Add reply' });
    expect(await add.isDisabled()).toBe(false);
    await add.click();
    await panel.getByRole('list', { name: 'Replies' }).getByText('Because it is agreed.').waitFor(UNTIL);
    const orphans = fr.page.getByRole('region', { name: 'Comments on deleted paragraphs' });
    await orphans.getByRole('list', { name: 'Replies' }).getByText('Because it is agreed.').waitFor(UNTIL);
    // The reply's box goes with it, focus staying in the panel; the comment FR was typing stays.
    await expect.poll(() => replyBox.count(), UNTIL).toBe(0);
    expect(await panel.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    expect(await commentBox.inputValue()).toBe(draft);

    // FR resolves its own comment from the panel.
    const own = panel.locator('.comment-list > li', { hasText: 'Paris wants this paragraph gone.' });
    await own.getByRole('button', { name: 'Resolve', exact: true }).click();
    await expect.poll(() => own.getAttribute('class'), UNTIL).toBe('resolved');

    const comments = await listCommentsAsGermany(party);
    expect(comments.map(({ body, resolved, orphaned }) => ({ body, resolved, orphaned }))).toEqual([
      { body: 'Why "final text"?', resolved: false, orphaned: true },
      { body: 'Paris wants this paragraph gone.', resolved: true, orphaned: true },
      { body: 'Because it is agreed.', resolved: false, orphaned: true },
    ]);
    expect(comments[2]?.replyTo).toBe(comments[0]?.id);
    expect(fr.errors).toEqual([]);
  });
});

describe('a reply on a paragraph of the text', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('opens an empty box of its own, not holding a reply begun to another comment, and gives back the comment FR was typing when it is cancelled or sent', async () => {
    const party = await setUpWorkingParty();
    const block = await readLiveBlock(party, 3);
    const added = await party.server.request(
      'POST',
      `/api/documents/${party.documentId}/blocks/${block.id}/comments`,
      party.germany.token,
      { body: 'Why "final text"?', visibility: 'all' },
    );
    expect(added.status).toBe(201);
    const own = await party.server.request(
      'POST',
      `/api/documents/${party.documentId}/blocks/${block.id}/comments`,
      party.france.token,
      { body: 'Paris would rather keep it.', visibility: 'all' },
    );
    expect(own.status).toBe(201);
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    await openDraftingRoom(fr.page, party.documentId);
    const margin = fr.page.locator(`.block-margin[data-block-id="${block.id}"] button`);
    await expect.poll(() => margin.getAttribute('aria-label'), UNTIL).toContain('2 comments');
    await margin.click();
    const panel = fr.page.locator('#block-panel');
    const draft = 'Could we keep the second sentence?';
    const commentBox = panel.getByRole('textbox', { name: /^Comment/ });
    await commentBox.fill(draft);

    // Reply asks for the reply's own text: the box is empty, and Cancel reply brings the comment back.
    const reply = panel.getByRole('button', { name: 'Reply to DE: Why "final text"?' });
    await reply.click();
    const replyBox = panel.getByRole('textbox', { name: /^Reply/ });
    expect(await replyBox.inputValue()).toBe('');
    await replyBox.fill('Because it is agreed.');
    await panel.getByRole('button', { name: 'Cancel reply' }).click();
    await expect.poll(() => commentBox.inputValue(), UNTIL).toBe(draft);

    // A reply begun for another comment is not this one's: FR answers its own, then DE's afresh.
    await panel.getByRole('button', { name: 'Reply to FR: Paris would rather keep it.' }).click();
    await replyBox.fill('Noted.');
    await reply.click();
    await expect.poll(() => replyBox.inputValue(), UNTIL).toBe('');

    // Sent, the reply goes alone; the comment is back in the box, not sent.
    await replyBox.fill('Because it is agreed.');
    await panel.getByRole('button', { name: 'Add reply' }).click();
    await panel.getByRole('list', { name: 'Replies' }).getByText('Because it is agreed.').waitFor(UNTIL);
    await expect.poll(() => commentBox.inputValue(), UNTIL).toBe(draft);
    const comments = await listCommentsAsGermany(party);
    expect(comments.map(({ body, replyTo }) => ({ body, replyTo }))).toEqual([
      { body: 'Why "final text"?', replyTo: null },
      { body: 'Paris would rather keep it.', replyTo: null },
      { body: 'Because it is agreed.', replyTo: comments[0]?.id },
    ]);
    expect(fr.errors).toEqual([]);
  });
});

describe('presence', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('does not list FR as someone else in the room to FR, in a second tab, while DE sees FR once', async () => {
    const party = await setUpWorkingParty();
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    const de = await openSignedInPage(browser(), party.server.url, party.germany.token);
    const secondTab = await fr.context.newPage();
    await Promise.all([
      openDraftingRoom(fr.page, party.documentId),
      openDraftingRoom(secondTab, party.documentId),
      openDraftingRoom(de.page, party.documentId),
    ]);
    // Each puts a caret in the text: once a page shows the others' carets, it has heard of them all.
    const blocks = await Promise.all([0, 1, 2].map((index) => readLiveBlock(party, index)));
    const pages = [fr.page, secondTab, de.page];
    for (const [index, page] of pages.entries()) {
      await placeCaretAtStart(page, locateBlock(page, (blocks[index] as { id: string }).id));
    }
    const carets = async (page: typeof fr.page) =>
      (await page.locator('.remote-caret-label').allTextContents()).sort();
    const labels = (page: typeof fr.page) => page.locator('.presence li .presence-label').allTextContents();
    await expect.poll(() => carets(de.page), UNTIL).toEqual(['FR', 'FR']);
    expect(await labels(de.page)).toEqual(['FR']);
    for (const page of [fr.page, secondTab]) {
      await expect.poll(() => carets(page), UNTIL).toEqual(['DE', 'FR']);
      expect(await labels(page)).toEqual(['DE']);
    }
    expect([...fr.errors, ...de.errors]).toEqual([]);
  });
});

describe('the margin beside an open paragraph panel', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('keeps the other paragraphs’ margin notes in sight, where DE’s new comment shows live', async () => {
    const party = await setUpWorkingParty();
    const [first, second] = await Promise.all([0, 1].map((index) => readLiveBlock(party, index)));
    if (!first || !second) throw new Error('the fixture has paragraphs 1 and 2');
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    await openDraftingRoom(fr.page, party.documentId);
    const marginOf = (id: string) => fr.page.locator(`.block-margin[data-block-id="${id}"] button`);

    // FR reads ¶ 1's panel; meanwhile DE comments on ¶ 2.
    await marginOf(first.id).click();
    const panel = fr.page.locator('#block-panel');
    await panel.getByRole('region', { name: 'Positions' }).waitFor(UNTIL);
    await party.server.request(
      'POST',
      `/api/documents/${party.documentId}/blocks/${second.id}/comments`,
      party.germany.token,
      { body: 'Berlin asks for "joint" to go.', visibility: 'all' },
    );

    await expect.poll(() => marginOf(second.id).getAttribute('aria-label'), UNTIL).toContain('1 comment');
    const note = await marginOf(second.id).boundingBox();
    const panelBox = await panel.boundingBox();
    if (!note || !panelBox) throw new Error('the margin note and the panel are on screen');
    // The whole note stands left of the panel, not under it.
    expect(note.x + note.width).toBeLessThanOrEqual(panelBox.x);
    expect(fr.errors).toEqual([]);
  });
});
