import { describe, expect, it } from 'vitest';
import {
  breakSilence,
  cancelSilence,
  describeSilence,
  isCoveredBySilence,
  isSilenceRunning,
  judgeSilence,
  listTextChanges,
  MAX_SILENCE_REASON_CHARS,
  recordTextChanges,
  type SilenceOutcome,
  type SilenceProcedure,
  startSilenceProcedure,
} from './silence';
import { hashBlockText } from './text-hash';

const START = '2017-06-07T10:00:00.000Z';
const DEADLINE = '2017-06-09T12:00:00.000Z';
const BEFORE = '2017-06-09T11:59:59.999Z';
const AFTER = '2017-06-09T12:00:00.001Z';

const BLOCKS = [
  { id: 'p1', textHash: hashBlockText('The Council condemns malicious cyber activities.') },
  { id: 'p2', textHash: hashBlockText('The EU [strongly] supports an open cyberspace.') },
];

function start(): SilenceProcedure {
  const result = startSilenceProcedure({
    blocks: BLOCKS,
    until: DEADLINE,
    now: START,
    userId: 'presidency-1',
  });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function broken(procedure: SilenceProcedure, delegation: string, at = '2017-06-08T09:00:00.000Z') {
  const result = breakSilence(procedure, { delegation, reason: 'needs more time', at, userId: 'u' });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function cancelled(procedure: SilenceProcedure, at = '2017-06-08T09:00:00.000Z') {
  const result = cancelSilence(procedure, { reason: 'wrong deadline', at, userId: 'presidency-1' });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('startSilenceProcedure', () => {
  it("records each block's text hash and the deadline, normalised to UTC", () => {
    const result = startSilenceProcedure({
      blocks: BLOCKS,
      until: '2017-06-09T14:00:00+02:00',
      now: START,
      userId: 'presidency-1',
    });
    expect(result).toEqual({
      ok: true,
      value: {
        startedAt: START,
        startedBy: 'presidency-1',
        until: DEADLINE,
        textHashes: { p1: BLOCKS[0]?.textHash, p2: BLOCKS[1]?.textHash },
        breaks: [],
        changedDuring: [],
        cancellation: null,
      },
    });
  });

  it.each([
    ['a deadline that is not a timestamp', 'Friday noon', 'invalid-timestamp'],
    ['a deadline without an offset', '2017-06-09T12:00:00', 'invalid-timestamp'],
    ['a deadline in the past', '2017-06-06T12:00:00Z', 'deadline-passed'],
    ['a deadline equal to now', START, 'deadline-passed'],
    ['a deadline more than 30 days ahead', '2017-07-07T10:00:00.001Z', 'deadline-too-far'],
    ['a deadline in the year 9999', '9999-12-31T23:59:59Z', 'deadline-too-far'],
  ])('refuses %s', (_what, until, code) => {
    const result = startSilenceProcedure({ blocks: BLOCKS, until, now: START, userId: 'p' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code, field: 'until' });
  });

  it('takes a deadline 30 days ahead, and says by when one must be beyond that', () => {
    const start = (until: string) =>
      startSilenceProcedure({ blocks: BLOCKS, until, now: START, userId: 'p' });
    expect(start('2017-07-07T10:00:00Z').ok).toBe(true);
    expect(start('2017-07-08T10:00:00Z')).toEqual({
      ok: false,
      error: {
        code: 'deadline-too-far',
        field: 'until',
        message:
          'the deadline 2017-07-08T10:00:00.000Z is more than 30 days away: a silence procedure runs a few days, a few weeks at most; set one by 2017-07-07T10:00:00.000Z',
      },
    });
  });

  it('keeps a block id such as __proto__ as an ordinary key', () => {
    const result = startSilenceProcedure({
      blocks: [{ id: '__proto__', textHash: 'h' }],
      until: DEADLINE,
      now: START,
      userId: 'p',
    });
    expect(result.ok && Object.keys(result.value.textHashes)).toEqual(['__proto__']);
    if (result.ok) expect(isCoveredBySilence(result.value, '__proto__', 'h', AFTER)).toBe(true);
  });
});

describe('judgeSilence', () => {
  it.each<[string, () => SilenceProcedure, string, SilenceOutcome]>([
    ['while nobody has broken it and the deadline is ahead, it is running', start, BEFORE, 'running'],
    ['when nobody broke it by the deadline, it has lapsed', start, DEADLINE, 'lapsed'],
    [
      'long after the deadline, an unbroken procedure stays lapsed',
      start,
      '2018-01-01T00:00:00.000Z',
      'lapsed',
    ],
    [
      'once a delegation broke it, it is broken before the deadline',
      () => broken(start(), 'HU'),
      BEFORE,
      'broken',
    ],
    [
      'once a delegation broke it, it stays broken after the deadline',
      () => broken(start(), 'HU'),
      AFTER,
      'broken',
    ],
    [
      'once the Presidency cancelled it, it is cancelled before the deadline',
      () => cancelled(start()),
      BEFORE,
      'cancelled',
    ],
    [
      'a cancelled procedure never lapses: it stays cancelled after the deadline',
      () => cancelled(start()),
      AFTER,
      'cancelled',
    ],
  ])('%s', (_title, procedure, now, outcome) => {
    expect(judgeSilence(procedure(), now)).toBe(outcome);
  });

  it('compares instants, not strings: a deadline written with an offset is the same instant', () => {
    expect(judgeSilence(start(), '2017-06-09T14:00:00+02:00')).toBe('lapsed');
  });
});

describe('isSilenceRunning', () => {
  it.each([
    ['a procedure nobody has broken before its deadline is running', start, BEFORE, true],
    ['a lapsed procedure is no longer running', start, DEADLINE, false],
    [
      'a broken procedure is no longer running, so a new one may start',
      () => broken(start(), 'HU'),
      BEFORE,
      false,
    ],
    ['with no procedure started, none is running', () => null, BEFORE, false],
    [
      'a cancelled procedure is no longer running, so a new one may start at once',
      () => cancelled(start(), BEFORE),
      BEFORE,
      false,
    ],
  ])('%s', (_title, procedure, now, running) => {
    expect(isSilenceRunning(procedure(), now)).toBe(running);
  });
});

describe('breakSilence', () => {
  it('records who broke silence, why and when', () => {
    const procedure = broken(start(), 'HU', '2017-06-08T09:00:00+02:00');
    expect(describeSilence(procedure, BEFORE)).toEqual({
      startedAt: START,
      until: DEADLINE,
      brokenBy: [{ delegation: 'HU', reason: 'needs more time', at: '2017-06-08T07:00:00.000Z' }],
      outcome: 'broken',
      cancelled: null,
    });
  });

  it('lets further delegations break silence too, in the order they did', () => {
    const procedure = broken(broken(start(), 'HU'), 'PL', '2017-06-08T10:00:00.000Z');
    expect(procedure.breaks.map((b) => b.delegation)).toEqual(['HU', 'PL']);
  });

  it.each([
    ['at the deadline itself', { at: DEADLINE }, 'silence-over', 'at'],
    ['after the deadline', { at: AFTER }, 'silence-over', 'at'],
    ['by the Commission, which takes no position', { delegation: 'COM' }, 'invalid-delegation', 'delegation'],
    ['by Greece written GR', { delegation: 'GR' }, 'invalid-delegation', 'delegation'],
    ['without a reason', { reason: '' }, 'reason-required', 'reason'],
    ['with a reason of spaces', { reason: '   ' }, 'reason-required', 'reason'],
    ['with a reason that is not text', { reason: 7 }, 'reason-required', 'reason'],
    [
      'with a reason over the limit',
      { reason: 'x'.repeat(MAX_SILENCE_REASON_CHARS + 1) },
      'reason-too-long',
      'reason',
    ],
    ['at a time that is not one', { at: 'later' }, 'invalid-timestamp', 'at'],
  ])('is refused %s', (_title, change, code, field) => {
    const input = { delegation: 'FR', reason: 'scrutiny', at: BEFORE, userId: 'fr-1', ...change };
    const result = breakSilence(start(), input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code, field });
  });

  it('is refused a second time for the same delegation, leaving the first reason in place', () => {
    const procedure = broken(start(), 'HU');
    const again = breakSilence(procedure, {
      delegation: 'HU',
      reason: 'another',
      at: BEFORE,
      userId: 'hu-2',
    });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.code).toBe('already-broken');
    expect(procedure.breaks).toHaveLength(1);
  });

  it('leaves the procedure it was given untouched', () => {
    const procedure = start();
    broken(procedure, 'HU');
    expect(procedure.breaks).toEqual([]);
  });
});

describe('cancelSilence', () => {
  it('records when the Presidency cancelled it and why, and the report says so', () => {
    const procedure = cancelled(start(), '2017-06-08T11:00:00+02:00');
    expect(procedure.cancellation).toEqual({
      reason: 'wrong deadline',
      at: '2017-06-08T09:00:00.000Z',
      userId: 'presidency-1',
    });
    expect(describeSilence(procedure, AFTER)).toEqual({
      startedAt: START,
      until: DEADLINE,
      brokenBy: [],
      outcome: 'cancelled',
      cancelled: { at: '2017-06-08T09:00:00.000Z', reason: 'wrong deadline' },
    });
  });

  it.each<[string, unknown, string | null]>([
    ['without a reason', undefined, null],
    ['with null for a reason', null, null],
    ['with a reason of spaces, as none', '   ', null],
    ['with a reason, kept as given', ' Wrong text. ', ' Wrong text. '],
    [
      'with a reason at the limit',
      'x'.repeat(MAX_SILENCE_REASON_CHARS),
      'x'.repeat(MAX_SILENCE_REASON_CHARS),
    ],
  ])('is accepted %s', (_title, reason, kept) => {
    const result = cancelSilence(start(), { reason, at: BEFORE, userId: 'p' });
    expect(result.ok && result.value.cancellation?.reason).toBe(kept);
  });

  it.each<[string, () => SilenceProcedure, Record<string, unknown>, string, string]>([
    ['at the deadline itself: it has lapsed', start, { at: DEADLINE }, 'silence-not-running', 'at'],
    ['after the deadline: it has lapsed', start, { at: AFTER }, 'silence-not-running', 'at'],
    ['once broken', () => broken(start(), 'HU'), {}, 'silence-not-running', 'at'],
    ['a second time', () => cancelled(start()), {}, 'silence-not-running', 'at'],
    ['with a reason that is not text', start, { reason: 7 }, 'invalid-reason', 'reason'],
    [
      'with a reason over the limit',
      start,
      { reason: 'x'.repeat(MAX_SILENCE_REASON_CHARS + 1) },
      'reason-too-long',
      'reason',
    ],
    ['at a time that is not one', start, { at: 'later' }, 'invalid-timestamp', 'at'],
  ])('is refused %s', (_title, procedure, change, code, field) => {
    const result = cancelSilence(procedure(), { at: BEFORE, userId: 'p', ...change });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code, field });
  });

  it('ends the procedure: silence can no longer be broken, and no later edit is its change', () => {
    const procedure = cancelled(start());
    const late = breakSilence(procedure, { delegation: 'HU', reason: 'x', at: BEFORE, userId: 'u' });
    expect(!late.ok && late.error.code).toBe('silence-over');
    expect(listTextChanges(procedure, [{ id: 'p1', textHash: hashBlockText('Changed.') }], BEFORE)).toEqual(
      [],
    );
  });

  it('leaves the procedure it was given untouched', () => {
    const procedure = start();
    cancelled(procedure);
    expect(procedure.cancellation).toBeNull();
  });
});

describe('isCoveredBySilence', () => {
  const unchanged = BLOCKS[0]?.textHash ?? '';
  it.each([
    ['a lapsed procedure covers a block whose text is unchanged', start, 'p1', unchanged, DEADLINE, true],
    ['a running procedure covers nothing yet', start, 'p1', unchanged, BEFORE, false],
    ['a broken procedure covers nothing', () => broken(start(), 'HU'), 'p1', unchanged, AFTER, false],
    ['a cancelled procedure covers nothing', () => cancelled(start()), 'p1', unchanged, AFTER, false],
    [
      'a cancelled procedure covers nothing long after its deadline',
      () => cancelled(start()),
      'p1',
      unchanged,
      '2018-01-01T00:00:00.000Z',
      false,
    ],
    [
      'a block whose text changed during the procedure is not covered',
      start,
      'p1',
      hashBlockText('Changed.'),
      DEADLINE,
      false,
    ],
    ['a block added during the procedure is not covered', start, 'p3', unchanged, DEADLINE, false],
  ])('%s', (_title, procedure, blockId, hash, now, covered) => {
    expect(isCoveredBySilence(procedure(), blockId, hash, now)).toBe(covered);
  });
});

const P1_TEXT = 'The Council condemns malicious cyber activities.';
const P2_TEXT = 'The EU [strongly] supports an open cyberspace.';
const DURING = '2017-06-08T09:00:00.000Z';
const LATER = '2017-06-10T09:00:00.000Z';

/** The live text after an edit at `at`: each block's text by id, in document order. */
type Edit = readonly [at: string, texts: Readonly<Record<string, string>>];

/** The procedure as the server keeps it: every edit's changes recorded as it lands. */
function afterEdits(edits: readonly Edit[]): SilenceProcedure {
  let procedure = start();
  for (const [at, texts] of edits) {
    const blocks = Object.entries(texts).map(([id, text]) => ({ id, textHash: hashBlockText(text) }));
    procedure = recordTextChanges(procedure, listTextChanges(procedure, blocks, at));
  }
  return procedure;
}

describe('text changes while the procedure runs', () => {
  const both = (p1: string) => ({ p1, p2: P2_TEXT });
  it.each<[string, Edit[], string, string, boolean]>([
    ['an unchanged block is covered', [], P1_TEXT, DEADLINE, true],
    ['a block edited to the same text is covered', [[DURING, both(P1_TEXT)]], P1_TEXT, DEADLINE, true],
    [
      'a block changed and changed back before the deadline is not covered',
      [
        [DURING, both('Changed.')],
        [BEFORE, both(P1_TEXT)],
      ],
      P1_TEXT,
      AFTER,
      false,
    ],
    [
      'a block changed during the procedure and changed back after the deadline is not covered',
      [
        [DURING, both('Changed.')],
        [LATER, both(P1_TEXT)],
      ],
      P1_TEXT,
      LATER,
      false,
    ],
    [
      "a block changed at the deadline is not the procedure's change, and is uncovered only while changed",
      [[DEADLINE, both('Changed.')]],
      'Changed.',
      LATER,
      false,
    ],
    [
      'a block changed after the deadline and changed back is covered again',
      [
        [LATER, both('Changed.')],
        [LATER, both(P1_TEXT)],
      ],
      P1_TEXT,
      LATER,
      true,
    ],
    [
      'a block deleted during the procedure and put back with its id is not covered',
      [
        [DURING, { p2: P2_TEXT }],
        [BEFORE, both(P1_TEXT)],
      ],
      P1_TEXT,
      AFTER,
      false,
    ],
  ])('%s', (_title, edits, text, now, covered) => {
    expect(isCoveredBySilence(afterEdits(edits), 'p1', hashBlockText(text), now)).toBe(covered);
  });

  it('does not cover a block added during the procedure, and records no change for it', () => {
    const procedure = afterEdits([[DURING, { ...both(P1_TEXT), p3: 'Added.' }]]);
    expect(procedure.changedDuring).toEqual([]);
    expect(isCoveredBySilence(procedure, 'p3', hashBlockText('Added.'), AFTER)).toBe(false);
  });

  it('lists each changed block once, in the order first seen, and leaves the others covered', () => {
    const procedure = afterEdits([
      [DURING, { p1: P1_TEXT, p2: 'Other.' }],
      [DURING, { p1: 'Changed.', p2: 'Other again.' }],
    ]);
    expect(procedure.changedDuring).toEqual(['p2', 'p1']);
  });

  it('records nothing once silence is broken', () => {
    const procedure = broken(start(), 'HU');
    expect(listTextChanges(procedure, [{ id: 'p1', textHash: hashBlockText('Changed.') }], BEFORE)).toEqual(
      [],
    );
  });

  it('returns the same procedure when nothing new changed', () => {
    const procedure = start();
    expect(recordTextChanges(procedure, [])).toBe(procedure);
  });
});
