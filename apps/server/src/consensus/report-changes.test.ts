import { describe, expect, it } from 'vitest';
import type { ConsensusParts } from './consensus-views';
import { ReportChanges } from './report-changes';

/** A report's parts whose rows are `{"id":…,"v":…}`, so a row's text says which version wrote it. */
function parts(rows: readonly (readonly [string, number])[], tail = '"silence":null'): ConsensusParts {
  return {
    status: 'open',
    ids: rows.map(([id]) => id),
    rows: rows.map(([id, v]) => JSON.stringify({ id, v })),
    tail,
  };
}

interface Answer {
  version: string;
  full: boolean;
  order: string[] | null;
  blocks: { id: string; v: number }[];
  silence: unknown;
}

function changesSince(changes: ReportChanges, since: string | null, current: ConsensusParts): Answer {
  const { full, json } = changes.changesSince(since, current);
  const answer = JSON.parse(json) as Answer;
  expect(answer.full).toBe(full);
  return answer;
}

describe('ReportChanges', () => {
  it('lists every block, in order, to a client that holds no version', () => {
    const changes = new ReportChanges();
    const first = parts([
      ['a', 1],
      ['b', 1],
    ]);
    changes.record(first);
    expect(changesSince(changes, null, first)).toEqual({
      version: changes.version,
      full: true,
      status: 'open',
      order: ['a', 'b'],
      blocks: [
        { id: 'a', v: 1 },
        { id: 'b', v: 1 },
      ],
      silence: null,
    });
  });

  it('sends the rows changed since the version held, with the rest of the report, and no order when it stayed', () => {
    const changes = new ReportChanges();
    changes.record(
      parts([
        ['a', 1],
        ['b', 1],
        ['c', 1],
      ]),
    );
    const held = changes.version;
    changes.record(
      parts([
        ['a', 1],
        ['b', 2],
        ['c', 1],
      ]),
    );
    const latest = parts(
      [
        ['a', 1],
        ['b', 2],
        ['c', 3],
      ],
      '"silence":{"outcome":"running"}',
    );
    changes.record(latest);
    const answer = changesSince(changes, held, latest);
    expect(answer).toMatchObject({ full: false, order: null, silence: { outcome: 'running' } });
    expect(answer.blocks).toEqual([
      { id: 'b', v: 2 },
      { id: 'c', v: 3 },
    ]);
    expect(answer.version).not.toBe(held);
    // Holding the latest: nothing to send but the report's other members.
    expect(changesSince(changes, answer.version, latest)).toMatchObject({
      full: false,
      order: null,
      blocks: [],
    });
  });

  it.each([
    {
      name: 'a block added',
      next: [
        ['a', 1],
        ['n', 1],
        ['b', 1],
      ] as const,
      order: ['a', 'n', 'b'],
      blocks: [{ id: 'n', v: 1 }],
    },
    { name: 'a block deleted', next: [['b', 1]] as const, order: ['b'], blocks: [] },
    {
      name: 'two blocks swapped',
      next: [
        ['b', 1],
        ['a', 1],
      ] as const,
      order: ['b', 'a'],
      blocks: [],
    },
  ])('sends the new order when $name', ({ next, order, blocks }) => {
    const changes = new ReportChanges();
    changes.record(
      parts([
        ['a', 1],
        ['b', 1],
      ]),
    );
    const held = changes.version;
    const latest = parts(next);
    changes.record(latest);
    expect(changesSince(changes, held, latest)).toMatchObject({ full: false, order, blocks });
  });

  it('sends a block deleted and then typed again as changed, though its row reads as before', () => {
    const changes = new ReportChanges();
    const both = parts([
      ['a', 1],
      ['b', 1],
    ]);
    changes.record(both);
    const held = changes.version;
    changes.record(parts([['a', 1]]));
    changes.record(both);
    expect(changesSince(changes, held, both)).toMatchObject({
      order: ['a', 'b'],
      blocks: [{ id: 'b', v: 1 }],
    });
  });

  it.each([
    { name: 'another tracker’s version', since: () => new ReportChanges().version },
    { name: 'a version to come', since: (changes: ReportChanges) => changes.version.replace(/\d+$/, '99') },
    { name: 'a malformed version', since: () => 'not-a-version' },
    { name: 'a version with a fraction', since: (changes: ReportChanges) => `${changes.version}.5` },
  ])('lists every block for $name', ({ since }) => {
    const changes = new ReportChanges();
    const first = parts([['a', 1]]);
    changes.record(first);
    expect(changesSince(changes, since(changes), first)).toMatchObject({ full: true, order: ['a'] });
  });

  it('lists every block while two blocks share an id (a paste not yet repaired)', () => {
    const changes = new ReportChanges();
    changes.record(parts([['a', 1]]));
    const held = changes.version;
    const twice = parts([
      ['a', 1],
      ['a', 2],
    ]);
    changes.record(twice);
    expect(changesSince(changes, held, twice)).toMatchObject({
      full: true,
      order: ['a', 'a'],
      blocks: [
        { id: 'a', v: 1 },
        { id: 'a', v: 2 },
      ],
    });
  });
});
