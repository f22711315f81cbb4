/**
 * Forgery matrix: for every ordered pair (A, B) of the 27 Member States' delegates and every route that
 * records something on a delegation's behalf, A tries to act as B by every means a request offers:
 * identity fields in the body (any spelling), query parameters, headers, and B's own records in the
 * path. Nothing may be recorded for B by anyone but B: every stored position, withdrawal, comment,
 * resolution, silence break and audit entry names the delegation of the user who made it, B's own
 * position and comment stay as B left them, and no response reports B as the one who acted.
 */
import { foldPositionHistory, MEMBER_STATE_CODES } from '@accord/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestUser, teardown } from '../server/harness';
import { type AppKit, numberedMarkdown, startAppKit } from './app-kit';
import { LONG_RUN } from './run-config';

afterAll(teardown);

/** Requests in flight at once (positions are group-committed, so they are sent together). */
const PARALLEL = 24;

interface Attempt {
  readonly route: string;
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** Every way a request could name someone else as the one acting. */
function impersonations(victim: TestUser) {
  const author = { id: victim.id, name: victim.name, delegation: victim.delegation };
  return {
    body: [
      { delegation: victim.delegation },
      { Delegation: victim.delegation },
      { author },
      { authorId: victim.id },
      { userId: victim.id },
      { user: author },
      { actor: author },
      { as: victim.delegation },
    ] as Record<string, unknown>[],
    query: [`delegation=${victim.delegation}`, `userId=${victim.id}`, `as=${victim.delegation}`],
    headers: [
      { 'x-delegation': victim.delegation as string },
      { 'x-user-id': victim.id },
      { 'x-forwarded-user': victim.name },
    ] as Record<string, string>[],
  };
}

let kit: AppKit;
let documentId: string;
/** Each delegation's own block: it holds that delegation's one legitimate position. */
const ownBlock = new Map<string, string>();
/** The block everyone tries to record positions and comments on. */
let contestedBlock: string;
/** Each delegation's one legitimate comment. */
const ownComment = new Map<string, string>();

beforeAll(async () => {
  kit = await startAppKit();
  const created = await kit.request('POST', '/api/documents', kit.presidency.token, {
    body: { markdown: numberedMarkdown(MEMBER_STATE_CODES.length + 1) },
  });
  const document = (await created.json()) as { id: string; blocks: { id: string }[] };
  documentId = document.id;
  contestedBlock = document.blocks.at(-1)?.id as string;
  for (const [i, code] of MEMBER_STATE_CODES.entries()) {
    const delegate = kit.delegates.get(code) as TestUser;
    const blockId = document.blocks[i + 1]?.id as string;
    ownBlock.set(code, blockId);
    const put = await kit.request(
      'PUT',
      `/api/documents/${documentId}/blocks/${blockId}/position`,
      delegate.token,
      {
        body: { position: 'agree' },
      },
    );
    expect(put.status).toBe(200);
    const comment = await kit.request(
      'POST',
      `/api/documents/${documentId}/blocks/${blockId}/comments`,
      delegate.token,
      {
        body: { body: `${code} comments on its own paragraph`, visibility: 'all' },
      },
    );
    expect(comment.status).toBe(201);
    ownComment.set(code, ((await comment.json()) as { id: string }).id);
  }
  const silence = await kit.request('POST', `/api/documents/${documentId}/silence`, kit.presidency.token, {
    body: { until: '2017-06-09T17:00:00.000Z' },
  });
  expect(silence.status).toBe(201);
});

/** One way of naming someone else as the one acting: a body field, a query parameter or a header. */
interface Means {
  readonly body?: Record<string, unknown>;
  readonly query?: string;
  readonly headers?: Record<string, string>;
}

/**
 * The attempts A makes to act as B, on every route that records something for a delegation: one means
 * per route, taking turns across pairs (`turn`), so that every means is tried on every route about
 * fifty times; the long run tries every means on every pair.
 */
function attemptsAs(victim: TestUser, victimCode: string, turn: number): Attempt[] {
  const all = impersonations(victim);
  const means: Means[] = [
    ...all.body.map((body) => ({ body })),
    ...all.query.map((query) => ({ query })),
    ...all.headers.map((headers) => ({ headers })),
  ];
  const tried = LONG_RUN ? means : [means[turn % means.length] as Means];
  const doc = `/api/documents/${documentId}`;
  const position = `${doc}/blocks/${contestedBlock}/position`;
  const withdraw = `${doc}/blocks/${ownBlock.get(victimCode)}/position`;
  const comments = `${doc}/blocks/${contestedBlock}/comments`;
  const resolve = `${doc}/comments/${ownComment.get(victimCode)}/resolve`;
  const reopen = `${doc}/comments/${ownComment.get(victimCode)}/reopen`;
  const silence = `${doc}/silence/break`;
  const attempts: Attempt[] = [];
  const each = (route: string, method: string, path: string, base: Record<string, unknown> | undefined) => {
    for (const { body, query, headers } of tried) {
      attempts.push({
        route,
        method,
        path: query === undefined ? path : `${path}?${query}`,
        body: body === undefined ? base : { ...base, ...body },
        headers,
      });
    }
  };
  each('position', 'PUT', position, { position: 'oppose', note: `as ${victimCode}` });
  each('positions at once', 'PUT', `${doc}/positions`, {
    positions: [{ blockId: contestedBlock, position: 'oppose', note: `as ${victimCode}` }],
  });
  each('withdrawal', 'DELETE', withdraw, undefined);
  // A general reservation has no block to aim at: a forged one would be recorded as the victim's.
  each('general reservation', 'PUT', `${doc}/position`, {
    position: 'reservation',
    note: `as ${victimCode}`,
  });
  each('general withdrawal', 'DELETE', `${doc}/position`, undefined);
  each('comment', 'POST', comments, { body: `written as ${victimCode}`, visibility: 'all' });
  each('private note', 'POST', comments, { body: `a note of ${victimCode}`, visibility: 'delegation' });
  each('resolution', 'POST', resolve, undefined);
  each('reopening', 'POST', reopen, undefined);
  each('silence break', 'POST', silence, { reason: `broken as ${victimCode}` });
  return attempts;
}

/** Who a successful response says acted, if it says so. */
function actingDelegation(route: string, body: unknown): string | null {
  const value = body as { delegation?: string; author?: { delegation?: string }; silence?: unknown };
  if (['position', 'withdrawal', 'general reservation', 'general withdrawal'].includes(route))
    return value.delegation ?? null;
  if (route === 'comment' || route === 'private note') return value.author?.delegation ?? null;
  if (route === 'positions at once') {
    return (body as { positions?: { delegation?: string }[] }).positions?.[0]?.delegation ?? null;
  }
  return null;
}

describe('forgery matrix', () => {
  it('lets no delegation act for another: 702 ordered pairs × every recording route, 0 accepted', async () => {
    const jobs: { attacker: string; victim: string; attempt: Attempt }[] = [];
    let turn = 0;
    for (const attacker of MEMBER_STATE_CODES) {
      for (const victim of MEMBER_STATE_CODES) {
        if (attacker === victim) continue;
        for (const attempt of attemptsAs(kit.delegates.get(victim) as TestUser, victim, turn++)) {
          jobs.push({ attacker, victim, attempt });
        }
      }
    }
    const pairs = new Set(jobs.map((j) => `${j.attacker}>${j.victim}`));
    expect(pairs.size).toBe(702);

    const accepted: string[] = [];
    const outcomes = new Map<string, number>();
    let next = 0;
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        while (next < jobs.length) {
          const { attacker, victim, attempt } = jobs[next++] as (typeof jobs)[number];
          const token = (kit.delegates.get(attacker) as TestUser).token;
          const response = await kit.request(attempt.method, attempt.path, token, {
            body: attempt.body,
            headers: attempt.headers,
          });
          const key = `${attempt.route} ${response.status}`;
          outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
          expect(response.status, `${attempt.method} ${attempt.path}`).toBeLessThan(500);
          if (response.status >= 200 && response.status < 300) {
            const acted = actingDelegation(attempt.route, await response.json());
            if (acted !== null && acted !== attacker)
              accepted.push(`${attacker} as ${victim}: ${attempt.route}`);
            if (['withdrawal', 'resolution', 'reopening'].includes(attempt.route)) {
              accepted.push(
                `${attacker} changed ${victim}'s ${attempt.route === 'withdrawal' ? 'position' : 'comment'}`,
              );
            }
          }
        }
      }),
    );
    expect(accepted).toEqual([]);

    // What the store holds: every record names the delegation of the user who made it.
    await kit.documents.flush();
    const userDelegation = (userId: string | null) =>
      userId === null ? null : kit.usersById.get(userId)?.delegation;
    const events = await kit.store.positions.list(documentId);
    for (const event of events) {
      const { delegation, userId } = event.type === 'recorded' ? event.record : event;
      expect(delegation, JSON.stringify(event)).toBe(userDelegation(userId));
    }
    const current = foldPositionHistory(events);
    for (const code of MEMBER_STATE_CODES) {
      expect(current.get(ownBlock.get(code) as string)?.get(code)?.position, code).toBe('agree');
    }
    for (const comment of await kit.store.comments.list(documentId)) {
      expect(comment.authorDelegation, comment.body).toBe(userDelegation(comment.authorId));
      if ([...ownComment.values()].includes(comment.id)) expect(comment.resolvedAt).toBeNull();
    }
    for (const procedure of await kit.store.silence.list(documentId)) {
      for (const broken of procedure.breaks) expect(broken.delegation).toBe(userDelegation(broken.userId));
    }
    for (const entry of await kit.store.audit.list(documentId, { limit: 1_000_000 })) {
      if (entry.actor.id === null) continue;
      expect(entry.actor.delegation).toBe(userDelegation(entry.actor.id));
      const named = entry.details.delegation;
      if (typeof named === 'string') expect(named, entry.summary).toBe(entry.actor.delegation);
    }

    const table = [...outcomes].sort().map(([key, n]) => `${key}: ${n}`);
    console.info(
      `forgery matrix: ${pairs.size} ordered pairs, ${jobs.length} attempts, 0 accepted\n  ${table.join('\n  ')}`,
    );
  }, 600_000);
});
