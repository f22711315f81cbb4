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
  it("open the demo document for every user, the archivist's at its revisions", async () => {
    const server = await spawnServer(makeTempDir(), { ACCORD_DEMO: '1' });
    await expect.poll(() => server.output()).toMatch(/^ +Archivist +\S+$/m);
    const [demo] = (await (
      await server.request('GET', '/api/documents', readToken(server.output()))
    ).json()) as {
      id: string;
      number: string;
    }[];
    expect(demo?.number).toBe('9916/17');

    const room = `/documents/${demo?.id}`;
    for (const [name, location] of [
      ['France delegation', room],
      ['Presidency', room],
      ['General Secretariat', room],
      ['European Commission', room],
      ['Archivist', `${room}/revisions`],
    ]) {
      const opened = await fetch(readPrintedLink(server.output(), name as string), { redirect: 'manual' });
      expect({ name, status: opened.status, location: opened.headers.get('location') }).toEqual({
        name,
        status: 302,
        location,
      });
    }
  });
});

interface BoardBlock {
  readonly id: string;
  readonly status: string;
  readonly missing: string[];
  readonly positions: Record<string, { position: string; stale: boolean; note: string | null }>;
}

describe("the demo's negotiation", () => {
  it('finds a working party in progress on first start: positions, a proposal taken up in REV 1, and positions it overtook', async () => {
    const dataDir = makeTempDir();
    const server = await spawnServer(dataDir, { ACCORD_DEMO: '1', ACCORD_LOG_REQUESTS: '1' });
    await expect.poll(() => server.output()).toMatch(/^ +Archivist +\S+$/m);
    const presidency = readToken(server.output());
    // The story's requests are counted in one line, not listed above the links.
    const startup = server.output();
    expect(startup).toMatch(/Demo: \d+ requests answered while it played \(not listed\)/);
    expect(startup).not.toMatch(/ (GET|POST|PUT) \/api\//);
    const ask = async <T>(path: string, token = presidency) =>
      (await (await server.request('GET', path, token)).json()) as T;
    const [demo] = await ask<{ id: string }[]>('/api/documents');
    const doc = `/api/documents/${demo?.id}`;

    // The Presidency has issued REV 1, the archivist's redline shows France's proposal taken up.
    const revisions = await ask<{ rev: number; note: string | null }[]>(`${doc}/revisions`);
    expect(revisions.map((r) => r.rev)).toEqual([0, 1]);
    expect(revisions[1]?.note).toContain('attribution');
    // Dated within the 2017 negotiation it continues, not on the day the demo was started.
    const rev1 = await ask<{ metadata: { date: string } }>(`${doc}/revisions/1`);
    expect(rev1.metadata.date).toBe('9 June 2017');
    const diff = await (
      await server.request('GET', `${doc}/diff?from=0&to=1&format=text`, presidency)
    ).text();
    expect(diff).toContain('taken on a case-by-case basis');
    expect(diff).toContain('review the Framework regularly');

    // The board: who agrees, who reserves, who opposes, who has not spoken, and what REV 1 overtook.
    const { blocks: texts } = await ask<{ blocks: { id: string; text: string }[] }>(doc);
    const idOf = (start: string) => texts.find((b) => b.text.startsWith(start))?.id;
    const report = await ask<{ status: string; blocks: BoardBlock[] }>(`${doc}/consensus`);
    const row = (start: string) => report.blocks.find((b) => b.id === idOf(start)) as BoardBlock;
    const attribution = row('The EU stresses that clearly signaling');
    expect(attribution.positions.FR).toMatchObject({ position: 'agree', stale: false });
    expect(attribution.positions.BE).toMatchObject({ position: 'agree', stale: false });
    expect(attribution.positions.DE).toMatchObject({ position: 'scrutiny_reservation', stale: true });
    expect(attribution.positions.AT).toMatchObject({ position: 'agree', stale: true });
    expect(attribution.missing).toEqual(expect.arrayContaining(['CY', 'LU', 'MT', 'AT']));
    expect(row('be based on a shared situational awareness')).toMatchObject({
      status: 'opposed',
      positions: { HU: { position: 'oppose', stale: false }, NL: { position: 'abstain', stale: false } },
    });
    const unchanged = row('The EU recalls its conclusions');
    expect(unchanged.positions.DE).toMatchObject({ position: 'agree', stale: false });
    expect(unchanged.missing).toEqual(['CY', 'LU', 'MT']);
    expect(report.status).toBe('opposed');

    // France's proposal, answered and resolved; Germany's own note, which the Presidency does not see.
    const comments = await ask<{ body: string; resolved: boolean; author: { delegation: string | null } }[]>(
      `${doc}/comments`,
    );
    expect(comments.map((c) => [c.author.delegation, c.resolved])).toEqual([
      ['FR', true],
      [null, false],
    ]);

    // Started again on the same data, the story is not told twice.
    const audited = (await ask<unknown[]>(`${doc}/audit?limit=1000`)).length;
    const stopped = new Promise((exited) => server.child.once('exit', exited));
    server.child.kill('SIGTERM');
    await stopped;
    const again = await spawnServer(dataDir, { ACCORD_DEMO: '1' });
    await expect.poll(() => again.output()).toMatch(/^ +Archivist +\S+$/m);
    const token = readToken(again.output());
    expect(((await (await again.request('GET', `${doc}/revisions`, token)).json()) as unknown[]).length).toBe(
      2,
    );
    expect(
      ((await (await again.request('GET', `${doc}/audit?limit=1000`, token)).json()) as unknown[]).length,
    ).toBe(audited);
  });
});

/** The Presidency's token, read from its printed link, to ask the API as the demo's Presidency. */
function readToken(output: string): string {
  const token = new URL(readPrintedLink(output, 'Presidency')).searchParams.get('token');
  if (token === null) throw new Error('the Presidency link has no token');
  return token;
}
