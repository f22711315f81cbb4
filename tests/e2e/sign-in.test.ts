/** Signing in as a person does it: a login link that names the draft it is about. */
import { afterEach, describe, expect, it } from 'vitest';
import { teardown } from '../server/harness';
import { BROWSER_TEST_TIMEOUT_MS, openHomePage, UNTIL } from './browser';
import { setUpWorkingParty, useChromium } from './web-server';

const browser = useChromium();
afterEach(teardown);

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
