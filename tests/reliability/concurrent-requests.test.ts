/**
 * Requests a real meeting sends at the same moment, fired together (`Promise.all`) at a real server on
 * port 0 with its own SQLite file, and read back through the API and the audit log: nothing lost,
 * doubled or half-written, and every answer a 2xx or a typed 4xx, never a 500.
 */
import { findBlockElement, getFragment } from '@accord/ydoc';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import {
  ADMIN_TOKEN,
  type Api,
  connectClient,
  type InProcessServer,
  onTeardown,
  readTexts,
  SMALL_TEXT,
  startTestServer,
  type TestUser,
  teardown,
  waitSynced,
} from '../server/harness';
import { readEventStream } from '../server/sse';

afterEach(teardown);

/** Each racy case is tried this many times: an order that loses shows in one of them. */
const ROUNDS = 3;

const MARKDOWN = `# Draft Council conclusions on cyber diplomacy

1. The Council recalls its conclusions on cyber diplomacy.

2. The EU [stands ready] to respond to malicious cyber activities.

3. The Council invites the High Representative to report back.
`;

/** MARKDOWN with its second point written as `text`: an upload that changes one paragraph. */
const withSecondPoint = (text: string) =>
  MARKDOWN.replace('The EU [stands ready] to respond to malicious cyber activities.', text);

const SILENCE_UNTIL = '2017-06-09T17:00:00.000Z';

async function setup() {
  const clock = { now: Date.parse('2017-06-07T10:00:00.000Z') };
  const api = await startTestServer({ now: () => clock.now });
  const presidency = await api.createUser('presidency');
  const secondPresidency = await api.createUser('presidency');
  const france = await api.createUser('delegate', 'FR');
  const germany = await api.createUser('delegate', 'DE');
  const secondGermany = await api.createUser('delegate', 'DE');
  const { id } = await api.createDocument(presidency.token, { markdown: MARKDOWN });
  const { blocks } = await api.readDocument(presidency.token, id);
  return { api, clock, presidency, secondPresidency, france, germany, secondGermany, id, blocks };
}

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

/** Sends a JSON request and reads its answer; fails on a 5xx or an untyped 4xx. */
async function send(api: Api, method: string, path: string, token: string, body?: unknown): Promise<Answer> {
  const response = await api.request(method, path, token, body);
  const text = await response.text();
  const parsed = text === '' ? null : (JSON.parse(text) as unknown);
  expect(response.status, `${method} ${path}: ${text}`).toBeLessThan(500);
  if (response.status >= 400) {
    expect(parsed, `${method} ${path}`).toMatchObject({
      error: { code: expect.any(String), message: expect.any(String) },
    });
  }
  return { status: response.status, body: parsed };
}

const codeOf = (answer: Answer) => (answer.body as { error?: { code: string } } | null)?.error?.code;

interface AuditEntry {
  readonly action: string;
  readonly blockId: string | null;
  readonly actor: { readonly id: string | null; readonly delegation: string | null };
  readonly details: Record<string, unknown>;
}

async function readAudit(api: Api, token: string, id: string): Promise<AuditEntry[]> {
  const answer = await send(api, 'GET', `/api/documents/${id}/audit`, token);
  expect(answer.status).toBe(200);
  return answer.body as AuditEntry[];
}

const countActions = (entries: readonly AuditEntry[], action: string) =>
  entries.filter((entry) => entry.action === action).length;

interface Report {
  readonly blocks: {
    readonly id: string;
    readonly status: string;
    readonly positions: Record<string, { position: string; stale: boolean }>;
    readonly outsideSilence: string | null;
  }[];
  readonly silence: { readonly outcome: string; readonly brokenBy: { delegation: string }[] } | null;
}

async function readReport(api: Api, token: string, id: string): Promise<Report> {
  const answer = await send(api, 'GET', `/api/documents/${id}/consensus`, token);
  expect(answer.status).toBe(200);
  return answer.body as Report;
}

interface Revision {
  readonly rev: number;
  readonly label: string;
  readonly blocks: { id: string; text: string }[];
}

async function readRevision(api: Api, token: string, id: string, rev: number): Promise<Revision> {
  const answer = await send(api, 'GET', `/api/documents/${id}/revisions/${rev}`, token);
  expect(answer.status).toBe(200);
  return answer.body as Revision;
}

async function listRevisions(api: Api, token: string, id: string): Promise<number[]> {
  const answer = await send(api, 'GET', `/api/documents/${id}/revisions`, token);
  return (answer.body as { rev: number }[]).map((revision) => revision.rev);
}

describe('issuing revisions at once', () => {
  it('gives two Presidency users issuing the same document at once the next two numbers, no twin, no gap', async () => {
    const { api, presidency, secondPresidency, id } = await setup();
    for (let round = 0; round < ROUNDS; round++) {
      const answers = await Promise.all(
        [presidency, secondPresidency].map((user) =>
          send(api, 'POST', `/api/documents/${id}/revisions`, user.token, { note: `by ${user.id}` }),
        ),
      );
      expect(answers.map((answer) => answer.status)).toEqual([201, 201]);
      const revs = answers.map((answer) => (answer.body as { rev: number }).rev).sort();
      expect(revs).toEqual([2 * round + 1, 2 * round + 2]);
    }
    expect(await listRevisions(api, presidency.token, id)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(countActions(await readAudit(api, presidency.token, id), 'revision.issued')).toBe(2 * ROUNDS);
  });

  it('issues a number asked for by two users at once once: the other is told it was taken', async () => {
    const { api, presidency, secondPresidency, id } = await setup();
    for (let rev = 1; rev <= ROUNDS; rev++) {
      const answers = await Promise.all(
        [presidency, secondPresidency].map((user) =>
          send(api, 'POST', `/api/documents/${id}/revisions`, user.token, { rev }),
        ),
      );
      expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
      expect(answers.map(codeOf)).toContain('revision-taken');
    }
    expect(await listRevisions(api, presidency.token, id)).toEqual([0, 1, 2, 3]);
  });

  it('gives two uploads at once a revision each, each revision holding its own upload, the later one live', async () => {
    const { api, presidency, secondPresidency, id } = await setup();
    for (let round = 0; round < ROUNDS; round++) {
      const texts = [`Upload A of round ${round}.`, `Upload B of round ${round}.`];
      const answers = await Promise.all(
        [presidency, secondPresidency].map((user, index) =>
          send(api, 'POST', `/api/documents/${id}/revisions`, user.token, {
            markdown: withSecondPoint(texts[index] as string),
          }),
        ),
      );
      expect(answers.map((answer) => answer.status)).toEqual([201, 201]);
      const revs = answers.map((answer) => (answer.body as { rev: number }).rev);
      for (const [index, rev] of revs.entries()) {
        const revision = await readRevision(api, presidency.token, id, rev);
        expect(revision.blocks[2]?.text).toBe(texts[index]);
      }
      const later = revs.indexOf(Math.max(...revs));
      const live = await api.readDocument(presidency.token, id);
      expect(live.blocks[2]?.text).toBe(texts[later]);
    }
  });

  it('freezes, while a delegate types, a text the live document held: a prefix of the keystrokes', async () => {
    const { api, presidency, germany, id } = await setup();
    const typist = connectClient(api, id, germany.token);
    await waitSynced(typist);
    const keystrokes: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const issued = send(api, 'POST', `/api/documents/${id}/revisions`, presidency.token, {});
      // Typed one transaction at a time, each given to the socket before the next.
      for (let key = 0; key < 20; key++) {
        const keystroke = ` r${round}k${key}`;
        keystrokes.push(keystroke);
        typeAtEnd(typist.doc, 2, keystroke);
        await new Promise((resolve) => setImmediate(resolve));
      }
      const answer = await issued;
      expect(answer.status).toBe(201);
      const revision = await readRevision(api, presidency.token, id, (answer.body as { rev: number }).rev);
      const frozen = revision.blocks[2]?.text as string;
      const base = 'The EU [stands ready] to respond to malicious cyber activities.';
      expect(frozen.startsWith(base)).toBe(true);
      // Whole keystrokes, in the order typed, none left out.
      const prefixes = keystrokes.map((_, index) => keystrokes.slice(0, index + 1).join(''));
      expect(['', ...prefixes]).toContain(frozen.slice(base.length));
    }
    const expected = `The EU [stands ready] to respond to malicious cyber activities.${keystrokes.join('')}`;
    await vi.waitFor(async () =>
      expect((await api.readDocument(presidency.token, id)).blocks[2]?.text).toBe(expected),
    );
  });

  it('pins a position given while a revision is being stored, and a delegate types, to the revision whose text it holds', async () => {
    const { api, presidency, france, germany, id, blocks } = await setup();
    const second = blocks[2]?.id as string;
    const typist = connectClient(api, id, germany.token);
    const watcher = connectClient(api, id, presidency.token);
    await Promise.all([waitSynced(typist), waitSynced(watcher)]);
    for (let round = 1; round <= ROUNDS; round++) {
      const held = holdRevisionStore(api, 'before-commit');
      const issued = send(api, 'POST', `/api/documents/${id}/revisions`, presidency.token, {
        markdown: withSecondPoint(
          `The EU [stands ready] to respond to malicious cyber activities (${round}).`,
        ),
      });
      await held.entered;
      // Another paragraph typed into while the revision is written, seen by the others.
      typeAtEnd(typist.doc, 1, ` typed in round ${round}`);
      await vi.waitFor(() => expect(readTexts(watcher.doc)[1]).toContain(`typed in round ${round}`));
      const reading = nextLiveRead(api);
      const given = send(api, 'PUT', `/api/documents/${id}/blocks/${second}/position`, france.token, {
        position: 'agree',
      });
      // The position's request reads the live text, which waits for the revision.
      await reading;
      held.release();
      expect((await issued).status).toBe(201);
      await expectPinnedToItsText(api, presidency.token, id, second, await given, round);
    }
  });

  it('pins a position given just as a revision is stored to the revision whose text it holds', async () => {
    const { api, presidency, france, id, blocks } = await setup();
    const second = blocks[2]?.id as string;
    for (let round = 1; round <= ROUNDS; round++) {
      // The text read once before, as a board reading the report does.
      await readReport(api, presidency.token, id);
      const held = holdRevisionStore(api, 'after-commit');
      const issued = send(api, 'POST', `/api/documents/${id}/revisions`, presidency.token, {
        markdown: withSecondPoint(
          `The EU [stands ready] to respond to malicious cyber activities (${round}).`,
        ),
      });
      await held.entered;
      const reading = nextLiveRead(api);
      const given = send(api, 'PUT', `/api/documents/${id}/blocks/${second}/position`, france.token, {
        position: 'agree',
      });
      // Answered at once from a copy of the text read before, or waiting for the revision's.
      await Promise.race([given, reading]);
      held.release();
      expect((await issued).status).toBe(201);
      await expectPinnedToItsText(api, presidency.token, id, second, await given, round);
    }
  });
});

describe('forwarding at once', () => {
  it('cites, in an I/A item note made while a revision is stored, the revision it forwards after', async () => {
    const { api, clock, presidency, secondPresidency } = await setup();
    const { id } = await api.createDocument(presidency.token, { markdown: SMALL_TEXT });
    // Agreed by a silence procedure that lapsed.
    await send(api, 'POST', `/api/documents/${id}/silence`, presidency.token, { until: SILENCE_UNTIL });
    clock.now = Date.parse(SILENCE_UNTIL);
    for (let round = 1; round <= ROUNDS; round++) {
      const held = holdRevisionStore(api, 'before-commit');
      const issued = send(api, 'POST', `/api/documents/${id}/revisions`, presidency.token, {});
      await held.entered;
      const reading = nextLiveRead(api);
      const forwarded = send(api, 'POST', `/api/documents/${id}/item-note`, secondPresidency.token, {
        number: `${10000 + round}/17`,
      });
      await Promise.race([forwarded, reading]);
      held.release();
      expect((await issued).status).toBe(201);
      expect((await forwarded).status).toBe(201);
      const audit = await readAudit(api, presidency.token, id);
      const latest = audit.filter((entry) => entry.action === 'revision.issued').at(-1);
      const forwarding = audit.filter((entry) => entry.action === 'document.forwarded').at(-1);
      // Forwarded after REV `round` was issued, the note cites it; before, the one before.
      const citesLatest = audit.indexOf(latest as AuditEntry) < audit.indexOf(forwarding as AuditEntry);
      expect(forwarding?.details.previous).toBe(
        citesLatest
          ? latest?.details.label
          : round === 1
            ? '9999/17'
            : `9999/${round - 1}/17 REV ${round - 1}`,
      );
    }
  });
});

/**
 * France's position `given` on block `blockId` while REV `round` was issued, changing the block: given on
 * the text REV `round` froze, or on the one before, which REV `round` changed (stale now).
 */
async function expectPinnedToItsText(
  api: Api,
  token: string,
  id: string,
  blockId: string,
  given: Answer,
  round: number,
): Promise<void> {
  expect(given.status).toBe(200);
  const { revision } = given.body as { revision: number };
  const report = await readReport(api, token, id);
  const stale = report.blocks.find((block) => block.id === blockId)?.positions.FR?.stale;
  expect({ revision, stale }).toEqual(stale ? { revision: round - 1, stale } : { revision: round, stale });
}

/**
 * Holds the next revision the server stores until `release`, before it is written or just after: the
 * issuing request is then inside its atomic edit, its upload applied on the server and not yet shown.
 */
function holdRevisionStore(
  api: InProcessServer,
  when: 'before-commit' | 'after-commit',
): { entered: Promise<void>; release: () => void } {
  const revisions = api.store.revisions;
  const create = revisions.create;
  const hold = makeHold();
  revisions.create = async (...args) => {
    revisions.create = create;
    const created = when === 'after-commit' ? await create.apply(revisions, args) : null;
    await hold.arrive();
    return created ?? create.apply(revisions, args);
  };
  return hold;
}

/** A point the server is held at: `entered` once it `arrive`s there, held until `release`. */
function makeHold(): { entered: Promise<void>; release: () => void; arrive: () => Promise<void> } {
  let enter!: () => void;
  let release!: () => void;
  const entered = new Promise<void>((resolve) => {
    enter = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    entered,
    release,
    arrive: () => {
      enter();
      return released;
    },
  };
}

/** Resolves when the server next reads a document's live text (from the store or memory). */
function nextLiveRead(api: InProcessServer): Promise<void> {
  const documents = api.server.documents;
  const read = documents.read;
  return new Promise((resolve) => {
    documents.read = (...args) => {
      documents.read = read;
      resolve();
      return read.apply(documents, args);
    };
  });
}

/** Types `text` at the end of block `index`'s first text run, as one transaction. */
function typeAtEnd(doc: Y.Doc, index: number, text: string): void {
  const block = getFragment(doc).get(index);
  if (!(block instanceof Y.XmlElement)) throw new Error(`no block ${index}`);
  const run = block.toArray().find((child): child is Y.XmlText => child instanceof Y.XmlText);
  if (run === undefined) throw new Error(`block ${index} has no text`);
  run.insert(run.length, text);
}

describe('silence procedures at once', () => {
  it('starts one procedure of two started at once', async () => {
    const { api, presidency, secondPresidency, id } = await setup();
    const answers = await Promise.all(
      [presidency, secondPresidency].map((user) =>
        send(api, 'POST', `/api/documents/${id}/silence`, user.token, { until: SILENCE_UNTIL }),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    expect(answers.map(codeOf)).toContain('silence-running');
    expect(countActions(await readAudit(api, presidency.token, id), 'silence.started')).toBe(1);
  });

  it('covers, when started while a revision changes a paragraph, that paragraph only as the procedure saw it', async () => {
    const { api, clock, presidency, secondPresidency, id } = await setup();
    const [issued, started] = await Promise.all([
      send(api, 'POST', `/api/documents/${id}/revisions`, presidency.token, {
        markdown: withSecondPoint('The EU stands ready to respond to malicious cyber activities.'),
      }),
      send(api, 'POST', `/api/documents/${id}/silence`, secondPresidency.token, { until: SILENCE_UNTIL }),
    ]);
    expect([issued.status, started.status]).toEqual([201, 201]);
    const actions = (await readAudit(api, presidency.token, id)).map((entry) => entry.action);
    const startedFirst = actions.indexOf('silence.started') < actions.indexOf('revision.issued');
    const running = (await readReport(api, presidency.token, id)).blocks[2];
    // Started on the text before the revision, the paragraph the revision changed is out of it.
    expect(running?.outsideSilence).toBe(startedFirst ? 'edited' : null);
    clock.now = Date.parse(SILENCE_UNTIL);
    const lapsed = (await readReport(api, presidency.token, id)).blocks[2];
    expect(lapsed?.status).toBe(startedFirst ? 'open' : 'agreed');
  });

  it('covers the paragraphs a revision just stored changed, when started before its upload is shown', async () => {
    const { api, clock, presidency, secondPresidency, id } = await setup();
    // The text read once before, as a board reading the report does.
    await readReport(api, presidency.token, id);
    const held = holdRevisionStore(api, 'after-commit');
    const issued = send(api, 'POST', `/api/documents/${id}/revisions`, presidency.token, {
      markdown: withSecondPoint('The EU stands ready to respond to malicious cyber activities (REV 1).'),
    });
    await held.entered;
    const reading = nextLiveRead(api);
    const started = send(api, 'POST', `/api/documents/${id}/silence`, secondPresidency.token, {
      until: SILENCE_UNTIL,
    });
    await Promise.race([started, reading]);
    held.release();
    expect([(await issued).status, (await started).status]).toEqual([201, 201]);
    const actions = (await readAudit(api, presidency.token, id)).map((entry) => entry.action);
    expect(actions.indexOf('revision.issued')).toBeLessThan(actions.indexOf('silence.started'));
    clock.now = Date.parse(SILENCE_UNTIL);
    const lapsed = (await readReport(api, presidency.token, id)).blocks[2];
    expect(lapsed).toMatchObject({ outsideSilence: null, status: 'agreed' });
  });

  it('refuses every break at the instant of the deadline: the procedure lapsed, once', async () => {
    const { api, clock, presidency, france, germany, id } = await setup();
    await send(api, 'POST', `/api/documents/${id}/silence`, presidency.token, { until: SILENCE_UNTIL });
    clock.now = Date.parse(SILENCE_UNTIL);
    const [fromFrance, report, fromGermany] = await Promise.all([
      send(api, 'POST', `/api/documents/${id}/silence/break`, france.token, { reason: 'Too late?' }),
      readReport(api, presidency.token, id),
      send(api, 'POST', `/api/documents/${id}/silence/break`, germany.token, { reason: 'Too late?' }),
    ]);
    expect([fromFrance.status, fromGermany.status]).toEqual([409, 409]);
    expect(report.silence?.outcome).toBe('lapsed');
    expect((await readReport(api, germany.token, id)).silence?.outcome).toBe('lapsed');
    const audit = await readAudit(api, presidency.token, id);
    expect(countActions(audit, 'silence.broken')).toBe(0);
    expect(countActions(audit, 'silence.lapsed')).toBe(1);
  });

  it('keeps one break of a delegation whose two users break at once, and both delegations’ when two break', async () => {
    const { api, presidency, france, germany, secondGermany, id } = await setup();
    await send(api, 'POST', `/api/documents/${id}/silence`, presidency.token, { until: SILENCE_UNTIL });
    const answers = await Promise.all(
      [germany, secondGermany, france].map((user) =>
        send(api, 'POST', `/api/documents/${id}/silence/break`, user.token, { reason: `${user.id} objects` }),
      ),
    );
    const [first, second, fromFrance] = answers;
    expect([first?.status, second?.status].sort()).toEqual([200, 409]);
    expect([first, second].map((answer) => codeOf(answer as Answer))).toContain('already-broken');
    expect(fromFrance?.status).toBe(200);
    const report = await readReport(api, presidency.token, id);
    expect(report.silence?.outcome).toBe('broken');
    expect(report.silence?.brokenBy.map((entry) => entry.delegation).sort()).toEqual(['DE', 'FR']);
    const breaks = (await readAudit(api, presidency.token, id)).filter(
      (entry) => entry.action === 'silence.broken',
    );
    expect(breaks.map((entry) => entry.actor.delegation).sort()).toEqual(['DE', 'FR']);
  });
  it('settles a procedure cancelled as a delegation breaks it one way, as the answers say', async () => {
    const { api, clock, presidency, germany, id } = await setup();
    for (let round = 0; round < ROUNDS; round++) {
      clock.now += 60_000;
      const until = new Date(clock.now + 86_400_000).toISOString();
      expect(
        (await send(api, 'POST', `/api/documents/${id}/silence`, presidency.token, { until })).status,
      ).toBe(201);
      const [cancelled, broken] = await Promise.all([
        send(api, 'POST', `/api/documents/${id}/silence/cancel`, presidency.token, { reason: 'Wrong text' }),
        send(api, 'POST', `/api/documents/${id}/silence/break`, germany.token, { reason: 'We object' }),
      ]);
      expect([cancelled.status, broken.status].sort()).toEqual([200, 409]);
      const outcome = (await readReport(api, germany.token, id)).silence?.outcome;
      expect(outcome).toBe(cancelled.status === 200 ? 'cancelled' : 'broken');
    }
    const audit = await readAudit(api, presidency.token, id);
    expect(countActions(audit, 'silence.cancelled') + countActions(audit, 'silence.broken')).toBe(ROUNDS);
  });
});

describe('positions at once', () => {
  it('keeps, of one delegation’s two users’ positions at once, the latest, with both in the history, the stream and report agreeing', async () => {
    const { api, presidency, germany, secondGermany, id, blocks } = await setup();
    const blockId = blocks[2]?.id as string;
    const stream = await readEventStream(`${api.url}/api/documents/${id}/events`, {
      authorization: `Bearer ${presidency.token}`,
    });
    onTeardown(() => stream.close());
    await vi.waitFor(() => expect(stream.events[0]?.event).toBe('ready'));
    for (let round = 0; round < ROUNDS; round++) {
      const answers = await Promise.all(
        [
          [germany, 'agree'],
          [secondGermany, 'scrutiny_reservation'],
        ].map(([user, position]) =>
          send(api, 'PUT', `/api/documents/${id}/blocks/${blockId}/position`, (user as TestUser).token, {
            position,
            note: `round ${round}`,
          }),
        ),
      );
      expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    }
    const recorded = (await readAudit(api, presidency.token, id)).filter(
      (entry) => entry.action === 'position.recorded',
    );
    expect(recorded).toHaveLength(2 * ROUNDS);
    const latest = recorded.at(-1) as AuditEntry;
    const report = await readReport(api, presidency.token, id);
    const held = report.blocks.find((block) => block.id === blockId)?.positions.DE;
    expect(held?.position).toBe(latest.details.position);
    await vi.waitFor(() => {
      const positions = stream.events.filter((event) => event.event === 'position');
      expect(positions).toHaveLength(2 * ROUNDS);
      expect((positions.at(-1)?.data as { position: string } | undefined)?.position).toBe(held?.position);
    });
  });
  it('withdraws once a position one delegation’s two users withdraw at once: the other is told there is none', async () => {
    const { api, presidency, germany, secondGermany, id, blocks } = await setup();
    const blockId = blocks[2]?.id as string;
    const path = `/api/documents/${id}/blocks/${blockId}/position`;
    for (let round = 0; round < ROUNDS; round++) {
      expect((await send(api, 'PUT', path, germany.token, { position: 'agree' })).status).toBe(200);
      const answers = await Promise.all(
        [germany, secondGermany].map((user) => send(api, 'DELETE', path, user.token)),
      );
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 404]);
      expect(answers.map(codeOf)).toContain('position-not-found');
    }
    const withdrawn = (await readAudit(api, presidency.token, id)).filter(
      (entry) => entry.action === 'position.withdrawn',
    );
    expect(withdrawn).toHaveLength(ROUNDS);
  });
});

describe('comments at once', () => {
  it('keeps a reply sent while its parent is resolved, and the parent resolved', async () => {
    const { api, presidency, france, germany, id, blocks } = await setup();
    const blockId = blocks[2]?.id as string;
    for (let round = 0; round < ROUNDS; round++) {
      const parent = await send(
        api,
        'POST',
        `/api/documents/${id}/blocks/${blockId}/comments`,
        france.token,
        {
          body: `Proposal ${round}`,
          visibility: 'all',
        },
      );
      const parentId = (parent.body as { id: string }).id;
      const [reply, resolved] = await Promise.all([
        send(api, 'POST', `/api/documents/${id}/blocks/${blockId}/comments`, germany.token, {
          body: `Reply ${round}`,
          visibility: 'all',
          replyTo: parentId,
        }),
        send(api, 'POST', `/api/documents/${id}/comments/${parentId}/resolve`, presidency.token),
      ]);
      expect([reply.status, resolved.status]).toEqual([201, 200]);
      const listed = (await send(api, 'GET', `/api/documents/${id}/comments`, germany.token)).body as {
        id: string;
        replyTo: string | null;
        resolved: boolean;
      }[];
      expect(listed.find((comment) => comment.id === parentId)?.resolved).toBe(true);
      expect(listed.filter((comment) => comment.replyTo === parentId)).toHaveLength(1);
    }
  });

  it('lists a comment sent while its paragraph is deleted over the socket as orphaned, or refuses it', async () => {
    const { api, presidency, france, germany, id } = await setup();
    const editor = connectClient(api, id, presidency.token);
    await waitSynced(editor);
    for (let round = 0; round < ROUNDS; round++) {
      const { blocks } = await api.readDocument(presidency.token, id);
      const target = blocks[1] as { id: string };
      const commented = send(api, 'POST', `/api/documents/${id}/blocks/${target.id}/comments`, france.token, {
        body: `On a paragraph going, round ${round}`,
        visibility: 'all',
      });
      const fragment = getFragment(editor.doc);
      const element = findBlockElement(editor.doc, target.id);
      if (!element) throw new Error('no block');
      fragment.delete(fragment.toArray().indexOf(element), 1);
      const answer = await commented;
      if (answer.status === 404) expect(codeOf(answer)).toBe('block-not-found');
      else expect(answer.status).toBe(201);
      await vi.waitFor(async () =>
        expect((await api.readDocument(germany.token, id)).blocks.map((b) => b.id)).not.toContain(target.id),
      );
      const listed = (await send(api, 'GET', `/api/documents/${id}/comments`, germany.token)).body as {
        blockId: string;
        orphaned: boolean;
      }[];
      const on = listed.filter((comment) => comment.blockId === target.id);
      expect(on.map((comment) => comment.orphaned)).toEqual(answer.status === 201 ? [true] : []);
    }
    expect(readTexts(editor.doc)).toHaveLength(4 - ROUNDS);
  });
});

describe('documents at once', () => {
  it('makes one document of two created at once under one Council number', async () => {
    const { api, presidency, secondPresidency } = await setup();
    for (let round = 0; round < ROUNDS; round++) {
      const number = `${9900 + round}/17`;
      const answers = await Promise.all(
        [presidency, secondPresidency].map((user) =>
          send(api, 'POST', '/api/documents', user.token, { number, title: `Made by ${user.id}` }),
        ),
      );
      expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
      expect(answers.map(codeOf)).toContain('number-taken');
      const listed = (await send(api, 'GET', '/api/documents', presidency.token)).body as {
        number: string;
      }[];
      expect(listed.filter((document) => document.number === number)).toHaveLength(1);
    }
  });
});

describe('token rotation at once', () => {
  it('answers requests made with the old token while it is replaced as that user or 401, and the old token opens nothing after', async () => {
    const { api, france, id, blocks } = await setup();
    const blockId = blocks[0]?.id as string;
    let token = france.token;
    for (let round = 0; round < ROUNDS; round++) {
      const old = token;
      const sockets: WebSocket[] = [];
      const [replaced, ...answers] = await Promise.all([
        send(api, 'POST', `/api/users/${france.id}/token`, ADMIN_TOKEN),
        ...Array.from({ length: 4 }, () => send(api, 'GET', '/api/me', old)),
        ...Array.from({ length: 4 }, () =>
          send(api, 'PUT', `/api/documents/${id}/blocks/${blockId}/position`, old, { position: 'agree' }),
        ),
        ...Array.from({ length: 4 }, () => openSocket(api, id, old, sockets)),
      ]);
      expect(replaced?.status).toBe(200);
      for (const answer of answers) expect([200, 401, 101]).toContain(answer.status);
      token = ((replaced as Answer).body as { token: string }).token;
      // A socket the old token opened is closed with the token's end: none is left open.
      await vi.waitFor(() =>
        expect(sockets.filter((socket) => socket.readyState !== WebSocket.CLOSED)).toHaveLength(0),
      );
      expect((await send(api, 'GET', '/api/me', old)).status).toBe(401);
      expect((await send(api, 'GET', '/api/me', token)).status).toBe(200);
    }
  });

  it('closes a socket the old token opened while it was replaced', async () => {
    const { api, france, id } = await setup();
    // Held after its token was checked, before it is open, while the token is replaced.
    const held = holdNextCall(api.store.documents, 'findById');
    const opening = openSocket(api, id, france.token, []);
    await held.entered;
    expect((await send(api, 'POST', `/api/users/${france.id}/token`, ADMIN_TOKEN)).status).toBe(200);
    held.release();
    const socket = await opening;
    if (socket.status === 101) {
      await vi.waitFor(() => expect(socket.socket?.readyState).toBe(WebSocket.CLOSED));
    } else expect(socket.status).toBe(401);
  });

  it('ends an event stream the old token opened while it was replaced', async () => {
    const { api, france, id } = await setup();
    const held = holdNextCall(api.store.documents, 'findById');
    const streaming = readEventStream(`${api.url}/api/documents/${id}/events`, {
      authorization: `Bearer ${france.token}`,
    });
    await held.entered;
    expect((await send(api, 'POST', `/api/users/${france.id}/token`, ADMIN_TOKEN)).status).toBe(200);
    held.release();
    const stream = await streaming;
    onTeardown(() => stream.close());
    let ended = false;
    void stream.ended.then(() => {
      ended = true;
    });
    await vi.waitFor(() => expect(ended).toBe(true));
  });

  it('signs nobody in with a login link whose token is replaced while the sign-in is being saved', async () => {
    const { api, france } = await setup();
    // Held after the link's token was checked, before its session is written, while the token is replaced.
    const held = holdNextCall(api.store.sessions, 'create');
    const signingIn = fetch(`${api.url}/login?token=${france.token}`, { redirect: 'manual' });
    await held.entered;
    expect((await send(api, 'POST', `/api/users/${france.id}/token`, ADMIN_TOKEN)).status).toBe(200);
    held.release();
    const answer = await signingIn;
    expect(answer.status).toBe(401);
    expect(answer.headers.get('set-cookie')).toBeNull();
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
  });
});

/** Holds the server's next call of `object[method]` (a store's) until `release`, then makes it. */
function holdNextCall<T extends object, K extends keyof T>(
  object: T,
  method: K,
): { entered: Promise<void>; release: () => void } {
  const original = object[method] as (...args: unknown[]) => Promise<unknown>;
  const hold = makeHold();
  object[method] = (async (...args: unknown[]) => {
    object[method] = original as T[K];
    await hold.arrive();
    return original.apply(object, args);
  }) as T[K];
  return hold;
}

/** Opens a sync socket with `token`: 101 once open (kept in `sockets`), else the refusal's status. */
function openSocket(
  api: Api,
  id: string,
  token: string,
  sockets: WebSocket[],
): Promise<Answer & { socket?: WebSocket }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${api.syncUrl}/${id}?token=${token}`);
    onTeardown(() => socket.terminate());
    socket.once('unexpected-response', (_request, response) => {
      resolve({ status: response.statusCode ?? 0, body: null });
      socket.terminate();
    });
    socket.once('open', () => {
      sockets.push(socket);
      resolve({ status: 101, body: null, socket });
    });
    socket.once('error', () => {});
  });
}
