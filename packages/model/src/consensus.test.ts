import { describe, expect, it } from 'vitest';
import {
  type BlockConsensus,
  type BlockStatus,
  type ConsensusBlockInput,
  computeConsensus,
  listPositionViews,
} from './consensus';
import { MEMBER_STATE_CODES, type MemberStateCode } from './delegations';
import { WHOLE_TEXT_HASH, WHOLE_TEXT_ID } from './general-reservation';
import { applyPositionEvent, foldPositionHistory, type PositionKind, type PositionRecord } from './position';
import { AT_65_PERCENT } from './qmv-edges';
import {
  breakSilence,
  cancelSilence,
  listTextChanges,
  recordTextChanges,
  type SilenceProcedure,
  startSilenceProcedure,
} from './silence';
import { hashBlockText, summarizeBlockText } from './text-hash';

const TEXT = 'The Council condemns malicious cyber activities.';
const OLDER_TEXT = 'The Council [strongly] condemns malicious cyber activities.';
const BRACKETED = 'The Council [strongly] condemns [all] malicious cyber activities.';
const T0 = '2017-06-07T09:00:00.000Z';
const START = '2017-06-07T10:00:00.000Z';
const DEADLINE = '2017-06-09T12:00:00.000Z';
const BEFORE = '2017-06-08T12:00:00.000Z';

/** A delegation's position, given on the block's current text unless `onText` says otherwise. */
type Given = PositionKind | { position: PositionKind; onText: string; note?: string };
type Spec = Partial<Record<MemberStateCode, Given>>;

function positionsOf(blockId: string, spec: Spec, defaultText: string): PositionRecord[] {
  return Object.entries(spec).map(([delegation, given]) => {
    const { position, onText, note } =
      typeof given === 'string' ? { position: given, onText: defaultText } : given;
    return {
      blockId,
      delegation: delegation as MemberStateCode,
      position,
      note: note ?? null,
      textHash: hashBlockText(onText),
      revision: 1,
      at: T0,
      userId: `${delegation.toLowerCase()}-1`,
    };
  });
}

const everyone = (position: PositionKind, except: MemberStateCode[] = []): Spec =>
  Object.fromEntries(MEMBER_STATE_CODES.filter((c) => !except.includes(c)).map((c) => [c, position]));

function consensusOfOneBlock(text: string, spec: Spec, silence: SilenceProcedure[] = [], now = BEFORE) {
  const block: ConsensusBlockInput = { id: 'p1', number: '1', text };
  const positions = foldPositionHistory(
    positionsOf('p1', spec, text).map((record) => ({ type: 'recorded', record })),
  );
  return computeConsensus({ blocks: [block], positions, silence, now });
}

function silenceOn(
  text: string,
  options: { brokenBy?: MemberStateCode; cancelled?: true } = {},
): SilenceProcedure {
  const started = startSilenceProcedure({
    blocks: [{ id: 'p1', textHash: hashBlockText(text) }],
    until: DEADLINE,
    now: START,
    userId: 'presidency-1',
  });
  if (!started.ok) throw new Error(started.error.message);
  if (options.cancelled) {
    const cancelled = cancelSilence(started.value, { at: BEFORE, userId: 'presidency-1' });
    if (!cancelled.ok) throw new Error(cancelled.error.message);
    return cancelled.value;
  }
  if (options.brokenBy === undefined) return started.value;
  const broken = breakSilence(started.value, {
    delegation: options.brokenBy,
    reason: 'parliamentary scrutiny',
    at: BEFORE,
    userId: 'x',
  });
  if (!broken.ok) throw new Error(broken.error.message);
  return broken.value;
}

describe('block status', () => {
  it.each<[string, string, Spec, BlockStatus]>([
    ['a block nobody has taken a position on is open', TEXT, {}, 'open'],
    ['a block all 27 Member States agree to is agreed', TEXT, everyone('agree'), 'agreed'],
    [
      'an abstention does not stand in the way of agreement',
      TEXT,
      { ...everyone('agree'), MT: 'abstain' },
      'agreed',
    ],
    ['a block on which all 27 abstain is agreed: nobody objects', TEXT, everyone('abstain'), 'agreed'],
    ['one Member State without a position keeps the block open', TEXT, everyone('agree', ['SE']), 'open'],
    [
      'a scrutiny reservation makes the block reserved',
      TEXT,
      { ...everyone('agree'), NL: 'scrutiny_reservation' },
      'reserved',
    ],
    [
      'a parliamentary scrutiny reservation makes the block reserved',
      TEXT,
      { ...everyone('agree'), DK: 'parliamentary_scrutiny_reservation' },
      'reserved',
    ],
    [
      'a linguistic reservation makes the block reserved',
      TEXT,
      { ...everyone('agree'), LV: 'linguistic_reservation' },
      'reserved',
    ],
    [
      'a substantive reservation makes the block reserved',
      TEXT,
      { ...everyone('agree'), FR: 'reservation' },
      'reserved',
    ],
    ['a reservation counts even while others have not spoken', TEXT, { FR: 'reservation' }, 'reserved'],
    ['an objection makes the block opposed', TEXT, { ...everyone('agree'), HU: 'oppose' }, 'opposed'],
    ['an objection outranks a reservation', TEXT, { FR: 'reservation', HU: 'oppose' }, 'opposed'],
    [
      'open square brackets keep a block all agree to from being agreed',
      BRACKETED,
      everyone('agree'),
      'open',
    ],
    [
      'a bracket left unclosed (its closing bracket deleted) keeps the block open too',
      'The Council [welcomes [or notes] the proposal.',
      everyone('agree'),
      'open',
    ],
    ['an objection on a bracketed block still reads opposed', BRACKETED, { HU: 'oppose' }, 'opposed'],
    ['a reservation on a bracketed block still reads reserved', BRACKETED, { FR: 'reservation' }, 'reserved'],
    [
      'an objection to an earlier text is stale and counts as none',
      TEXT,
      { ...everyone('agree', ['HU']), HU: { position: 'oppose', onText: OLDER_TEXT } },
      'open',
    ],
    [
      'a reservation on an earlier text is stale and counts as none',
      TEXT,
      { ...everyone('agree', ['FR']), FR: { position: 'reservation', onText: OLDER_TEXT } },
      'open',
    ],
    [
      'agreement given to an earlier text no longer agrees the block',
      TEXT,
      { ...everyone('agree', ['BE']), BE: { position: 'agree', onText: OLDER_TEXT } },
      'open',
    ],
    [
      'a change of whitespace alone does not make agreement stale',
      TEXT,
      { ...everyone('agree', ['BE']), BE: { position: 'agree', onText: `  ${TEXT.replace(' ', '\n  ')}` } },
      'agreed',
    ],
  ])('%s', (_title, text, spec, status) => {
    expect(consensusOfOneBlock(text, spec).blocks[0]?.status).toBe(status);
  });
});

describe('block status under a silence procedure', () => {
  const NOW_LAPSED = DEADLINE;
  it.each<[string, string, Spec, SilenceProcedure[], string, BlockStatus, boolean]>([
    [
      'a lapsed procedure deems those who stayed silent agreeing',
      TEXT,
      {},
      [silenceOn(TEXT)],
      NOW_LAPSED,
      'agreed',
      true,
    ],
    [
      'a lapsed procedure leaves explicit agreements and abstentions as they are',
      TEXT,
      { DE: 'agree', MT: 'abstain' },
      [silenceOn(TEXT)],
      NOW_LAPSED,
      'agreed',
      true,
    ],
    [
      'a delegation that did speak keeps its reservation after the procedure lapsed',
      TEXT,
      { NL: 'scrutiny_reservation' },
      [silenceOn(TEXT)],
      NOW_LAPSED,
      'reserved',
      false,
    ],
    [
      'a delegation that did speak keeps its objection after the procedure lapsed',
      TEXT,
      { HU: 'oppose' },
      [silenceOn(TEXT)],
      NOW_LAPSED,
      'opposed',
      false,
    ],
    [
      'a position stale since before the procedure counts as none, so silence covers it',
      TEXT,
      { HU: { position: 'oppose', onText: OLDER_TEXT } },
      [silenceOn(TEXT)],
      NOW_LAPSED,
      'agreed',
      true,
    ],
    ['a running procedure agrees nothing yet', TEXT, {}, [silenceOn(TEXT)], BEFORE, 'open', false],
    [
      'a broken procedure agrees nothing',
      TEXT,
      {},
      [silenceOn(TEXT, { brokenBy: 'PL' })],
      NOW_LAPSED,
      'open',
      false,
    ],
    [
      'a cancelled procedure agrees nothing, even after its deadline',
      TEXT,
      {},
      [silenceOn(TEXT, { cancelled: true })],
      NOW_LAPSED,
      'open',
      false,
    ],
    [
      'an earlier lapsed procedure still covers the block after a later one is cancelled',
      TEXT,
      {},
      [silenceOn(TEXT), { ...silenceOn(TEXT, { cancelled: true }), until: '2017-07-01T12:00:00.000Z' }],
      NOW_LAPSED,
      'agreed',
      true,
    ],
    [
      'a block whose text changed during the procedure is not covered',
      TEXT,
      {},
      [silenceOn(OLDER_TEXT)],
      NOW_LAPSED,
      'open',
      false,
    ],
    [
      'silence does not close square brackets',
      BRACKETED,
      {},
      [silenceOn(BRACKETED)],
      NOW_LAPSED,
      'open',
      false,
    ],
    [
      'an earlier lapsed procedure still covers the block while a later one runs',
      TEXT,
      {},
      [silenceOn(TEXT), { ...silenceOn(TEXT), until: '2017-07-01T12:00:00.000Z' }],
      NOW_LAPSED,
      'agreed',
      true,
    ],
    [
      'when all 27 agreed explicitly the agreement does not rest on silence',
      TEXT,
      everyone('agree'),
      [silenceOn(TEXT)],
      NOW_LAPSED,
      'agreed',
      false,
    ],
  ])('%s', (_title, text, spec, silence, now, status, agreedBySilence) => {
    const block = consensusOfOneBlock(text, spec, silence, now).blocks[0];
    expect(block?.status).toBe(status);
    expect(block?.agreedBySilence).toBe(agreedBySilence);
  });

  /** `silenceOn(TEXT)` after the live text of p1 was each of `texts` in turn, at `at`. */
  const editedDuring = (at: string, ...texts: string[]) =>
    texts.reduce((procedure, text) => {
      const blocks = [{ id: 'p1', textHash: hashBlockText(text) }];
      return recordTextChanges(procedure, listTextChanges(procedure, blocks, at));
    }, silenceOn(TEXT));
  const AFTER_DEADLINE = '2017-06-10T09:00:00.000Z';
  it.each<[string, string, SilenceProcedure, BlockStatus]>([
    ['unchanged: deemed agreed', TEXT, editedDuring(BEFORE), 'agreed'],
    [
      'changed and changed back before the deadline: open',
      TEXT,
      editedDuring(BEFORE, OLDER_TEXT, TEXT),
      'open',
    ],
    [
      'changed during and changed back after the deadline: open',
      TEXT,
      editedDuring(BEFORE, OLDER_TEXT),
      'open',
    ],
    [
      'changed after the deadline: open while changed',
      OLDER_TEXT,
      editedDuring(AFTER_DEADLINE, OLDER_TEXT),
      'open',
    ],
    [
      'changed after the deadline and changed back: agreed again',
      TEXT,
      editedDuring(AFTER_DEADLINE, OLDER_TEXT, TEXT),
      'agreed',
    ],
  ])('a block %s', (_title, text, procedure, status) => {
    const report = consensusOfOneBlock(text, { DE: 'agree' }, [procedure], AFTER_DEADLINE);
    expect(report.blocks[0]?.status).toBe(status);
    expect(report.blocks[0]?.coveredBySilence).toBe(status === 'agreed');
  });

  it('does not cover a block added during the procedure', () => {
    // Started on p1 alone; p2, added since with the same text, was never in the procedure's text.
    const procedure = silenceOn(TEXT);
    const report = computeConsensus({
      blocks: [
        { id: 'p1', number: '1', text: TEXT },
        { id: 'p2', number: '2', text: TEXT },
      ],
      positions: new Map(),
      silence: [procedure],
      now: DEADLINE,
    });
    expect(report.blocks.map((b) => b.status)).toEqual(['agreed', 'open']);
  });

  /** A block and what the report says of it while the text is under `silence` at `now`. */
  const outsideSilence = (
    blocks: readonly { id: string; text: string }[],
    silence: SilenceProcedure[],
    now: string,
  ) =>
    computeConsensus({
      blocks: blocks.map((b) => ({ ...b, number: null })),
      positions: new Map(),
      silence,
      now,
    }).blocks.map((b) => [b.id, b.outsideSilence]);
  const p1 = (text: string) => ({ id: 'p1', text });
  const added = (text: string) => ({ id: 'p2', text });
  it.each<[string, { id: string; text: string }[], SilenceProcedure[], string, [string, string | null][]]>([
    ['no procedure: nothing to be outside of', [p1(OLDER_TEXT)], [], BEFORE, [['p1', null]]],
    ['running, unchanged: under it', [p1(TEXT)], [silenceOn(TEXT)], BEFORE, [['p1', null]]],
    [
      'running, edited since it began',
      [p1(OLDER_TEXT)],
      [editedDuring(BEFORE, OLDER_TEXT)],
      BEFORE,
      [['p1', 'edited']],
    ],
    [
      'running, edited and changed back: out of it all the same',
      [p1(TEXT)],
      [editedDuring(BEFORE, OLDER_TEXT, TEXT)],
      BEFORE,
      [['p1', 'edited']],
    ],
    // The report may be asked for before the text watch marked an edit it already reads.
    [
      'running, its text another before the edit is marked',
      [p1(OLDER_TEXT)],
      [silenceOn(TEXT)],
      BEFORE,
      [['p1', 'edited']],
    ],
    [
      'running, a paragraph added since it began (the second half of a split)',
      [p1(TEXT), added(TEXT)],
      [silenceOn(TEXT)],
      BEFORE,
      [
        ['p1', null],
        ['p2', 'added'],
      ],
    ],
    [
      'running, an empty paragraph added (a stray Enter): nothing in it to agree to',
      [p1(TEXT), added('  ')],
      [silenceOn(TEXT)],
      BEFORE,
      [
        ['p1', null],
        ['p2', null],
      ],
    ],
    // Over, the status says what it agreed (`coveredBySilence`): nothing is under it any longer.
    ['lapsed', [p1(OLDER_TEXT)], [editedDuring(BEFORE, OLDER_TEXT)], DEADLINE, [['p1', null]]],
    ['broken', [p1(OLDER_TEXT)], [silenceOn(TEXT, { brokenBy: 'PL' })], BEFORE, [['p1', null]]],
    ['cancelled', [p1(OLDER_TEXT)], [silenceOn(TEXT, { cancelled: true })], BEFORE, [['p1', null]]],
    [
      'running after an earlier one lapsed: the running one counts',
      [p1(OLDER_TEXT)],
      [
        { ...silenceOn(TEXT), until: '2017-06-08T09:00:00.000Z' },
        { ...silenceOn(OLDER_TEXT), startedAt: '2017-06-08T10:00:00.000Z' },
      ],
      BEFORE,
      [['p1', null]],
    ],
  ])('says why a block is outside the procedure: %s', (_title, blocks, silence, now, said) => {
    expect(outsideSilence(blocks, silence, now)).toEqual(said);
  });

  it('reports the latest procedure with who broke it, why and when', () => {
    const report = consensusOfOneBlock(
      TEXT,
      {},
      [silenceOn(TEXT), silenceOn(TEXT, { brokenBy: 'PL' })],
      DEADLINE,
    );
    expect(report.silence).toEqual({
      startedAt: START,
      until: DEADLINE,
      brokenBy: [{ delegation: 'PL', reason: 'parliamentary scrutiny', at: BEFORE }],
      outcome: 'broken',
      cancelled: null,
    });
  });

  it('reports no silence when none was ever started', () => {
    expect(consensusOfOneBlock(TEXT, {}).silence).toBeNull();
  });
});

describe('document status', () => {
  const agreedBlock = { text: TEXT, spec: everyone('agree') };
  const openBlock = { text: TEXT, spec: {} };
  const reservedBlock = { text: TEXT, spec: { FR: 'reservation' } satisfies Spec };
  const opposedBlock = { text: TEXT, spec: { HU: 'oppose' } satisfies Spec };

  it.each<[string, { text: string; spec: Spec }[], BlockStatus]>([
    ['a document whose blocks are all agreed is agreed', [agreedBlock, agreedBlock, agreedBlock], 'agreed'],
    ['one open block leaves the document open', [agreedBlock, openBlock, agreedBlock], 'open'],
    ['a reserved block makes the document reserved', [openBlock, reservedBlock, agreedBlock], 'reserved'],
    [
      'an opposed block anywhere makes the document opposed',
      [reservedBlock, agreedBlock, opposedBlock],
      'opposed',
    ],
    ['a document without blocks is open: nothing has been agreed', [], 'open'],
  ])('%s', (_title, blocks, status) => {
    const records = blocks.flatMap((b, i) => positionsOf(`b${i}`, b.spec, b.text));
    const report = computeConsensus({
      blocks: blocks.map((b, i) => ({ id: `b${i}`, number: String(i + 1), text: b.text })),
      positions: foldPositionHistory(records.map((record) => ({ type: 'recorded', record }))),
      now: BEFORE,
    });
    expect(report.status).toBe(status);
  });
});

describe('blocks outside the negotiated text', () => {
  it('flags a cover note as not negotiated, judged and counted in the document’s status like any block', () => {
    const records = positionsOf('a1', everyone('agree'), TEXT);
    const report = computeConsensus({
      blocks: [
        { id: 'c1', number: '1', text: 'COREPER is requested to invite the Council to approve the Annex.' },
        { id: 'a1', number: '1', text: TEXT },
      ],
      positions: foldPositionHistory(records.map((record) => ({ type: 'recorded', record }))),
      unnegotiated: new Set(['c1']),
      now: BEFORE,
    });
    expect(report.blocks.map((b) => [b.id, b.negotiated, b.status])).toEqual([
      ['c1', false, 'open'],
      ['a1', true, 'agreed'],
    ]);
    // Issue 4: the document is agreed when all its blocks are; the board's headline judges the annex.
    expect(report.status).toBe('open');
  });

  it('flags every block negotiated when the caller names none outside', () => {
    const { blocks } = consensusOfOneBlock(TEXT, {});
    expect(blocks.map((b) => b.negotiated)).toEqual([true]);
  });
});

describe('empty blocks', () => {
  type Listed = { text: string; spec?: Spec; footnote?: boolean };
  const agreed: Listed = { text: TEXT, spec: everyone('agree') };

  it.each<[string, Listed[], BlockStatus, string[]]>([
    [
      'an empty paragraph (a stray Enter) does not keep an agreed text from being agreed',
      [agreed, { text: '' }, agreed],
      'agreed',
      ['b1'],
    ],
    [
      'white space alone (spaces, a tab, a line break, a no-break space) is empty too',
      [agreed, { text: ' \t\n\u00a0' }, agreed],
      'agreed',
      ['b1'],
    ],
    [
      'a position given on an empty paragraph counts for nothing, an objection neither',
      [agreed, { text: '', spec: { HU: 'oppose', FR: 'reservation' } }],
      'agreed',
      ['b1'],
    ],
    [
      'a paragraph without text that cites a footnote says something: it waits for positions',
      [agreed, { text: '', footnote: true }],
      'open',
      [],
    ],
    [
      'a paragraph with brackets and nothing in them has text, and its brackets are open',
      [agreed, { text: '[ ]', spec: everyone('agree') }],
      'open',
      [],
    ],
    [
      'an open paragraph still keeps the text open beside an empty one',
      [agreed, { text: '' }, { text: TEXT }],
      'open',
      ['b1'],
    ],
    [
      'a text of empty paragraphs alone is open: nothing has been agreed',
      [{ text: '' }, { text: ' ' }],
      'open',
      ['b0', 'b1'],
    ],
  ])('%s', (_title, blocks, status, emptyIds) => {
    const records = blocks.flatMap((b, i) => positionsOf(`b${i}`, b.spec ?? {}, b.text));
    const report = computeConsensus({
      blocks: blocks.map((b, i) => ({ id: `b${i}`, number: String(i + 1), text: b.text })),
      footnotes: blocks.flatMap((b, i) => (b.footnote ? [{ blockId: `b${i}` }] : [])),
      positions: foldPositionHistory(records.map((record) => ({ type: 'recorded', record }))),
      now: BEFORE,
    });
    expect(report.status).toBe(status);
    // Every block is listed (the API's contract), the empty ones flagged: the board shows no row for them.
    expect(report.blocks.map((block) => block.id)).toEqual(blocks.map((_, i) => `b${i}`));
    expect(report.blocks.filter((block) => block.empty).map((block) => block.id)).toEqual(emptyIds);
  });

  it('lists a paragraph once it has text, a position given while it was empty stale', () => {
    const positions = foldPositionHistory(
      positionsOf('p1', { FR: 'agree' }, '').map((record) => ({ type: 'recorded', record })),
    );
    const report = computeConsensus({
      blocks: [{ id: 'p1', number: '1', text: TEXT }],
      positions,
      now: BEFORE,
    });
    expect(report.blocks).toHaveLength(1);
    expect(report.blocks[0]?.empty).toBe(false);
    expect(report.blocks[0]?.missing).toContain('FR');
    expect(listPositionViews(report.blocks[0] as BlockConsensus).FR?.stale).toBe(true);
  });

  it('lists the Commission’s reservation on an empty paragraph, which holds nothing back, after its general one', () => {
    const at = { position: 'reservation' as const, note: null, at: T0, userId: 'com-1', revision: 1 };
    const commission = new Map([
      ['p1', { ...at, blockId: 'p1', textHash: hashBlockText('') }],
      [WHOLE_TEXT_ID, { ...at, blockId: WHOLE_TEXT_ID, textHash: WHOLE_TEXT_HASH }],
    ]);
    const report = computeConsensus({
      blocks: [{ id: 'p1', number: '1', text: '' }],
      positions: new Map(),
      commission,
      now: BEFORE,
    });
    expect(report.commission.map((view) => view.blockId)).toEqual([WHOLE_TEXT_ID, 'p1']);
    expect(report.status).toBe('open');
  });
});

describe('the consensus report', () => {
  it('lists every position with its note, time and staleness, and who is missing in protocol order', () => {
    const report = consensusOfOneBlock(BRACKETED, {
      FR: { position: 'reservation', onText: BRACKETED, note: 'on "all"' },
      DE: 'scrutiny_reservation',
      BE: { position: 'agree', onText: TEXT },
    });
    const block = report.blocks[0];
    expect(block).toMatchObject({
      id: 'p1',
      number: '1',
      status: 'reserved',
      brackets: 2,
      agreedBySilence: false,
    });
    if (block === undefined) throw new Error('no block');
    expect(listPositionViews(block)).toEqual({
      BE: { position: 'agree', note: null, stale: true, at: T0 },
      DE: { position: 'scrutiny_reservation', note: null, stale: false, at: T0 },
      FR: { position: 'reservation', note: 'on "all"', stale: false, at: T0 },
    });
    expect(Object.keys(listPositionViews(block))).toEqual(['BE', 'DE', 'FR']);
    expect(block?.missing).toEqual(MEMBER_STATE_CODES.filter((c) => c !== 'DE' && c !== 'FR'));
    expect(block?.missing[0]).toBe('BE');
  });

  it('reports the fields the API serialises, with the positions as given and the text they are judged on', () => {
    const report = consensusOfOneBlock(TEXT, { FR: 'agree' });
    const json = JSON.parse(JSON.stringify(report));
    expect(Object.keys(json).sort()).toEqual(['blocks', 'commission', 'general', 'qmv', 'silence', 'status']);
    expect(Object.keys(json.blocks[0]).sort()).toEqual(
      [
        'agreedBySilence',
        'brackets',
        'coveredBySilence',
        'empty',
        'id',
        'missing',
        'negotiated',
        'number',
        'outsideSilence',
        'positions',
        'qmv',
        'status',
        'textHash',
      ].sort(),
    );
    expect(report.blocks[0]?.textHash).toBe(hashBlockText(TEXT));
    expect(report.blocks[0]?.positions.get('FR')).toMatchObject({
      position: 'agree',
      textHash: hashBlockText(TEXT),
    });
    expect(json.blocks[0].qmv).toEqual({
      states: 1,
      population: 68_402_000,
      passes: false,
      blockingMinority: true,
      deemedAttained: false,
    });
    expect(json.qmv).toMatchObject({ rule: 'standard', referenceYear: 2024, statesRequired: 15 });
  });

  it('counts an abstention against under QMV although it does not block consensus', () => {
    // These 15 hold 291,984,100 people: 65 % of 449,206,200 to within 70 people.
    const coalition = AT_65_PERCENT;
    const allAgreeing = {
      ...everyone('abstain'),
      ...Object.fromEntries(coalition.map((c) => [c, 'agree'])),
    } as Spec;
    const maltaAbstains: Spec = { ...allAgreeing, MT: 'abstain' };

    const before = consensusOfOneBlock(TEXT, allAgreeing).blocks[0];
    const after = consensusOfOneBlock(TEXT, maltaAbstains).blocks[0];
    expect([before?.status, before?.qmv.states, before?.qmv.passes]).toEqual(['agreed', 15, true]);
    expect([after?.status, after?.qmv.states, after?.qmv.passes]).toEqual(['agreed', 14, false]);
  });

  it('uses the reinforced rule when asked', () => {
    const positions = foldPositionHistory(
      positionsOf('p1', everyone('agree', ['DE', 'FR', 'IT']), TEXT).map((record) => ({
        type: 'recorded',
        record,
      })),
    );
    const blocks = [{ id: 'p1', number: '1', text: TEXT }];
    const standard = computeConsensus({ blocks, positions, now: BEFORE });
    const reinforced = computeConsensus({ blocks, positions, now: BEFORE, qmv: { rule: 'reinforced' } });
    expect(standard.blocks[0]?.qmv).toMatchObject({ passes: true, deemedAttained: true });
    expect(reinforced.blocks[0]?.qmv).toMatchObject({ passes: false, deemedAttained: false });
    expect(reinforced.qmv).toMatchObject({ rule: 'reinforced', statesRequired: 20 });
  });

  it('uses a text hash and bracket count the caller already computed instead of recomputing them', () => {
    const positions = foldPositionHistory(
      positionsOf('p1', everyone('agree'), TEXT).map((record) => ({ type: 'recorded', record })),
    );
    const summary = summarizeBlockText(TEXT);
    expect(summary).toEqual({ textHash: hashBlockText(TEXT), brackets: 0 });
    const withSummary = computeConsensus({
      blocks: [{ id: 'p1', number: '1', text: TEXT, ...summary }],
      positions,
      now: BEFORE,
    });
    const withOtherHash = computeConsensus({
      blocks: [{ id: 'p1', number: '1', text: TEXT, textHash: hashBlockText(OLDER_TEXT), brackets: 1 }],
      positions,
      now: BEFORE,
    });
    expect(withSummary.blocks[0]).toMatchObject({ status: 'agreed', brackets: 0 });
    expect(withOtherHash.blocks[0]).toMatchObject({ status: 'open', brackets: 1 });
    expect(withOtherHash.blocks[0]?.missing).toHaveLength(27);
  });

  it('lists a full house of positions in protocol order', () => {
    const block = consensusOfOneBlock(TEXT, everyone('agree')).blocks[0];
    if (block === undefined) throw new Error('no block');
    const views = listPositionViews(block);
    expect(Object.keys(views)).toEqual(MEMBER_STATE_CODES);
    expect(Object.values(views).every((v) => v?.position === 'agree' && !v.stale)).toBe(true);
  });

  it('sees a new position on a block whose report was computed before', () => {
    const blocks = [
      { id: 'p1', number: '1', text: TEXT },
      { id: 'p2', number: '2', text: OLDER_TEXT },
    ];
    const records = [
      ...positionsOf('p1', everyone('agree'), TEXT),
      ...positionsOf('p2', everyone('agree'), OLDER_TEXT),
    ];
    const before = foldPositionHistory(records.map((record) => ({ type: 'recorded', record })));
    const first = computeConsensus({ blocks, positions: before, now: BEFORE });
    const [objection] = positionsOf('p1', { HU: 'oppose' }, TEXT);
    if (objection === undefined) throw new Error('no record');
    const after = applyPositionEvent(before, { type: 'recorded', record: objection });
    const second = computeConsensus({ blocks, positions: after, now: BEFORE });
    const edited = computeConsensus({
      blocks: [blocks[0] as ConsensusBlockInput, { id: 'p2', number: '2', text: BRACKETED }],
      positions: after,
      now: BEFORE,
    });
    expect(first.blocks.map((b) => b.status)).toEqual(['agreed', 'open']);
    expect(second.blocks.map((b) => b.status)).toEqual(['opposed', 'open']);
    expect(second.blocks[0]?.positions.get('HU')).toMatchObject({ position: 'oppose' });
    expect(first.blocks[0]?.positions.get('HU')).toMatchObject({ position: 'agree' });
    expect(edited.blocks[1]?.missing).toHaveLength(27);
    expect(second.blocks[1]?.missing).toHaveLength(0);
  });

  it('computes the consensus of a 2,000-block document with 27 positions on every block', () => {
    const kinds: PositionKind[] = ['agree', 'agree', 'agree', 'abstain', 'scrutiny_reservation', 'oppose'];
    const blocks = Array.from({ length: 2_000 }, (_, i) => ({
      id: `b${i}`,
      number: String(i + 1),
      text: `${i + 1}. The Council ${i % 50 === 0 ? '[strongly] ' : ''}recalls paragraph ${i}.`,
    }));
    const records = blocks.flatMap((block, i) => {
      const textHash = hashBlockText(block.text);
      return MEMBER_STATE_CODES.map(
        (delegation, d): PositionRecord => ({
          blockId: block.id,
          delegation,
          // Every tenth block draws from the mixed kinds; the others are agreed by all.
          position: i % 10 === 0 ? (kinds[(i + d) % kinds.length] as PositionKind) : 'agree',
          note: null,
          textHash,
          revision: 1,
          at: T0,
          userId: `${delegation}-1`,
        }),
      );
    });
    const report = computeConsensus({
      blocks,
      positions: foldPositionHistory(records.map((record) => ({ type: 'recorded', record }))),
      now: BEFORE,
    });
    expect(report.blocks).toHaveLength(2_000);
    expect(report.status).toBe('opposed');
    expect(report.blocks[1]).toMatchObject({
      status: 'agreed',
      missing: [],
      qmv: { states: 27, passes: true },
    });
    expect(report.blocks[10]?.status).toBe('opposed');
    expect(report.blocks.filter((b) => b.status === 'agreed')).toHaveLength(1_800);
    expect(report.blocks.every((b) => b.positions.size === 27)).toBe(true);
  });
});
