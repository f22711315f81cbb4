/**
 * The demo's negotiation so far, played through the HTTP API on the first start of a demo workspace,
 * so that each role opening its link finds a working party in progress rather than an empty board:
 * delegations' positions on the conclusions (a scrutiny reservation, a reservation, an opposition, a
 * few delegations not yet heard), a drafting proposal in a comment, the Presidency's REV 1 taking it up
 * (the archivist's redline), and the positions that REV 1 overtook shown stale.
 *
 * Every step goes through the routes users and scripts use, with the demo users' own tokens: the
 * audit log, the events and the checks are the product's own.
 */
import { MEMBER_STATE_CODES, type MemberStateCode } from '@accord/model';
import type { DemoLogin } from './seed-demo';

/** Delegations that have not spoken yet: the board's "Who has not spoken" names them. */
const NOT_YET_HEARD: readonly MemberStateCode[] = ['CY', 'LU', 'MT'];

/**
 * The paragraphs the story turns on, found by how their text begins (the fixture's conclusions):
 * ¶ 4 on attribution, ¶ 5's bullet on situational awareness, ¶ 6 on implementing guidelines.
 */
const ATTRIBUTION = 'The EU stresses that clearly signaling';
const AWARENESS = 'be based on a shared situational awareness';
const GUIDELINES = 'The EU calls on the Member States, the European External Action Service';

/** France's drafting proposal, which REV 1 takes up. */
const ATTRIBUTION_BEFORE = 'remains a sovereign political decision based on all-source intelligence';
const ATTRIBUTION_AFTER =
  'remains a sovereign political decision, taken on a case-by-case basis, based on all-source intelligence';
const GUIDELINES_BEFORE = 'and to test them through appropriate exercises.';
const GUIDELINES_AFTER =
  'and to test them through appropriate exercises, and to review the Framework regularly.';

/** Delegations that confirm their agreement on REV 1's ¶ 4 at once; the others' stays stale. */
const RECONFIRMED_ON_REV_1: readonly MemberStateCode[] = ['BE', 'BG', 'CZ', 'DK', 'EE', 'IE', 'FR'];
/** Two days after the I/A item note's own date, 7 June 2017. */
const REV_1_DATE = '9 June 2017';

interface StoryBlock {
  readonly id: string;
  readonly text: string;
  readonly negotiated: boolean;
}

/** A step of the story the server refused: which, and what it answered. */
export class DemoStoryError extends Error {
  override readonly name = 'DemoStoryError';
}

/** Whether the demo document is as seeded: nothing issued, nobody's position or comment yet. */
export async function isUntouched(baseUrl: string, logins: readonly DemoLogin[], documentId: string) {
  const api = connect(baseUrl, logins);
  const revisions = await api.read<unknown[]>('presidency', `/api/documents/${documentId}/revisions`);
  const audit = await api.read<unknown[]>('presidency', `/api/documents/${documentId}/audit?limit=1`);
  return revisions.length === 1 && audit.length === 0;
}

/**
 * Plays the story on the seeded demo document (`fixtureMarkdown` is the text it was seeded from, which
 * REV 1 amends). Throws `DemoStoryError` naming the step a route refused.
 */
export async function playDemoStory(
  baseUrl: string,
  logins: readonly DemoLogin[],
  documentId: string,
  fixtureMarkdown: string,
): Promise<void> {
  const api = connect(baseUrl, logins);
  const doc = `/api/documents/${documentId}`;
  const blocks = await readBlocks(api, doc);
  const find = (start: string) => {
    const block = blocks.find((b) => b.text.startsWith(start));
    if (block === undefined) throw new DemoStoryError(`no paragraph of the demo text begins "${start}"`);
    return block;
  };
  const [attribution, awareness, guidelines] = [find(ATTRIBUTION), find(AWARENESS), find(GUIDELINES)];
  const negotiated = blocks.filter((block) => block.negotiated && block.text.trim() !== '');

  // The text as created: most delegations agree paragraph by paragraph, with a few positions apart.
  const apart: Partial<Record<MemberStateCode, Record<string, { position: string; note?: string }>>> = {
    DE: {
      [attribution.id]: {
        position: 'scrutiny_reservation',
        note: 'Pending consultation of the Federal Foreign Office.',
      },
    },
    FR: {
      [attribution.id]: {
        position: 'reservation',
        note: 'Attribution is decided case by case: see our drafting proposal.',
      },
    },
    HU: {
      [awareness.id]: {
        position: 'oppose',
        note: 'Situational awareness is for each Member State to assess.',
      },
    },
    NL: { [awareness.id]: { position: 'abstain' } },
    IT: { [guidelines.id]: { position: 'linguistic_reservation' } },
  };
  for (const code of MEMBER_STATE_CODES) {
    if (NOT_YET_HEARD.includes(code)) continue;
    const positions = negotiated.map((block) => ({
      blockId: block.id,
      ...(apart[code]?.[block.id] ?? { position: 'agree' }),
    }));
    await api.send(code, 'PUT', `${doc}/positions`, { positions });
  }
  await api.send('COM', 'PUT', `${doc}/blocks/${guidelines.id}/commission-reservation`, {
    position: 'scrutiny_reservation',
    note: 'The Commission reserves its position on the implementing guidelines.',
  });

  // France's drafting proposal, the Presidency's answer, and a note Germany's users alone see.
  const proposal = await api.send<{ id: string }>('FR', 'POST', `${doc}/blocks/${attribution.id}/comments`, {
    body: 'Drafting proposal: "… remains a sovereign political decision, taken on a case-by-case basis, based on all-source intelligence …"',
    visibility: 'all',
  });
  await api.send('presidency', 'POST', `${doc}/blocks/${attribution.id}/comments`, {
    body: 'The Presidency will reflect this proposal in REV 1.',
    visibility: 'all',
    replyTo: proposal.id,
  });
  await api.send('DE', 'POST', `${doc}/blocks/${attribution.id}/comments`, {
    body: 'Berlin to confirm the scrutiny reservation before the next meeting.',
    visibility: 'delegation',
  });

  // REV 1 takes up France's proposal and adds a review to ¶ 6: the positions given on them go stale.
  await api.send('presidency', 'POST', `${doc}/revisions`, {
    markdown: amend(
      amend(fixtureMarkdown, ATTRIBUTION_BEFORE, ATTRIBUTION_AFTER),
      GUIDELINES_BEFORE,
      GUIDELINES_AFTER,
    ),
    note: 'Presidency compromise on attribution (paragraph 4, following FR); review of the Framework (paragraph 6).',
    // The story is 2017's: dated today, REV 1 would sit a decade after the text it revises.
    date: REV_1_DATE,
  });
  for (const code of RECONFIRMED_ON_REV_1) {
    await api.send(code, 'PUT', `${doc}/blocks/${attribution.id}/position`, { position: 'agree' });
  }
  await api.send('presidency', 'POST', `${doc}/comments/${proposal.id}/resolve`, {});
}

/** `text` with `before` replaced by `after`, which must be there once. */
function amend(text: string, before: string, after: string): string {
  const at = text.indexOf(before);
  if (at === -1 || text.indexOf(before, at + 1) !== -1) {
    throw new DemoStoryError(`the demo text does not contain "${before}" once`);
  }
  return text.slice(0, at) + after + text.slice(at + before.length);
}

async function readBlocks(api: StoryApi, doc: string): Promise<StoryBlock[]> {
  const [detail, consensus] = await Promise.all([
    api.read<{ blocks: { id: string; text: string }[] }>('presidency', doc),
    api.read<{ blocks: { id: string; negotiated: boolean }[] }>('presidency', `${doc}/consensus`),
  ]);
  const negotiated = new Map(consensus.blocks.map((block) => [block.id, block.negotiated]));
  return detail.blocks.map((block) => ({ ...block, negotiated: negotiated.get(block.id) === true }));
}

/** Who acts: a Member State or the Commission by its code, or the Presidency. */
type Actor = MemberStateCode | 'COM' | 'presidency';

interface StoryApi {
  read<T>(actor: Actor, path: string): Promise<T>;
  send<T = unknown>(actor: Actor, method: string, path: string, body: unknown): Promise<T>;
}

function connect(baseUrl: string, logins: readonly DemoLogin[]): StoryApi {
  const tokenOf = (actor: Actor) => {
    const login = logins.find(({ user }) =>
      actor === 'presidency' ? user.role === 'presidency' : user.delegation === actor,
    );
    if (login === undefined) throw new DemoStoryError(`no demo user acts for ${actor}`);
    return login.token;
  };
  const call = async <T>(actor: Actor, method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokenOf(actor)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      throw new DemoStoryError(
        `${actor}: ${method} ${path} answered ${response.status} ${await response.text()}`,
      );
    }
    return (await response.json()) as T;
  };
  return { read: (actor, path) => call(actor, 'GET', path), send: call };
}
