/**
 * An automated accessibility audit of every screen with axe-core, each as the user who works there
 * and in the state that shows most of it: the documents list, the drafting room with a paragraph's
 * panel open on a comment and another delegation's caret in the text (wide and on a phone), the
 * Presidency's board while a silence procedure runs, a delegate's board with its one-step agreement
 * to confirm, the redline of two revisions, the history, and the pages that ask someone to sign in.
 * The rules are WCAG 2.0, 2.1 and 2.2, levels A and AA, none left out (2.2 AA adds the 24×24 px target
 * size, which a phone's margin buttons missed); a failure lists each violation with the elements it was
 * found on.
 */
import { readFileSync } from 'node:fs';
import axe from 'axe-core';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, FIXTURE_PATH, onTeardown, teardown, typeInto, waitSynced } from '../server/harness';
import {
  BROWSER_TEST_TIMEOUT_MS,
  locateBlock,
  openDraftingRoom,
  openSignedInPage,
  placeCaretAtEnd,
  UNTIL,
} from './browser';
import {
  enterCommissionReservation,
  readLiveBlock,
  recordPosition,
  setUpWorkingParty,
  useChromium,
  type WorkingParty,
} from './web-server';

const WCAG_A_AND_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** How many of a violation's elements a failure names: enough to find them, few enough to read. */
const TARGETS_SHOWN = 4;

const PHONE = { width: 390, height: 844 } as const;

const GERMANY_COMMENT = 'Could "joint" be dropped here?';

/**
 * What every run leaves out, each for a finding that is none. The margin button of a reserved
 * paragraph shows its status as "R Reserved", the R a symbol as ✓ and ○ are for the other statuses;
 * axe-core takes that letter for a word the button's name lacks (label-content-name-mismatch), while
 * WCAG 2.5.3 does not ask for characters used as symbols in the name (Understanding 2.5.3, "symbolic
 * text characters"), and "R" read out before "reserved" would only be noise. Those buttons are audited
 * apart, by every other rule; the other margins, which the same code draws, by all.
 */
const EXCLUDED = ['.margin-button.status-reserved'];
const EXCLUDED_RULE = 'label-content-name-mismatch';

const browser = useChromium();
afterEach(teardown);

/**
 * Runs axe-core on the page as it stands and returns its violations in words, one line each: the rule,
 * its impact, what it asks for and the first elements found. `[]` is a page with none.
 */
async function auditPage(page: Page): Promise<string[]> {
  // Evaluated rather than added as a <script>: the app's Content-Security-Policy (script-src 'self')
  // refuses inline scripts, rightly, and the audit must see the page under the policy it ships with.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const violations = await page.evaluate(
    async ({ tags, exclude, rule }) => {
      const { axe: inPage } = window as unknown as { axe: typeof axe };
      const runOnly = { type: 'tag' as const, values: tags };
      const results = await inPage.run({ exclude }, { runOnly });
      const violations = [...results.violations];
      // The excluded elements, by every rule but the one they are excluded for (when there are any).
      if (exclude.some((selector) => document.querySelector(selector) !== null)) {
        const apart = await inPage.run(
          { include: exclude },
          { runOnly, rules: { [rule]: { enabled: false } } },
        );
        violations.push(...apart.violations);
      }
      return violations.map(({ id, impact, help, nodes }) => ({
        id,
        impact,
        help,
        targets: nodes.map((node) => node.target.join(' ')),
      }));
    },
    { tags: WCAG_A_AND_AA, exclude: EXCLUDED, rule: EXCLUDED_RULE },
  );
  // Beyond axe: a control both disabled and aria-disabled="false" tells assistive technology two things.
  const contradictions = await page.$$eval('[disabled][aria-disabled="false"]', (elements) =>
    elements.map((element) => `${element.tagName.toLowerCase()} "${element.textContent?.trim() ?? ''}"`),
  );
  return [
    ...contradictions.map((target) => `aria-disabled="false" on a disabled control — ${target}`),
    ...violations.map(
      ({ id, impact, help, targets }) =>
        `${id} (${impact ?? 'no impact'}): ${help} — ${targets.slice(0, TARGETS_SHOWN).join(', ')}` +
        (targets.length > TARGETS_SHOWN ? ` and ${targets.length - TARGETS_SHOWN} more` : ''),
    ),
  ];
}

/** Audits the page; a screen with violations fails the test, which goes on to audit the other screens. */
async function expectAccessible(page: Page, screen: string): Promise<void> {
  expect.soft(await auditPage(page), `axe-core violations on ${screen}`).toEqual([]);
}

/** A comment on a paragraph, for all to read, given through the API as `token`'s client would. */
async function addComment(party: WorkingParty, token: string, blockId: string, text: string): Promise<void> {
  const response = await party.server.request(
    'POST',
    `/api/documents/${party.documentId}/blocks/${blockId}/comments`,
    token,
    { body: text, visibility: 'all' },
  );
  if (response.status !== 201) throw new Error(`commenting failed: ${await response.text()}`);
}

/** Starts a silence procedure that runs past the end of the test. */
async function startSilence(party: WorkingParty): Promise<void> {
  const response = await party.server.request(
    'POST',
    `/api/documents/${party.documentId}/silence`,
    party.presidency.token,
    { until: new Date(Date.now() + 86_400_000).toISOString() },
  );
  if (response.status !== 201) throw new Error(`starting silence failed: ${await response.text()}`);
}

/**
 * The drafting room of `token`'s user once the margins have their statuses and Germany's caret shows,
 * with paragraph 1's panel open on Germany's comment: margins, presence, a remote caret and the panel.
 */
async function openRoomWithPanel(
  party: WorkingParty,
  token: string,
  viewport?: { readonly width: number; readonly height: number },
) {
  const first = await readLiveBlock(party, 0);
  const profile = await openSignedInPage(browser(), party.server.url, token, { viewport });
  const { page } = profile;
  await openDraftingRoom(page, party.documentId);
  // Germany's caret: France's too shows to the Presidency once France has clicked in the text.
  await page.locator('.council-body .remote-caret-label', { hasText: /^DE$/ }).waitFor();
  await page.locator(`.block-margin[data-block-id="${first.id}"] .status-pill`).waitFor();
  await page.locator('.silence-notice').waitFor();
  await page.locator(`.block-margin[data-block-id="${first.id}"] button`).click();
  const panel = page.locator('#block-panel');
  await panel.locator('.comment-body', { hasText: GERMANY_COMMENT }).waitFor();
  return profile;
}

describe('an axe-core audit of every screen', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('finds no violation on the documents list or the pages that ask someone to sign in', async () => {
    const party = await setUpWorkingParty();
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    await fr.page.goto('/');
    await fr.page.locator('.document-list li').first().waitFor();
    await expectAccessible(fr.page, 'the documents list');

    // The Presidency's list offers a new document too: its form, opened.
    const presidency = await openSignedInPage(browser(), party.server.url, party.presidency.token);
    await presidency.page.goto('/');
    await presidency.page.locator('.document-list li').first().waitFor();
    await presidency.page.getByRole('button', { name: 'New document…' }).click();
    const form = presidency.page.getByRole('form', { name: 'New document' });
    await form.waitFor();
    await expectAccessible(presidency.page, "the Presidency's documents list with a new document's form");
    // A corrigendum's number typed: the form offers to start from the text it corrects.
    await form.getByRole('radio', { name: 'a blank draft' }).check();
    await form.getByLabel('Number').fill('9916/17 COR 1');
    await form.getByRole('checkbox', { name: 'Start from the text of 9916/17 as issued' }).waitFor();
    await expectAccessible(presidency.page, "the new document's form offering to start a corrigendum");

    // Signed out, every screen asks for the login link.
    const signedOut = await browser().newContext({ baseURL: party.server.url });
    onTeardown(() => signedOut.close());
    const stranger = await signedOut.newPage();
    await stranger.goto(`/documents/${party.documentId}`);
    await stranger.getByRole('heading', { name: 'Sign in' }).waitFor();
    await expectAccessible(stranger, 'the sign-in notice');

    // A login link for someone else asks before it signs this browser in as them.
    await fr.page.goto(`/login?token=${encodeURIComponent(party.germany.token)}`);
    await fr.page.getByRole('heading', { name: /^Sign in to Accord as/ }).waitFor();
    await expectAccessible(fr.page, 'the sign-in confirmation');

    expect([...fr.errors, ...presidency.errors]).toEqual([]);
  });

  it('finds no violation in the drafting room with a paragraph open on a comment, wide or on a phone', async () => {
    const party = await setUpWorkingParty();
    // Paragraph 3 with a passage in square brackets, positions on paragraphs 1 and 2, a comment on
    // paragraph 1 and a silence procedure running: every kind of note the margin and panel show.
    const bracketed = readFileSync(FIXTURE_PATH, 'utf8').replace(
      'further streamlined and improved',
      'further [streamlined and] improved',
    );
    const issued = await party.server.request(
      'POST',
      `/api/documents/${party.documentId}/revisions`,
      party.presidency.token,
      { markdown: bracketed },
    );
    expect(issued.status).toBe(201);
    const [first, second] = [await readLiveBlock(party, 0), await readLiveBlock(party, 1)];
    await recordPosition(party, party.germany.token, first.id, 'scrutiny_reservation');
    await recordPosition(party, party.france.token, first.id, 'agree');
    await recordPosition(party, party.france.token, second.id, 'agree');
    await addComment(party, party.germany.token, first.id, GERMANY_COMMENT);
    await startSilence(party);

    // Germany types at the end of paragraph 2, which makes France's position on it stale, and leaves
    // its caret there for the others to see.
    const de = await openSignedInPage(browser(), party.server.url, party.germany.token);
    await openDraftingRoom(de.page, party.documentId);
    await placeCaretAtEnd(de.page, locateBlock(de.page, second.id));
    await de.page.keyboard.type(' Noted.');
    await de.page.locator('.save-status[data-saved="true"]').waitFor();
    await expect.poll(async () => (await readLiveBlock(party, 1)).text, UNTIL).toContain('Noted.');

    const fr = await openRoomWithPanel(party, party.france.token);
    await fr.page.locator(`.block-margin[data-block-id="${second.id}"] .stale-count`).waitFor();
    await fr.page.locator('.block-margin .bracket-count').waitFor();
    await expectAccessible(fr.page, "France's drafting room with a panel open");

    // The Presidency and the Secretariat change the header in place.
    const presidency = await openRoomWithPanel(party, party.presidency.token);
    await expectAccessible(presidency.page, "the Presidency's drafting room with a panel open");

    const phone = await openRoomWithPanel(party, party.france.token, PHONE);
    await expectAccessible(phone.page, 'the drafting room with a panel open on a phone');
    // There the positions' rows are folded behind a disclosure button.
    const disclosure = phone.page.getByRole('button', { name: "Each Member State's position" });
    await disclosure.click();
    await expect.poll(() => disclosure.getAttribute('aria-expanded'), UNTIL).toBe('true');
    await expectAccessible(phone.page, "the panel on a phone with the Member States' positions unfolded");
    await phone.page.keyboard.press('Escape');
    await phone.page.locator('#block-panel').waitFor({ state: 'detached' });
    await expectAccessible(phone.page, 'the drafting room on a phone');

    expect([...de.errors, ...fr.errors, ...presidency.errors, ...phone.errors]).toEqual([]);
  });

  it("finds no violation on the Presidency's consensus board while a silence procedure runs", async () => {
    const party = await setUpWorkingParty();
    const second = await readLiveBlock(party, 1);
    await recordPosition(party, party.france.token, second.id, 'agree');
    await recordPosition(
      party,
      party.germany.token,
      second.id,
      'scrutiny_reservation',
      'Awaiting instructions from Berlin.',
    );
    await startSilence(party);
    // Germany edits the annex's paragraph 2 under the procedure: its row says it is out of it.
    const edited = await readLiveBlock(party, 8);
    const client = connectClient(party.server, party.documentId, party.germany.token);
    await waitSynced(client);
    typeInto(client.doc, 8, ' Edited.');

    const presidency = await openSignedInPage(browser(), party.server.url, party.presidency.token);
    const { page } = presidency;
    await page.goto(`/documents/${party.documentId}/consensus`);
    await page.locator(`.board-table [role="row"][data-block-id="${second.id}"] .status-pill`).waitFor();
    const silence = page.getByRole('region', { name: 'Silence procedure' });
    await expect.poll(() => silence.locator('.silence-state').textContent(), UNTIL).toContain('left');
    await page.locator(`.board-table [role="row"][data-block-id="${edited.id}"] .outside-silence`).waitFor();
    await expectAccessible(page, 'the consensus board');
    // Germany's note, opened from its mark.
    await page.getByRole('button', { name: "DE's note" }).click();
    await page.locator('.note-popover:popover-open').waitFor();
    await expectAccessible(page, "the consensus board with a position's note open");
    await page.keyboard.press('Escape');
    // Its forms, opened.
    await silence.getByRole('button', { name: 'Cancel procedure…' }).click();
    await page.getByRole('form', { name: 'Cancel the silence procedure' }).waitFor();
    await page.getByRole('button', { name: 'Issue revision…' }).click();
    await page.getByRole('button', { name: 'Forward as I/A item note…' }).click();
    await page.locator('.issue-revision form').waitFor();
    await expectAccessible(page, 'the consensus board with its forms open');
    expect(presidency.errors).toEqual([]);
  });

  it("finds no violation on a delegate's consensus board, its own controls open", async () => {
    const party = await setUpWorkingParty();
    const second = await readLiveBlock(party, 1);
    await recordPosition(party, party.france.token, second.id, 'reservation');
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    const { page } = fr;
    await page.goto(`/documents/${party.documentId}/consensus`);
    await page.locator(`.board-table [role="row"][data-block-id="${second.id}"] .status-pill`).waitFor();
    await page.getByRole('button', { name: /^Agree to the \d+ paragraphs FR has not spoken on…$/ }).click();
    await page.getByRole('form', { name: /^Agree for FR to the/ }).waitFor();
    await expectAccessible(page, "a delegate's consensus board with the agreement to confirm");
    expect(fr.errors).toEqual([]);
  });

  it('finds no violation on the redline of two revisions, wide or on a phone, or on the history', async () => {
    const party = await setUpWorkingParty();
    // REV 1 is the text as created; REV 2, uploaded, words paragraph 3 otherwise: the redline between
    // them has an insertion and a deletion.
    const issue = (body: Record<string, string>) =>
      party.server.request(
        'POST',
        `/api/documents/${party.documentId}/revisions`,
        party.presidency.token,
        body,
      );
    expect((await issue({})).status).toBe(201);
    const reworded = readFileSync(FIXTURE_PATH, 'utf8').replace(
      'further streamlined and improved',
      'shortened',
    );
    expect((await issue({ markdown: reworded })).status).toBe(201);

    const archivist = await openSignedInPage(browser(), party.server.url, party.archivist.token);
    const { page } = archivist;
    await page.goto(`/documents/${party.documentId}/revisions`);
    await page.getByRole('combobox', { name: 'From' }).selectOption({ label: '9916/1/17 REV 1' });
    await page.getByRole('combobox', { name: 'To' }).selectOption({ label: '9916/2/17 REV 2' });
    const redline = page.getByRole('article', { name: 'Redline of 9916/2/17 REV 2 against 9916/1/17 REV 1' });
    await expect
      .poll(() => redline.locator('ins').allTextContents(), UNTIL)
      .toEqual([expect.stringContaining('shortened')]);
    await expect
      .poll(() => redline.locator('del').allTextContents(), UNTIL)
      .toEqual([expect.stringContaining('streamlined')]);
    await expectAccessible(page, 'the revisions screen with an inline redline');
    await page.getByRole('radio', { name: 'Side by side' }).check();
    await redline.locator('.redline-pair').first().waitFor();
    await expectAccessible(page, 'the revisions screen with a redline side by side');
    // On a phone each revision is a card, its links in reach of a finger.
    const wide = page.viewportSize();
    await page.setViewportSize(PHONE);
    await expect
      .poll(() =>
        page
          .locator('.revision-table tbody tr')
          .first()
          .evaluate((row) => getComputedStyle(row).display),
      )
      .toBe('flex');
    await expectAccessible(page, 'the revisions screen on a phone');
    if (wide !== null) await page.setViewportSize(wide);

    await page.getByRole('link', { name: 'History' }).click();
    await page.locator('.history-table tbody tr').first().waitFor();
    await expectAccessible(page, 'the history');

    expect(archivist.errors).toEqual([]);
  });
});

describe('what a screen reader is told as others speak', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it("announces to FR, its paragraph's panel open, the position DE records, changes and withdraws there and DE's comment and reply, and not FR's own", async () => {
    const party = await setUpWorkingParty();
    const first = await readLiveBlock(party, 0);
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    const { page } = fr;
    await openDraftingRoom(page, party.documentId);
    await page.locator(`.block-margin[data-block-id="${first.id}"] button`).click();
    const panel = page.getByRole('complementary', { name: 'Cover note, point 1', exact: true });
    await panel.waitFor();
    // What the panel's live regions say, all of them: the last thing each was given.
    const announced = () => panel.locator('[role="status"], [role="log"]').allTextContents();

    // FR's own comment is announced as added, by the form, once; not again as arriving.
    await panel.getByLabel('Comment', { exact: true }).fill('FR would keep "joint".');
    await panel.getByRole('button', { name: 'Add comment' }).click();
    await expect.poll(announced, UNTIL).toContain('Comment added.');

    await recordPosition(party, party.germany.token, first.id, 'scrutiny_reservation', 'Awaiting Berlin');
    await expect
      .poll(announced, UNTIL)
      .toContain('DE: scrutiny reservation, with the note "Awaiting Berlin".');
    await recordPosition(party, party.germany.token, first.id, 'agree');
    await expect.poll(announced, UNTIL).toContain('DE: agrees.');
    const withdrawn = await party.server.request(
      'DELETE',
      `/api/documents/${party.documentId}/blocks/${first.id}/position`,
      party.germany.token,
    );
    expect(withdrawn.status).toBe(200);
    await expect.poll(announced, UNTIL).toContain('DE: position withdrawn.');

    await addComment(party, party.germany.token, first.id, GERMANY_COMMENT);
    await expect.poll(announced, UNTIL).toContain(`Comment from DE: ${GERMANY_COMMENT}`);
    const [own] = (await (
      await party.server.request('GET', `/api/documents/${party.documentId}/comments`, party.germany.token)
    ).json()) as { id: string; body: string }[];
    const reply = await party.server.request(
      'POST',
      `/api/documents/${party.documentId}/blocks/${first.id}/comments`,
      party.germany.token,
      { body: 'DE would drop it.', visibility: 'all', replyTo: own?.id },
    );
    expect(reply.status).toBe(201);
    await expect.poll(announced, UNTIL).toContain('Reply from DE: DE would drop it.');

    // FR's own position is announced by its form alone.
    await panel.getByRole('button', { name: 'Agree', exact: true }).click();
    await expect.poll(announced, UNTIL).toContain("France's position recorded: agrees.");
    await panel.locator('.position-list li', { hasText: /^FR/ }).getByText('agrees').waitFor();
    expect(await announced()).not.toContain('FR: agrees.');
    expect(fr.errors).toEqual([]);
  });

  it("tells DE in the room what FR does on any paragraph, a burst as one message, but neither DE's own doing nor what DE's open panel tells", async () => {
    const party = await setUpWorkingParty();
    const doc = await party.server.readDocument(party.france.token, party.documentId);
    const [first, second, third] = doc.blocks;
    if (!first || !second || !third) throw new Error('the fixture has too few blocks');
    const de = await openSignedInPage(browser(), party.server.url, party.germany.token);
    await openDraftingRoom(de.page, party.documentId);
    await de.page.locator(`.block-margin[data-block-id="${second.id}"] .status-pill`).waitFor();
    const room = de.page.getByRole('log', { name: "Others' positions and comments" });
    // Every message the room's log holds, oldest first.
    const told = () => room.locator('p').allTextContents();

    // QA: with no panel open, DE's screen reader said nothing as FR entered a reservation and commented.
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    await openDraftingRoom(fr.page, party.documentId);
    await fr.page.locator(`.block-margin[data-block-id="${second.id}"] button`).click();
    const frPanel = fr.page.getByRole('complementary', { name: 'Cover note, point 2', exact: true });
    await frPanel.getByRole('button', { name: 'Reservation', exact: true }).click();
    await expect.poll(told, UNTIL).toEqual(['FR: reservation on cover note, point 2.']);
    await frPanel.getByLabel('Comment', { exact: true }).fill('FR would keep "joint".');
    await frPanel.getByRole('button', { name: 'Add comment' }).click();
    const frCommented = 'FR commented on cover note, point 2.';
    await expect.poll(told, UNTIL).toEqual(['FR: reservation on cover note, point 2.', frCommented]);

    // DE's panel on point 1 tells what FR does there, and the room does not tell it again; DE's own
    // position is told nowhere. FR's comment on point 3 comes after both, and is all the room says.
    await de.page.locator(`.block-margin[data-block-id="${first.id}"] button`).click();
    const dePanel = de.page.getByRole('complementary', { name: 'Cover note, point 1', exact: true });
    await dePanel.waitFor();
    await recordPosition(party, party.germany.token, third.id, 'scrutiny_reservation');
    await recordPosition(party, party.france.token, first.id, 'agree');
    await expect.poll(() => dePanel.getByRole('log').textContent(), UNTIL).toBe('FR: agrees.');
    await addComment(party, party.france.token, third.id, 'Why a scrutiny reservation here?');
    const frCommentedAgain = 'FR commented on cover note, point 3.';
    await expect
      .poll(told, UNTIL)
      .toEqual(['FR: reservation on cover note, point 2.', frCommented, frCommentedAgain]);

    // A burst: FR agrees to ten paragraphs at once, as "Agree to the paragraphs FR has not spoken on" does.
    await de.page.keyboard.press('Escape');
    await dePanel.waitFor({ state: 'detached' });
    const ten = doc.blocks.filter((block) => block.text.trim() !== '').slice(-10);
    const agreed = await party.server.request(
      'PUT',
      `/api/documents/${party.documentId}/positions`,
      party.france.token,
      {
        positions: ten.map((block) => ({ blockId: block.id, position: 'agree' })),
      },
    );
    expect(agreed.status).toBe(200);
    await expect
      .poll(told, UNTIL)
      .toEqual([
        'FR: reservation on cover note, point 2.',
        frCommented,
        frCommentedAgain,
        '10 positions from FR, on 10 paragraphs.',
      ]);
    expect([...de.errors, ...fr.errors]).toEqual([]);
  });

  it("tells DE, in the room and in the paragraph's panel, the reservation the Commission enters and withdraws, and the Commission's users neither", async () => {
    const party = await setUpWorkingParty();
    const second = await readLiveBlock(party, 1);
    const commissionUser = await party.server.createUser('observer', 'COM');
    const de = await openSignedInPage(browser(), party.server.url, party.germany.token);
    await openDraftingRoom(de.page, party.documentId);
    await de.page.locator(`.block-margin[data-block-id="${second.id}"] .status-pill`).waitFor();
    const room = de.page.getByRole('log', { name: "Others' positions and comments" });
    const told = () => room.locator('p').allTextContents();

    // QA: DE heard FR's reservation entered, but nothing of the Commission's.
    const com = await openSignedInPage(browser(), party.server.url, commissionUser.token);
    await openDraftingRoom(com.page, party.documentId);
    await com.page.locator(`.block-margin[data-block-id="${second.id}"] button`).click();
    const comPanel = com.page.getByRole('complementary', { name: 'Cover note, point 2', exact: true });
    const form = comPanel.getByRole('region', { name: "The Commission's reservation" });
    await form.getByLabel('Reservation').selectOption({ label: 'scrutiny reservation' });
    await form.getByRole('button', { name: 'Enter the reservation' }).click();
    const entered = 'Commission: scrutiny reservation on cover note, point 2.';
    await expect.poll(told, UNTIL).toEqual([entered]);
    // The Commission's own doing is said by its form alone, not again by its panel's log.
    await expect
      .poll(() => comPanel.locator('.position-footnote q').textContent(), UNTIL)
      .toBe('COM: scrutiny reservation.');
    expect(await comPanel.getByRole('status').textContent()).toBe(
      "The Commission's reservation entered: scrutiny reservation.",
    );
    expect(await comPanel.getByRole('log').textContent()).toBe('');

    // With the paragraph's panel open, DE hears the withdrawal there, and the room does not say it again:
    // the reservation entered next on point 3 is all the room says.
    await de.page.locator(`.block-margin[data-block-id="${second.id}"] button`).click();
    const dePanel = de.page.getByRole('complementary', { name: 'Cover note, point 2', exact: true });
    await dePanel.waitFor();
    await form.getByRole('button', { name: "Withdraw the Commission's reservation" }).click();
    await expect
      .poll(() => dePanel.getByRole('log').textContent(), UNTIL)
      .toBe('Commission: reservation withdrawn.');
    const third = await readLiveBlock(party, 2);
    await enterCommissionReservation(party, commissionUser.token, third.id, 'reservation');
    await expect.poll(told, UNTIL).toEqual([entered, 'Commission: reservation on cover note, point 3.']);
    expect([...de.errors, ...com.errors]).toEqual([]);
  });
});
