/**
 * The paragraph panel and the consensus board with the keyboard alone: after each action focus stays
 * on the control pressed or moves to the one that replaced it, never to <body>, where the next Tab
 * starts again from the top of the page and the panel's Escape was no longer heard.
 */
import type { Locator, Page } from 'playwright-core';
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
import {
  createServerClock,
  readLiveBlock,
  recordPosition,
  setUpWorkingParty,
  useChromium,
  type WorkingParty,
} from './web-server';

/** More than any control is away from the one before it in these screens: a Tab loop is a bug. */
const MAX_TAB_PRESSES = 80;

const browser = useChromium();
afterEach(teardown);

/** Whether the element is the page's focused element. */
function hasFocus(target: Locator): Promise<boolean> {
  return target.evaluate((element) => element === document.activeElement);
}

/** What has focus, in words for a failure message: "<body>", "<button> Agree". */
function describeFocus(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (element === null) return 'nothing';
    if (element === document.body) return '<body>';
    const name = element.getAttribute('aria-label') ?? element.textContent ?? '';
    return `<${element.tagName.toLowerCase()}> ${name.trim().slice(0, 80)}`.trim();
  });
}

/** Waits until focus is on `target`; fails naming where focus is instead. */
async function expectFocusOn(page: Page, target: Locator, what: string): Promise<void> {
  await target.waitFor();
  await expect
    .poll(
      async () => ((await hasFocus(target)) ? what : `not ${what} but ${await describeFocus(page)}`),
      UNTIL,
    )
    .toBe(what);
}

/** Presses Tab (or Shift+Tab) until `target` has focus, as a keyboard user moves to a control. */
async function tabTo(page: Page, target: Locator, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
  await target.waitFor();
  for (let presses = 0; presses < MAX_TAB_PRESSES; presses++) {
    if (await hasFocus(target)) return;
    await page.keyboard.press(key);
  }
  throw new Error(
    `${MAX_TAB_PRESSES} presses of ${key} never reached the control; at ${await describeFocus(page)}`,
  );
}

/**
 * Starts writing down, in describeFocus's words, every element that takes focus from now until the
 * page is loaded anew; the function returned reads the list. What a screen reader announced on the
 * way, not only where focus ended.
 */
async function recordFocus(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const record: string[] = [];
    Object.assign(window, { focusRecord: record });
    document.addEventListener('focusin', (event) => {
      if (!(event.target instanceof Element)) return;
      const name = event.target.getAttribute('aria-label') ?? event.target.textContent ?? '';
      record.push(`<${event.target.tagName.toLowerCase()}> ${name.trim().slice(0, 80)}`.trim());
    });
  });
  return () => page.evaluate(() => (window as unknown as { focusRecord: string[] }).focusRecord);
}

/**
 * The drafting room of `token`'s user with paragraph 1's panel opened from its margin with Enter, and
 * focus in the panel. The margin button is where a keyboard user opens the panel from; tabbing there
 * through the editor is not what is tested.
 */
async function openFirstPanel(party: WorkingParty, token: string) {
  const first = await readLiveBlock(party, 0);
  const profile = await openSignedInPage(browser(), party.server.url, token);
  const { page } = profile;
  await openDraftingRoom(page, party.documentId);
  const margin = page.locator(`.block-margin[data-block-id="${first.id}"] button`);
  await margin.focus();
  await page.keyboard.press('Enter');
  const panel = page.getByRole('complementary', { name: 'Cover note, point 1', exact: true });
  await expectFocusOn(page, panel, 'the panel');
  return { first, profile, page, margin, panel };
}

describe('the paragraph panel with the keyboard', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('keeps focus on the control pressed or the one that replaced it, and Escape closes the panel', async () => {
    const party = await setUpWorkingParty();
    const { profile: fr, page, margin, panel } = await openFirstPanel(party, party.france.token);
    const status = panel.getByRole('status');

    // Agree: the button stays focused while the request runs and after, and says it is pressed.
    const agree = panel.getByRole('button', { name: 'Agree', exact: true });
    await tabTo(page, agree);
    await page.keyboard.press('Space');
    await expect.poll(() => agree.getAttribute('aria-pressed'), UNTIL).toBe('true');
    await expectFocusOn(page, agree, 'the Agree button');
    await expect.poll(() => status.textContent(), UNTIL).toBe("France's position recorded: agrees.");

    // Withdrawing removes the Withdraw button: focus goes to the position buttons.
    const withdraw = panel.getByRole('button', { name: "Withdraw France's position" });
    await tabTo(page, withdraw);
    await page.keyboard.press('Enter');
    await withdraw.waitFor({ state: 'detached' });
    await expectFocusOn(
      page,
      panel.getByRole('group', { name: "State France's position" }),
      'the position group',
    );
    await expect.poll(() => agree.getAttribute('aria-pressed'), UNTIL).toBe('false');
    await expect.poll(() => status.textContent(), UNTIL).toBe("France's position withdrawn.");

    // Adding a comment clears the box and disables its button: focus goes back to the box.
    const box = panel.getByLabel('Comment', { exact: true });
    await tabTo(page, box);
    await page.keyboard.type('Could "joint" be dropped here?');
    await tabTo(page, panel.getByRole('button', { name: 'Add comment' }));
    await page.keyboard.press('Enter');
    await panel.locator('.comment-body', { hasText: 'Could "joint" be dropped here?' }).waitFor();
    await expectFocusOn(page, box, 'the comment box');
    await expect.poll(() => box.inputValue(), UNTIL).toBe('');
    await expect.poll(() => status.textContent(), UNTIL).toBe('Comment added.');

    // Resolving turns the button into Reopen, focus staying on it: Enter again takes it back.
    const resolve = panel.getByRole('button', { name: 'Resolve', exact: true });
    const reopen = panel.getByRole('button', { name: 'Reopen', exact: true });
    await tabTo(page, resolve, 'Shift+Tab');
    await page.keyboard.press('Enter');
    await reopen.waitFor();
    await expectFocusOn(page, reopen, 'the Reopen button');
    await expect.poll(() => status.textContent(), UNTIL).toBe('Comment resolved.');

    await page.keyboard.press('Enter');
    await resolve.waitFor();
    await expectFocusOn(page, resolve, 'the Resolve button');
    await expect.poll(() => status.textContent(), UNTIL).toBe('Comment reopened.');

    // Escape closes the panel and gives focus back to the margin button that opened it.
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    await expectFocusOn(page, margin, 'the margin button');
    expect(await margin.getAttribute('aria-expanded')).toBe('false');
    expect(fr.errors).toEqual([]);
  });

  it("keeps what was typed in the panel's boxes and not sent when Escape closes it, and gives it back when it opens again", async () => {
    const party = await setUpWorkingParty();
    const first = await readLiveBlock(party, 0);
    const commented = await party.server.request(
      'POST',
      `/api/documents/${party.documentId}/blocks/${first.id}/comments`,
      party.germany.token,
      { body: 'Could "joint" be dropped here?', visibility: 'all' },
    );
    expect(commented.status).toBe(201);
    const { profile: fr, page, margin, panel } = await openFirstPanel(party, party.france.token);
    const note = panel.getByLabel('Note with the position (optional)');
    // By role: a box given back holds its text as it is drawn, which a label's text then takes in.
    const comment = panel.getByRole('textbox', { name: /^Comment\b/ });
    await tabTo(page, note);
    await page.keyboard.type('Awaiting instructions from Paris');
    await tabTo(page, comment);
    await page.keyboard.type('FR would keep "joint", as in the 2015 conclusions');

    // QA: Escape, pressed in a box as one does to leave it, closed the panel and threw the words away.
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    await expectFocusOn(page, margin, 'the margin button');
    await page.keyboard.press('Enter');
    await expectFocusOn(page, panel, 'the panel');
    expect(await note.inputValue()).toBe('Awaiting instructions from Paris');
    expect(await comment.inputValue()).toBe('FR would keep "joint", as in the 2015 conclusions');

    // A reply being typed comes back as a reply to the same comment, the comment kept apart.
    await tabTo(page, panel.getByRole('button', { name: /^Reply to DE/ }));
    await page.keyboard.press('Enter');
    const reply = panel.getByRole('textbox', { name: /^Reply\b/ });
    await expectFocusOn(page, reply, 'the reply box');
    await page.keyboard.type('Paris agrees with Berlin');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    await page.keyboard.press('Enter');
    await expectFocusOn(page, panel, 'the panel');
    expect(await reply.inputValue()).toBe('Paris agrees with Berlin');
    await panel.getByText(/^Replying to DE:/).waitFor();

    // Sent, a reply is typed no more: it does not come back once more.
    await tabTo(page, panel.getByRole('button', { name: 'Add reply' }));
    await page.keyboard.press('Enter');
    await panel.locator('.comment-body', { hasText: 'Paris agrees with Berlin' }).waitFor();
    expect(await comment.inputValue()).toBe('FR would keep "joint", as in the 2015 conclusions');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    await page.keyboard.press('Enter');
    await expectFocusOn(page, panel, 'the panel');
    expect(await reply.count()).toBe(0);
    expect(await comment.inputValue()).toBe('FR would keep "joint", as in the 2015 conclusions');
    expect(fr.errors).toEqual([]);
  });

  it("keeps the Commission's reservation being written when Escape closes the panel, but never over one entered or withdrawn since", async () => {
    const party = await setUpWorkingParty();
    const first = await readLiveBlock(party, 0);
    const commission = await party.server.createUser('observer', 'COM');
    const colleague = await party.server.createUser('observer', 'COM');
    const path = `/api/documents/${party.documentId}/blocks/${first.id}/commission-reservation`;
    const { profile: com, page, margin, panel } = await openFirstPanel(party, commission.token);
    const mark = page.locator(`.block-margin[data-block-id="${first.id}"] .commission-mark`);
    const form = panel.getByRole('region', { name: "The Commission's reservation" });
    const kind = form.getByLabel('Reservation');
    // By role: a box given back holds its text as it is drawn, which a label's text then takes in.
    const note = form.getByRole('textbox', { name: /^Note \(optional\)/ });
    const reopen = async () => {
      await page.keyboard.press('Escape');
      await panel.waitFor({ state: 'detached' });
      await expectFocusOn(page, margin, 'the margin button');
      await page.keyboard.press('Enter');
      await expectFocusOn(page, panel, 'the panel');
    };
    await tabTo(page, kind);
    await kind.selectOption({ label: 'linguistic reservation' });
    await tabTo(page, note);
    await page.keyboard.type('Pending the College');

    // QA: the Commission's form kept nothing, where the panel's other boxes keep their words.
    await reopen();
    expect(await note.inputValue()).toBe('Pending the College');
    expect(await kind.inputValue()).toBe('linguistic_reservation');

    // A colleague enters the reservation while the panel is closed: it opens on what is recorded, which
    // "Enter again" would send, not on words written before it.
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    const entered = await party.server.request('PUT', path, colleague.token, {
      position: 'scrutiny_reservation',
      note: 'Awaiting the legal service',
    });
    expect(entered.status).toBe(200);
    await mark.waitFor(UNTIL);
    await margin.focus();
    await page.keyboard.press('Enter');
    await expectFocusOn(page, panel, 'the panel');
    expect(await note.inputValue()).toBe('Awaiting the legal service');
    expect(await kind.inputValue()).toBe('scrutiny_reservation');

    // Words written over the recorded reservation come back over it.
    await tabTo(page, note);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('Awaiting the College');
    await reopen();
    expect(await note.inputValue()).toBe('Awaiting the College');
    expect(await form.locator('.own-current').textContent()).toBe('COM: scrutiny reservation');

    // Withdrawn by this user: the form empties, and stays empty at the next opening.
    await tabTo(page, form.getByRole('button', { name: "Withdraw the Commission's reservation" }));
    await page.keyboard.press('Enter');
    await form.getByRole('button', { name: 'Enter the reservation' }).waitFor();
    await mark.waitFor({ state: 'detached' });
    expect(await note.inputValue()).toBe('');
    await reopen();
    expect(await note.inputValue()).toBe('');

    // Withdrawn by a colleague while the panel is closed, words written over it are not kept either.
    const again = await party.server.request('PUT', path, colleague.token, { position: 'reservation' });
    expect(again.status).toBe(200);
    await mark.waitFor(UNTIL);
    await form.getByRole('button', { name: 'Enter again' }).waitFor(UNTIL);
    await tabTo(page, note);
    await page.keyboard.type('To be lifted once the recital is restored');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect((await party.server.request('DELETE', path, colleague.token)).status).toBe(200);
    await mark.waitFor({ state: 'detached' });
    await margin.focus();
    await page.keyboard.press('Enter');
    await expectFocusOn(page, panel, 'the panel');
    expect(await note.inputValue()).toBe('');
    expect(await kind.inputValue()).toBe('scrutiny_reservation');
    expect(com.errors).toEqual([]);
  });

  it('closes the panel on Escape while the caret is in the text, and leaves the caret there', async () => {
    const party = await setUpWorkingParty();
    const { first, profile: fr, page, panel } = await openFirstPanel(party, party.france.token);

    // The caret goes to the start of the paragraph, clicked as a reader would.
    const block = locateBlock(page, first.id);
    await placeCaretAtStart(page, block);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    await expectFocusOn(page, page.locator('.ProseMirror'), 'the editor');
    // The caret is where it was: typing goes on at the start of the paragraph.
    await page.keyboard.type('Firstly, ');
    await expect.poll(() => readBlockText(block), UNTIL).toBe(`Firstly, ${first.text}`);
    expect(fr.errors).toEqual([]);
  });

  it("goes from the caret's paragraph to its own margin with Tab, and back to the caret with Shift+Tab", async () => {
    const party = await setUpWorkingParty();
    const third = await readLiveBlock(party, 2);
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    const { page } = fr;
    await openDraftingRoom(page, party.documentId);
    const block = locateBlock(page, third.id);
    await placeCaretAtStart(page, block);

    // Not the first paragraph's margin: a delegate reading paragraph 30 would Tab 29 times.
    await page.keyboard.press('Tab');
    const margin = page.locator(`.block-margin[data-block-id="${third.id}"] button`);
    await expectFocusOn(page, margin, 'the margin button of Cover note, point 3');
    await page.keyboard.press('Enter');
    const panel = page.getByRole('complementary', { name: 'Cover note, point 3', exact: true });
    await expectFocusOn(page, panel, 'the panel');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    await expectFocusOn(page, margin, 'the margin button of Cover note, point 3');

    // Shift+Tab goes back to the text, the caret where it was: typing goes on there.
    await page.keyboard.press('Shift+Tab');
    await expectFocusOn(page, page.locator('.ProseMirror'), 'the editor');
    await page.keyboard.type('Thirdly, ');
    await expect.poll(() => readBlockText(block), UNTIL).toBe(`Thirdly, ${third.text}`);
    expect(fr.errors).toEqual([]);
  });

  it('keeps focus when the Commission enters and withdraws its reservation', async () => {
    const party = await setUpWorkingParty();
    const commission = await party.server.createUser('observer', 'COM');
    const { profile: com, page, margin, panel } = await openFirstPanel(party, commission.token);
    const form = panel.getByRole('region', { name: "The Commission's reservation" });

    // The form shows the reservation once entered, without being made anew under the focused button.
    const enter = form.locator('button[type="submit"]');
    await tabTo(page, form.getByRole('button', { name: 'Enter the reservation' }));
    await page.keyboard.press('Enter');
    const withdraw = form.getByRole('button', { name: "Withdraw the Commission's reservation" });
    await withdraw.waitFor();
    await expect.poll(() => enter.textContent(), UNTIL).toBe('Enter again');
    await expectFocusOn(page, enter, 'the Enter again button');
    await expect
      .poll(() => panel.getByRole('status').textContent(), UNTIL)
      .toBe("The Commission's reservation entered: scrutiny reservation.");

    // Withdrawing removes the Withdraw button: focus goes to the button that enters one.
    await tabTo(page, withdraw);
    await page.keyboard.press('Enter');
    await withdraw.waitFor({ state: 'detached' });
    await expect.poll(() => enter.textContent(), UNTIL).toBe('Enter the reservation');
    await expectFocusOn(page, enter, 'the Enter the reservation button');

    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    await expectFocusOn(page, margin, 'the margin button');
    expect(com.errors).toEqual([]);
  });
});

describe('the consensus board with the keyboard', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('keeps focus when the Presidency starts, cancels and restarts a silence procedure and issues a revision, and when FR breaks silence', async () => {
    const party = await setUpWorkingParty({ now: createServerClock('2099-12-21T10:00:00.000Z').now });
    const presidency = await openSignedInPage(browser(), party.server.url, party.presidency.token);
    const { page } = presidency;
    await page.goto(`/documents/${party.documentId}/consensus`);
    const silence = page.getByRole('region', { name: 'Silence procedure' });

    // Start: the form goes once the procedure runs; focus goes to what says it runs.
    const until = silence.getByLabel('Start a silence procedure until');
    await tabTo(page, until);
    await page.keyboard.type('12312099');
    await page.keyboard.press('Tab');
    await page.keyboard.type('1200PM');
    const start = silence.getByRole('button', { name: 'Start', exact: true });
    await tabTo(page, start);
    await page.keyboard.press('Enter');
    const running = silence.locator('.silence-state');
    await expectFocusOn(page, running, 'the running procedure');
    await expect.poll(() => running.textContent(), UNTIL).toContain('31 Dec 2099');
    await expect
      .poll(() => silence.getByRole('status').textContent(), UNTIL)
      .toMatch(/^Silence procedure started, until 31 Dec 2099/);

    // Cancel procedure…: a confirmation opens in its place with focus in its reason; keeping the
    // procedure gives focus back to the button; cancelling it takes the form away, and focus goes to
    // what says it is cancelled. The start form is back at once.
    const cancel = silence.getByRole('button', { name: 'Cancel procedure…' });
    await tabTo(page, cancel);
    await page.keyboard.press('Enter');
    const reason = silence.getByLabel('Reason for cancelling (optional)');
    await expectFocusOn(page, reason, 'the reason for cancelling');
    await tabTo(page, silence.getByRole('button', { name: 'Keep it running' }));
    await page.keyboard.press('Enter');
    await expectFocusOn(page, cancel, 'the Cancel procedure… button');
    await page.keyboard.press('Enter');
    await expectFocusOn(page, reason, 'the reason for cancelling');
    await page.keyboard.type('Wrong deadline.');
    await tabTo(page, silence.getByRole('button', { name: 'Yes, cancel the procedure' }));
    await page.keyboard.press('Enter');
    await expectFocusOn(page, running, 'the cancelled procedure');
    await expect
      .poll(() => running.textContent(), UNTIL)
      .toMatch(/^Silence procedure cancelled by the Presidency/);
    expect(await running.textContent()).toContain('Reason: Wrong deadline.');
    await expect
      .poll(() => silence.getByRole('status').textContent(), UNTIL)
      .toBe('Silence procedure cancelled. Reason: Wrong deadline.');
    expect(await cancel.count()).toBe(0);

    // A new procedure starts at once.
    await tabTo(page, until);
    await page.keyboard.type('12312099');
    await page.keyboard.press('Tab');
    await page.keyboard.type('1200PM');
    await tabTo(page, start);
    await page.keyboard.press('Enter');
    await expectFocusOn(page, running, 'the running procedure');
    await expect.poll(() => running.textContent(), UNTIL).toContain('left');

    // Issue revision…: the form opens with focus in its note; once issued, focus is back on the button.
    const open = page.getByRole('button', { name: 'Issue revision…' });
    await tabTo(page, open, 'Shift+Tab');
    await page.keyboard.press('Enter');
    const note = page.getByLabel('Note for the revision (optional)');
    await expectFocusOn(page, note, 'the note of the revision');
    // Cancel closes the form and gives focus back to the button that opened it.
    await tabTo(page, page.getByRole('button', { name: 'Cancel', exact: true }));
    await page.keyboard.press('Enter');
    await expectFocusOn(page, open, 'the Issue revision… button');
    await page.keyboard.press('Enter');
    await expectFocusOn(page, note, 'the note of the revision');
    await page.keyboard.type('Text of REV 1');
    await tabTo(page, page.getByRole('button', { name: 'Issue 9916/1/17 REV 1', exact: true }));
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Issued 9916/1/17 REV 1.' }).waitFor();
    await expectFocusOn(page, open, 'the Issue revision… button');

    // FR breaks silence from the board: the form goes, focus goes to the procedure it broke.
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    await fr.page.goto(`/documents/${party.documentId}/consensus`);
    const frSilence = fr.page.getByRole('region', { name: 'Silence procedure' });
    await tabTo(fr.page, frSilence.getByLabel('Reason for breaking silence'));
    await fr.page.keyboard.type('Paris needs more time.');
    await tabTo(fr.page, frSilence.getByRole('button', { name: 'Break silence' }));
    await fr.page.keyboard.press('Enter');
    const state = frSilence.locator('.silence-state');
    await expectFocusOn(fr.page, state, 'the broken procedure');
    await expect.poll(() => state.textContent(), UNTIL).toContain('broken');
    await expect
      .poll(() => frSilence.getByRole('status').textContent(), UNTIL)
      .toBe('Silence procedure broken by FR. Reason: Paris needs more time.');
    expect([...presidency.errors, ...fr.errors]).toEqual([]);
  });

  it('keeps focus when FR and the Commission enter and withdraw a general reservation', async () => {
    const party = await setUpWorkingParty();
    const commission = await party.server.createUser('observer', 'COM');
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    const com = await openSignedInPage(browser(), party.server.url, commission.token);
    for (const [{ page }, who] of [
      [fr, 'FR'],
      [com, 'COM'],
    ] as const) {
      await page.goto(`/documents/${party.documentId}/consensus`);
      const enter = page.getByRole('button', { name: 'Enter', exact: true });
      const withdraw = page.getByRole('button', { name: 'Withdraw the general reservation' });
      const status = page.locator('.general-reservation [role="status"]');

      // Entering replaces the form by the reservation held: focus goes to the button that withdraws it.
      await tabTo(page, enter);
      await page.keyboard.press('Enter');
      await expectFocusOn(page, withdraw, 'the Withdraw button');
      await expect
        .poll(() => status.textContent(), UNTIL)
        .toBe(`${who}'s general reservation entered: general scrutiny reservation.`);

      // Withdrawing brings the form back: focus goes to the button that enters one.
      await page.keyboard.press('Enter');
      await expectFocusOn(page, enter, 'the Enter button');
      await expect.poll(() => status.textContent(), UNTIL).toBe(`${who}'s general reservation withdrawn.`);
    }
    expect([...fr.errors, ...com.errors]).toEqual([]);
  });

  it('keeps focus when the Presidency opens, cancels and sends the I/A item note form', async () => {
    const party = await setUpWorkingParty();
    const presidency = await openSignedInPage(browser(), party.server.url, party.presidency.token);
    const { page } = presidency;
    await page.goto(`/documents/${party.documentId}/consensus`);

    // The button and the form replace each other: focus follows into the form and back.
    const open = page.getByRole('button', { name: 'Forward as I/A item note…' });
    await tabTo(page, open);
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: 'Forward as I/A item note' });
    const number = form.getByLabel('Number of the note');
    await expectFocusOn(page, number, 'the number of the note');
    await tabTo(page, form.getByRole('button', { name: 'Cancel' }));
    await page.keyboard.press('Enter');
    await expectFocusOn(page, open, 'the Forward as I/A item note… button');

    // A text nobody agreed is refused: the Forward button keeps focus while the request runs and after.
    await page.keyboard.press('Enter');
    await expectFocusOn(page, number, 'the number of the note');
    await page.keyboard.type('10234/17');
    const forward = form.getByRole('button', { name: 'Forward', exact: true });
    await tabTo(page, forward);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => form.getByRole('alert').textContent(), UNTIL)
      .toMatch(/^Annex, heading has no position/);
    await expectFocusOn(page, forward, 'the Forward button');
    // The browser logs the refusal (409) as a failed load; nothing else went wrong.
    expect(presidency.errors).toEqual([
      'console: Failed to load resource: the server responded with a status of 409 (Conflict)',
    ]);
  });
});

describe('the list of documents with the keyboard', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('moves focus into the new document form, back to its button, and straight into the text of the draft made', async () => {
    const party = await setUpWorkingParty();
    const presidency = await openSignedInPage(browser(), party.server.url, party.presidency.token);
    const { page } = presidency;
    await page.goto('/');

    // The button and the form replace each other: focus follows into the form's first choice and back.
    const open = page.getByRole('button', { name: 'New document…' });
    await tabTo(page, open);
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: 'New document' });
    const fromFile = form.getByRole('radio', { name: 'a Council document (.docx, .md or .html)' });
    await expectFocusOn(page, fromFile, 'the first choice of the form');
    await tabTo(page, form.getByRole('button', { name: 'Cancel' }));
    await page.keyboard.press('Enter');
    await expectFocusOn(page, open, 'the New document… button');

    // A blank draft: once made, its drafting room opens with focus at the start of its text.
    await page.keyboard.press('Enter');
    await expectFocusOn(page, fromFile, 'the first choice of the form');
    await page.keyboard.press('ArrowDown');
    await tabTo(page, form.getByLabel('Number'));
    await page.keyboard.type('7923/17');
    await tabTo(page, form.getByLabel('Title'));
    await page.keyboard.type('Draft conclusions on keyboards');
    await tabTo(page, form.getByRole('button', { name: 'Create' }));
    const focused = await recordFocus(page);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/documents\/[^/]+$/, UNTIL);
    await expectFocusOn(page, page.locator('.ProseMirror'), 'the text of the draft');
    // Straight there: the room's heading, where a link would put focus, is not announced on the way.
    expect(await focused()).not.toContain('<h2> Drafting');
    await expect.poll(() => page.title(), UNTIL).toBe('Drafting — 7923/17 — Accord');
    expect(presidency.errors).toEqual([]);
  });
});

describe('the footnote dialog with the keyboard', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('gives focus back to where the dialog was opened from: the footnote list, or the text at the caret', async () => {
    const party = await setUpWorkingParty();
    const first = await readLiveBlock(party, 0);
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    const { page } = fr;
    await openDraftingRoom(page, party.documentId);

    // From the footnote list: Save, and Escape, give focus back to the footnote's Edit button.
    const edit = page.getByRole('button', { name: 'Edit footnote 1', exact: true });
    const text = page.getByRole('dialog').getByLabel('Footnote text');
    await edit.focus();
    await page.keyboard.press('Enter');
    await expectFocusOn(page, text, 'the footnote text');
    await page.keyboard.press('End');
    await page.keyboard.type(' (amended)');
    await tabTo(page, page.getByRole('dialog').getByRole('button', { name: 'Save' }));
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('.footnotes .footnote-text').first().textContent(), UNTIL)
      .toMatch(/ \(amended\)$/);
    await expectFocusOn(page, edit, 'the Edit footnote 1 button');
    await page.keyboard.press('Enter');
    await expectFocusOn(page, text, 'the footnote text');
    await page.keyboard.press('Escape');
    await expectFocusOn(page, edit, 'the Edit footnote 1 button');

    // From the toolbar: Save gives focus back to the text, at the caret after the new footnote.
    const block = locateBlock(page, first.id);
    await placeCaretAtStart(page, block);
    await tabTo(
      page,
      page.getByRole('toolbar').getByRole('button', { name: 'Footnote', exact: true }),
      'Shift+Tab',
    );
    await page.keyboard.press('Enter');
    await expectFocusOn(page, text, 'the footnote text');
    await page.keyboard.type('WK 1234/2017 INIT.');
    await tabTo(page, page.getByRole('dialog').getByRole('button', { name: 'Save' }));
    await page.keyboard.press('Enter');
    await expectFocusOn(page, page.locator('.ProseMirror'), 'the text');
    await page.keyboard.type('Firstly, ');
    await expect.poll(() => readBlockText(block), UNTIL).toBe(`Firstly, ${first.text}`);
    // The footnote is where the caret was, at the start, and what was typed after it.
    expect(
      await block.evaluate((element) => {
        const ref = element.querySelector('.footnote-ref');
        if (ref === null) return null;
        const before = document.createRange();
        before.setStart(element, 0);
        before.setEndBefore(ref);
        const after = document.createRange();
        after.setStartAfter(ref);
        after.setEnd(element, element.childNodes.length);
        return [before.toString(), after.toString().slice(0, 8)];
      }),
    ).toEqual(['', 'Firstly,']);
    expect(fr.errors).toEqual([]);
  });
});

describe('the toolbar with the keyboard', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('changes the block kind only once a kind is chosen with Enter or by leaving the list, not at every arrow key', async () => {
    const party = await setUpWorkingParty();
    const first = await readLiveBlock(party, 0);
    const second = await readLiveBlock(party, 1);
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    const { page } = fr;
    await openDraftingRoom(page, party.documentId);
    const kindList = page.getByRole('toolbar').getByRole('combobox', { name: 'Block kind' });

    // Arrowing through the list shows each kind and leaves the paragraph as it is, focus on the list.
    const block = locateBlock(page, first.id);
    expect(await block.getAttribute('data-kind')).toBe('numbered');
    await placeCaretAtStart(page, block);
    await tabTo(page, kindList, 'Shift+Tab');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => kindList.inputValue(), UNTIL).toBe('paragraph');
    await expectFocusOn(page, kindList, 'the Block kind list');
    expect(await block.getAttribute('data-kind')).toBe('numbered');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => kindList.inputValue(), UNTIL).toBe('bullet');
    expect(await block.getAttribute('data-kind')).toBe('numbered');

    // Enter applies the kind shown and gives focus back to the text.
    await page.keyboard.press('Enter');
    await expect.poll(() => block.getAttribute('data-kind'), UNTIL).toBe('bullet');
    await expectFocusOn(page, page.locator('.ProseMirror'), 'the text');

    // Escape puts back the paragraph's own kind; leaving the list with Tab applies what it shows.
    const next = locateBlock(page, second.id);
    const kindBefore = await next.getAttribute('data-kind');
    expect(kindBefore).not.toBe('heading');
    await placeCaretAtStart(page, next);
    await tabTo(page, kindList, 'Shift+Tab');
    await page.keyboard.press('End');
    await expect.poll(() => kindList.inputValue(), UNTIL).toBe('heading');
    await page.keyboard.press('Escape');
    await expect.poll(() => kindList.inputValue(), UNTIL).toBe(kindBefore);
    expect(await next.getAttribute('data-kind')).toBe(kindBefore);
    await page.keyboard.press('End');
    await page.keyboard.press('Tab');
    await expect.poll(() => next.getAttribute('data-kind'), UNTIL).toBe('heading');
    expect(fr.errors).toEqual([]);
  });
});

describe('the history with the keyboard', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('moves focus to the end of the history when "Show later entries" brings the last page', async () => {
    const party = await setUpWorkingParty();
    const first = await readLiveBlock(party, 0);
    // More entries than the screen's first page of 500: France changes its mind over and over.
    for (let n = 0; n < 510; n++) {
      await recordPosition(
        party,
        party.france.token,
        first.id,
        n % 2 === 0 ? 'agree' : 'scrutiny_reservation',
      );
    }
    const presidency = await openSignedInPage(browser(), party.server.url, party.presidency.token);
    const { page } = presidency;
    await page.goto(`/documents/${party.documentId}/history`);

    const later = page.getByRole('button', { name: 'Show later entries' });
    await tabTo(page, later);
    await page.keyboard.press('Enter');
    await later.waitFor({ state: 'detached' });
    await expectFocusOn(
      page,
      page.getByText('End of the history: new entries appear here as they happen.'),
      'the end of the history',
    );
    await expect
      .poll(() => page.locator('.history').getByRole('status').textContent(), UNTIL)
      .toMatch(/^\d+ later entries shown: the history ends there\.$/);
    expect(await page.locator('.history-table tbody tr').count()).toBeGreaterThanOrEqual(510);
    expect(presidency.errors).toEqual([]);
  });
});

describe('moving between screens with the keyboard', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it("moves focus to the heading of each room the document menu opens, and names the room in the page's title", async () => {
    const party = await setUpWorkingParty();
    const presidency = await openSignedInPage(browser(), party.server.url, party.presidency.token);
    const { page } = presidency;
    await openDraftingRoom(page, party.documentId);
    await expect.poll(() => page.title(), UNTIL).toBe('Drafting — 9916/17 — Accord');
    const menu = page.getByRole('navigation', { name: 'Document' });

    // Each room's heading comes after the menu: Shift+Tab goes back up to it.
    const rooms = [
      ['Consensus', page.getByRole('heading', { level: 2, name: /^Consensus/ }), 'Tab'],
      ['Revisions', page.getByRole('heading', { level: 2, name: 'Revisions', exact: true }), 'Shift+Tab'],
      ['History', page.getByRole('heading', { level: 2, name: 'History', exact: true }), 'Shift+Tab'],
      ['Drafting', page.getByRole('heading', { level: 2, name: 'Drafting', exact: true }), 'Shift+Tab'],
    ] as const;
    for (const [room, heading, key] of rooms) {
      await tabTo(page, menu.getByRole('link', { name: room, exact: true }), key);
      await page.keyboard.press('Enter');
      await expectFocusOn(page, heading, `the ${room} heading`);
      await expect.poll(() => page.title(), UNTIL).toBe(`${room} — 9916/17 — Accord`);
    }
    // The next Tab goes on from the heading into the room, not from the top of the page: once the
    // text is there (the heading takes focus at once; a loaded machine may take a while to sync).
    const draft = page.getByRole('article', { name: 'Draft' });
    await draft.locator('.council-body [data-id]').first().waitFor({ timeout: UNTIL.timeout });
    await expectFocusOn(page, rooms[3][1], 'the Drafting heading');
    await page.keyboard.press('Tab');
    await expect
      .poll(() => draft.evaluate((element) => element.contains(document.activeElement)), UNTIL)
      .toBe(true);
    expect(presidency.errors).toEqual([]);
  });

  it('leaves focus where the browser puts it when a page is loaded, and moves it when a link opens a screen', async () => {
    const party = await setUpWorkingParty();
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    const { page } = fr;
    await page.goto(`/documents/${party.documentId}/consensus`);
    await page.getByRole('heading', { level: 2, name: /^Consensus/ }).waitFor();
    await expect.poll(() => page.title(), UNTIL).toBe('Consensus — 9916/17 — Accord');
    expect(await describeFocus(page)).toBe('<body>');

    // The app's name leads back to the list, whose heading takes focus; the link stays, focus does not.
    await tabTo(page, page.getByRole('link', { name: 'Accord', exact: true }));
    await page.keyboard.press('Enter');
    await expectFocusOn(
      page,
      page.getByRole('heading', { level: 1, name: 'Documents' }),
      'the Documents heading',
    );
    await expect.poll(() => page.title(), UNTIL).toBe('Documents — Accord');

    // The list's link to the document opens its drafting room with focus on the room's heading.
    await tabTo(page, page.getByRole('link', { name: /^9916\/17/ }));
    await page.keyboard.press('Enter');
    await expectFocusOn(
      page,
      page.getByRole('heading', { level: 2, name: 'Drafting', exact: true }),
      'the Drafting heading',
    );
    await expect.poll(() => page.title(), UNTIL).toBe('Drafting — 9916/17 — Accord');
    expect(fr.errors).toEqual([]);
  });

  it("leaves focus in the paragraph's panel when a link from the board opens it in the drafting room", async () => {
    const party = await setUpWorkingParty();
    const first = await readLiveBlock(party, 0);
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    const { page } = fr;
    await page.goto(`/documents/${party.documentId}/consensus`);

    await tabTo(page, page.locator(`.board [role="row"][data-block-id="${first.id}"] a`));
    const focused = await recordFocus(page);
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`#${first.id}$`), UNTIL);
    const panel = page.getByRole('complementary', { name: 'Cover note, point 1', exact: true });
    await expectFocusOn(page, panel, 'the panel');
    // Straight there: the room's heading, where a link would put focus, is not announced on the way.
    expect(await focused()).not.toContain('<h2> Drafting');
    await expect.poll(() => page.title(), UNTIL).toBe('Drafting — 9916/17 — Accord');
    expect(fr.errors).toEqual([]);
  });
});
