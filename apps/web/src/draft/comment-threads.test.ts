import { describe, expect, it } from 'vitest';
import type { BlockComment } from '../api/client';
import {
  chooseStatusAction,
  countOpenComments,
  findOrphanedComments,
  threadComments,
} from './comment-threads';

function comment(id: string, replyTo: string | null, minute: number): BlockComment {
  return {
    id,
    blockId: 'b1',
    author: { id: `u-${id}`, name: id, delegation: 'FR' },
    body: `comment ${id}`,
    visibility: 'all',
    replyTo,
    quote: '',
    createdAt: `2017-06-07T10:${String(minute).padStart(2, '0')}:00.000Z`,
    resolved: false,
    orphaned: false,
  };
}

const shape = (comments: BlockComment[]) =>
  threadComments(comments).map((t) => [t.comment.id, t.replies.map((r) => r.id)]);

describe('threadComments', () => {
  it('puts replies, and replies to replies, under the comment they answer, oldest first', () => {
    const comments = [
      comment('a', null, 1),
      comment('b', null, 2),
      comment('a2', 'a', 5),
      comment('a1', 'a', 3),
      comment('a1x', 'a1', 4),
      comment('b1', 'b', 6),
    ];
    expect(shape(comments)).toEqual([
      ['a', ['a1', 'a1x', 'a2']],
      ['b', ['b1']],
    ]);
  });

  it('shows a reply to a comment the caller cannot see as a thread of its own', () => {
    expect(shape([comment('a', null, 1), comment('r', 'hidden', 2)])).toEqual([
      ['a', []],
      ['r', []],
    ]);
  });

  it('keeps every comment once, even in a cycle of replies', () => {
    const threads = threadComments([comment('x', 'y', 1), comment('y', 'x', 2)]);
    expect(threads.flatMap((t) => [t.comment.id, ...t.replies.map((r) => r.id)]).sort()).toEqual(['x', 'y']);
  });
});

describe('findOrphanedComments', () => {
  const on = (id: string, blockId: string, orphaned: boolean): BlockComment => ({
    ...comment(id, null, 1),
    blockId,
    orphaned,
  });

  it('goes by the live text, not by what the server said when it listed the comments', () => {
    const comments = [on('kept', 'b1', false), on('joined-away', 'b2', false), on('undone', 'b3', true)];
    expect(findOrphanedComments(comments, new Set(['b1', 'b3'])).map((c) => c.id)).toEqual(['joined-away']);
  });
});

describe('countOpenComments', () => {
  const resolved = (c: BlockComment): BlockComment => ({ ...c, resolved: true });
  const on = (blockId: string, c: BlockComment): BlockComment => ({ ...c, blockId });

  it('counts the unresolved comments of each block', () => {
    const counts = countOpenComments([
      comment('a', null, 1),
      comment('a1', 'a', 2),
      resolved(comment('b', null, 3)),
      on('b2', comment('c', null, 4)),
    ]);
    expect(Object.fromEntries(counts)).toEqual({ b1: 2, b2: 1 });
  });

  it('counts nothing of a thread whose first comment is resolved, replies and replies to them included', () => {
    // QA: France resolved its comment, the Netherlands' reply under it kept the margin at "1 comment".
    const counts = countOpenComments([
      resolved(comment('a', null, 1)),
      comment('a1', 'a', 2),
      comment('a1x', 'a1', 3),
    ]);
    expect(counts.get('b1') ?? 0).toBe(0);
  });

  it('counts a reply whose first comment the caller cannot see, as its thread shows it', () => {
    expect(countOpenComments([comment('r', 'hidden', 1)]).get('b1')).toBe(1);
  });
});

describe('chooseStatusAction', () => {
  const fr = { id: 'u-fr', role: 'delegate' } as const;
  const de = { id: 'u-de', role: 'delegate' } as const;
  const presidency = { id: 'u-pres', role: 'presidency' } as const;
  const byFr = (resolved: boolean) => ({ author: { id: 'u-fr' }, resolved });
  it.each([
    {
      case: 'its author resolves an open comment',
      comment: byFr(false),
      me: fr,
      inResolved: false,
      expected: 'resolve',
    },
    {
      case: 'its author reopens a resolved one',
      comment: byFr(true),
      me: fr,
      inResolved: false,
      expected: 'reopen',
    },
    {
      case: "the Presidency resolves anyone's",
      comment: byFr(false),
      me: presidency,
      inResolved: false,
      expected: 'resolve',
    },
    {
      case: 'another delegation may do neither',
      comment: byFr(false),
      me: de,
      inResolved: false,
      expected: null,
    },
    {
      case: "a reply in a thread resolved as a whole offers no Resolve: the thread says resolved, the margin counts it closed (QA: the Presidency's reply under FR's resolved proposal offered one)",
      comment: byFr(false),
      me: presidency,
      inResolved: true,
      expected: null,
    },
    {
      case: "a reply resolved itself in a resolved thread offers no Reopen either: the first comment's reopens the thread",
      comment: byFr(true),
      me: fr,
      inResolved: true,
      expected: null,
    },
  ] as const)('$case', ({ comment, me, inResolved, expected }) => {
    expect(chooseStatusAction(comment, me, inResolved)).toBe(expected);
  });
});
