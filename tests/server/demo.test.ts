/**
 * `npm start`'s demo as a delegate meets it: the login links it prints, followed as printed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, spawnServer, teardown } from './harness';

afterEach(teardown);

/** The link printed beside a demo user's name. */
function readPrintedLink(output: string, name: string): string {
  const link = new RegExp(`^ +${name} +(\\S+)$`, 'm').exec(output)?.[1];
  if (link === undefined) throw new Error(`no demo link for ${name} in:\n${output}`);
  return link;
}

describe("the demo's login links", () => {
  it('open the demo document for a delegation, and the list for the Presidency', async () => {
    const server = await spawnServer(makeTempDir(), { ACCORD_DEMO: '1' });
    await expect.poll(() => server.output()).toMatch(/^ +Archivist +\S+$/m);
    const [demo] = (await (
      await server.request('GET', '/api/documents', readToken(server.output()))
    ).json()) as {
      id: string;
      number: string;
    }[];
    expect(demo?.number).toBe('9916/17');

    const france = await fetch(readPrintedLink(server.output(), 'France delegation'), { redirect: 'manual' });
    expect(france.status).toBe(302);
    expect(france.headers.get('location')).toBe(`/documents/${demo?.id}`);
    const presidency = await fetch(readPrintedLink(server.output(), 'Presidency'), { redirect: 'manual' });
    expect(presidency.status).toBe(302);
    expect(presidency.headers.get('location')).toBe('/');
  });
});

/** The Presidency's token, read from its printed link, to ask the API as the demo's Presidency. */
function readToken(output: string): string {
  const token = new URL(readPrintedLink(output, 'Presidency')).searchParams.get('token');
  if (token === null) throw new Error('the Presidency link has no token');
  return token;
}
