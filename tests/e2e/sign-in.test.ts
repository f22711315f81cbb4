/**
 * Signing in as a person does it: a login link that names the draft it is about, and a session that
 * ends under an open page.
 */
import { getFragment } from '@accord/ydoc';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, teardown, waitSynced } from '../server/harness';
import {
  BROWSER_TEST_TIMEOUT_MS,
  locateBlock,
  loginLink,
  openDraftingRoom,
  openHomePage,
  openProfile,
  openSignedInPage,
  UNTIL,
  type WatchedPage,
} from './browser';
import { readLiveBlock, setUpWorkingParty, useChromium, type WorkingParty } from './web-server';

const browser = useChromium();
afterEach(teardown);

/**
 * Clicks the element matching `selector` whose text is `text`, in the page at once, if it is still
 * there: a request the screen was still making when the cookie went (its refresh when the event stream
 * opens) may be refused first, and the screen, the element with it, is then already the notice.
 */
async function clickIfStillThere(page: Page, selector: string, text: string): Promise<boolean> {
  return page.evaluate(
    ([css, label]) => {
      // A position button reads its symbol, then its words ("S" "Scrutiny reservation").
      const found = [...document.querySelectorAll<HTMLElement>(css as string)].find(
        (element) => element.textContent?.endsWith(label as string) === true,
      );
      found?.click();
      return found !== undefined;
    },
    [selector, text],
  );
}

describe('a login link', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('opens the draft it names once signed in, and the list when what it names is not a path of this site', async () => {
    const party = await setUpWorkingParty();
    const draft = `/documents/${party.documentId}`;
    const fr = await openHomePage(browser(), party.server.url, party.france.token, draft);
    await fr.page.locator('.council-body [data-id]').first().waitFor(UNTIL);
    expect(new URL(fr.page.url()).pathname).toBe(draft);
    expect(await fr.page.locator('.whoami-name').textContent()).toBe(party.france.name);

    // Never an open redirect: a link naming another site still signs in, on the list of documents.
    const de = await openHomePage(browser(), party.server.url, party.germany.token, '//example.invalid/x');
    await de.page.getByRole('heading', { name: 'Documents' }).waitFor(UNTIL);
    expect(new URL(de.page.url()).origin).toBe(party.server.url);
    expect(new URL(de.page.url()).pathname).toBe('/');
    expect([...fr.errors, ...de.errors]).toEqual([]);
  });
});

describe('a session that ends under an open page', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('says so and offers to sign in, then comes back to the room FR was in once FR follows the login link', async () => {
    const party = await setUpWorkingParty();
    const second = await readLiveBlock(party, 1);
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    await openDraftingRoom(fr.page, party.documentId);
    await fr.page.locator(`.block-margin[data-block-id="${second.id}"] button`).click();
    const panel = fr.page.getByRole('complementary', { name: 'Cover note, point 2', exact: true });
    await panel.getByRole('button', { name: 'Scrutiny reservation', exact: true }).waitFor(UNTIL);
    const where = new URL(fr.page.url());

    // The cookie is gone (cleared, or expired in the browser): the next request is refused.
    await fr.context.clearCookies();
    await clickIfStillThere(fr.page, '.block-panel button', 'Scrutiny reservation');
    const notice = fr.page.getByRole('main');
    await notice.getByRole('heading', { name: 'Sign in' }).waitFor(UNTIL);
    await notice.getByText('Your session has ended.').waitFor();
    await notice.getByText('Open the login link you were given').waitFor();
    expect(await fr.page.getByText('a valid token or session is required').count()).toBe(0);
    expect(await fr.page.locator('.council-body').count()).toBe(0);

    // FR opens the login link in this tab (it lands on the list): the room FR was in comes back.
    await fr.page.goto(loginLink(party.france.token));
    await fr.page.locator('.council-body [data-id]').first().waitFor(UNTIL);
    expect(new URL(fr.page.url()).pathname).toBe(where.pathname);
    // Once back, the list is the list again.
    await fr.page.goto('/');
    await fr.page.getByRole('heading', { name: 'Documents' }).waitFor(UNTIL);
    expect(
      fr.errors.filter((error) => !error.includes('401') && !error.includes('HTTP Authentication failed')),
    ).toEqual([]);
  });

  it('comes back by itself once FR signs in again in another tab', async () => {
    const party = await setUpWorkingParty();
    const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
    const revisions = `/documents/${party.documentId}/revisions`;
    await fr.page.goto(revisions);
    await fr.page.getByRole('link', { name: 'Drafting' }).waitFor(UNTIL);
    await fr.context.clearCookies();
    // A link within the app: the next screen's request is refused.
    const followed = await clickIfStillThere(fr.page, 'a', 'Drafting');
    await fr.page.getByText('Your session has ended.').waitFor(UNTIL);
    if (followed) await expect.poll(() => new URL(fr.page.url()).pathname, UNTIL).not.toBe(revisions);
    const where = new URL(fr.page.url()).pathname;

    const other = await fr.context.newPage();
    await other.goto(loginLink(party.france.token));
    await other.locator('.whoami').waitFor(UNTIL);
    // Signed in again, as it was, where it was: the drafting room, or the revisions if a request of
    // theirs was refused before the link was followed.
    await expect.poll(() => fr.page.getByText('Your session has ended.').count(), UNTIL).toBe(0);
    await fr.page.locator('.whoami').waitFor(UNTIL);
    expect(new URL(fr.page.url()).pathname).toBe(where);
    if (where === `/documents/${party.documentId}`) {
      await fr.page.locator('.council-body [data-id]').first().waitFor(UNTIL);
    } else {
      expect(where).toBe(revisions);
      await fr.page.getByRole('heading', { name: 'Revisions' }).waitFor(UNTIL);
    }
    expect(
      fr.errors.filter((error) => !error.includes('401') && !error.includes('HTTP Authentication failed')),
    ).toEqual([]);
  });
});

/**
 * FR opens the panel of the 15th paragraph, far down the text, and its session ends (the cookie
 * cleared): the page says so. Returns FR's page and the paragraph.
 */
async function endSessionWithPanelOpen(party: WorkingParty) {
  const far = await readLiveBlock(party, 14);
  const fr = await openSignedInPage(browser(), party.server.url, party.france.token);
  await openDraftingRoom(fr.page, party.documentId);
  await fr.page.locator(`.block-margin[data-block-id="${far.id}"] button`).click();
  const panel = fr.page.locator('#block-panel');
  await panel.getByRole('button', { name: 'Scrutiny reservation', exact: true }).waitFor(UNTIL);
  const title = await panel.getByRole('heading', { level: 2 }).textContent();
  await fr.context.clearCookies();
  await clickIfStillThere(fr.page, '.block-panel button', 'Scrutiny reservation');
  await fr.page.getByText('Your session has ended.').waitFor(UNTIL);
  return { fr, far, title };
}

/** What a page logged besides the refusals the ended session brought. */
function readOtherErrors(page: WatchedPage): string[] {
  return page.errors.filter(
    (error) => !error.includes('401') && !error.includes('HTTP Authentication failed'),
  );
}

describe('a paragraph panel open when the session ends', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('comes back with the room, beside its paragraph, once FR follows the login link in that tab', async () => {
    const party = await setUpWorkingParty();
    const { fr, far, title } = await endSessionWithPanelOpen(party);

    await fr.page.goto(loginLink(party.france.token));
    const panel = fr.page.getByRole('complementary', { name: title ?? '', exact: true });
    await panel.getByRole('button', { name: 'Scrutiny reservation', exact: true }).waitFor(UNTIL);
    // The paragraph it is on is in sight, though the page opened at the top of the text.
    await expect
      .poll(async () => {
        const box = await locateBlock(fr.page, far.id).boundingBox();
        return box !== null && box.y >= 0 && box.y + box.height <= 1000;
      }, UNTIL)
      .toBe(true);
    expect(readOtherErrors(fr)).toEqual([]);
  });

  it('does not come back when its paragraph was deleted meanwhile, and the room does', async () => {
    const party = await setUpWorkingParty();
    const { fr, far } = await endSessionWithPanelOpen(party);
    await party.server.request(
      'POST',
      `/api/documents/${party.documentId}/blocks/${far.id}/comments`,
      party.france.token,
      { body: 'Keep this paragraph.', visibility: 'all' },
    );
    // DE deletes the paragraph while FR is away.
    const de = connectClient(party.server, party.documentId, party.germany.token);
    await waitSynced(de);
    const fragment = getFragment(de.doc);
    const index = fragment
      .toArray()
      .findIndex((block) => block instanceof Y.XmlElement && block.getAttribute('id') === far.id);
    expect(index).toBeGreaterThan(0);
    fragment.delete(index, 1);
    await expect
      .poll(async () => {
        const response = await party.server.request(
          'GET',
          `/api/documents/${party.documentId}`,
          party.france.token,
        );
        const { blocks } = (await response.json()) as { blocks: { id: string }[] };
        return blocks.some((block) => block.id === far.id);
      }, UNTIL)
      .toBe(false);

    await fr.page.goto(loginLink(party.france.token));
    // Once the room has its comments (the deleted paragraph's listed apart), it has shown what it opens with.
    await fr.page
      .getByRole('region', { name: 'Comments on deleted paragraphs' })
      .getByText('Keep this paragraph.')
      .waitFor(UNTIL);
    expect(await fr.page.locator('#block-panel').count()).toBe(0);
    expect(new URL(fr.page.url()).pathname).toBe(`/documents/${party.documentId}`);
    expect(readOtherErrors(fr)).toEqual([]);
  });
});

describe('the sign-in page', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('signs FR in with the login link pasted into it, on the draft the link names, after saying what is wrong with wrong ones', async () => {
    const party = await setUpWorkingParty();
    const fr = await openProfile(browser(), party.server.url);
    await fr.page.goto('/');
    const gate = fr.page.getByRole('form', { name: 'Sign in with a login link' });
    const field = gate.getByLabel('Or paste the login link, or its token, here');
    const signIn = gate.getByRole('button', { name: 'Sign in', exact: true });
    const expectRefusal = async (pasted: string, saying: string) => {
      await field.fill(pasted);
      await signIn.click();
      await expect
        .poll(() => gate.locator('[role="alert"]').allTextContents(), UNTIL)
        .toEqual([expect.stringContaining(saying)]);
    };
    await expectRefusal('the link Anna sent', 'neither a login link nor a token');
    await expectRefusal(`${party.server.url}/documents/${party.documentId}`, 'not a login link');
    await expectRefusal(
      `${party.server.url}${loginLink('not-the-token-anyone-has')}`,
      'This login link is not valid',
    );
    expect(await fr.page.getByRole('heading', { name: 'Sign in' }).count()).toBe(1);

    const draft = `/documents/${party.documentId}`;
    await field.fill(`${party.server.url}${loginLink(party.france.token, draft)}`);
    await signIn.click();
    await fr.page.locator('.council-body [data-id]').first().waitFor(UNTIL);
    expect(new URL(fr.page.url()).pathname).toBe(draft);
    expect(await fr.page.locator('.whoami-name').textContent()).toBe(party.france.name);
    // The token is in no address the tab went through: Back leads to the sign-in page's, which now
    // opens the list.
    expect(fr.page.url()).not.toContain(party.france.token);
    await fr.page.goBack();
    await fr.page.getByRole('heading', { name: 'Documents' }).waitFor(UNTIL);
    expect(fr.page.url()).toBe(`${party.server.url}/`);
    expect(readOtherErrors(fr)).toEqual([]);
  });

  it('refuses a pasted token nobody has, and puts no token in an address nor in the console', async () => {
    const party = await setUpWorkingParty();
    const fr = await openProfile(browser(), party.server.url);
    const addresses: string[] = [];
    fr.page.on('request', (request) => addresses.push(request.url()));
    await fr.page.goto('/');
    const gate = fr.page.getByRole('form', { name: 'Sign in with a login link' });
    const field = gate.getByLabel('Or paste the login link, or its token, here');
    const signIn = gate.getByRole('button', { name: 'Sign in', exact: true });
    await field.waitFor(UNTIL);
    const refused = 'not-the-token-anyone-has';
    for (const pasted of [refused, `${party.server.url}${loginLink(refused)}`]) {
      await field.fill(pasted);
      await signIn.click();
      await expect
        .poll(() => gate.locator('[role="alert"]').allTextContents(), UNTIL)
        .toEqual([expect.stringContaining('This login link is not valid')]);
    }

    await field.fill(party.france.token);
    await signIn.click();
    await fr.page.getByRole('heading', { name: 'Documents' }).waitFor(UNTIL);
    expect(await fr.page.locator('.whoami-name').textContent()).toBe(party.france.name);
    const naming = (line: string) => line.includes(refused) || line.includes(party.france.token);
    expect(fr.errors.filter(naming)).toEqual([]);
    expect(addresses.filter(naming)).toEqual([]);
  });

  it('keeps the draft FR opened before signing in, once FR pastes the token alone or a link that names no page', async () => {
    const party = await setUpWorkingParty();
    const draft = `/documents/${party.documentId}`;
    for (const pasted of [party.france.token, `${party.server.url}${loginLink(party.france.token)}`]) {
      const fr = await openProfile(browser(), party.server.url);
      // A link to the draft, sent by a colleague, opened before this browser was signed in.
      await fr.page.goto(draft);
      const gate = fr.page.getByRole('form', { name: 'Sign in with a login link' });
      await gate.getByLabel('Or paste the login link, or its token, here').fill(pasted);
      await gate.getByRole('button', { name: 'Sign in', exact: true }).click();
      await fr.page.locator('.council-body [data-id]').first().waitFor(UNTIL);
      expect(new URL(fr.page.url()).pathname).toBe(draft);
      expect(readOtherErrors(fr)).toEqual([]);
    }
  });

  it('brings back the page whose session ended, its panel open, once FR pastes the token alone', async () => {
    const party = await setUpWorkingParty();
    const { fr, title } = await endSessionWithPanelOpen(party);
    const gate = fr.page.getByRole('form', { name: 'Sign in with a login link' });
    await gate.getByLabel('Or paste the login link, or its token, here').fill(` ${party.france.token} `);
    await gate.getByRole('button', { name: 'Sign in', exact: true }).click();
    const panel = fr.page.getByRole('complementary', { name: title ?? '', exact: true });
    await panel.getByRole('button', { name: 'Scrutiny reservation', exact: true }).waitFor(UNTIL);
    expect(new URL(fr.page.url()).pathname).toBe(`/documents/${party.documentId}`);
    expect(fr.page.url()).not.toContain(party.france.token);
    expect(readOtherErrors(fr)).toEqual([]);
  });
});
