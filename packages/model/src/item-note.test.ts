import { describe, expect, it } from 'vitest';
import { nameBlocks } from './block-citation';
import { computeConsensus } from './consensus';
import { MEMBER_STATE_CODES, type MemberStateCode } from './delegations';
import { type Block, type CouncilDocument, EMPTY_METADATA, normalizeDocument } from './document';
import { recordGeneralReservation, WHOLE_TEXT_ID } from './general-reservation';
import {
  checkForwarding,
  draftItemNote,
  ITEM_NOTE_TYPE,
  type ItemNoteInput,
  judgeForwardedText,
  NO_NOTED_RESERVATIONS,
  notedReservations,
  selectForwardedText,
} from './item-note';
import { foldPositionHistory, type PositionKind, recordPosition } from './position';
import { startSilenceProcedure } from './silence';
import { hashBlockText } from './text-hash';
import { parseTimestamp } from './timestamp';

const block = (id: string, kind: Block['kind'], text: string, start?: number): Block => ({
  id,
  kind,
  number: null,
  text,
  ...(start === undefined ? {} : { start }),
});

/** A Presidency's note: two cover points, then the draft conclusions in an annex numbered from 1. */
const draft: CouncilDocument = normalizeDocument({
  metadata: {
    ...EMPTY_METADATA,
    number: '7923/2/17 REV 2',
    place: 'Brussels',
    language: 'en',
    codes: ['CYBER 50', 'RELEX 297'],
    marking: 'LIMITE',
    type: 'NOTE',
    subject: 'Draft Council conclusions on cyber diplomacy',
  },
  blocks: [
    block('c1', 'numbered', 'Delegations will find attached the draft conclusions.'),
    block('c2', 'numbered', 'The Presidency invites delegations to agree the text.'),
    block('h', 'heading', 'DRAFT COUNCIL CONCLUSIONS ON CYBER DIPLOMACY'),
    block('a1', 'numbered', 'The EU recognises that cyberspace offers opportunities.', 1),
    block('a1b', 'paragraph', 'The EU recalls its conclusions.'),
    block('a2', 'numbered', 'The EU stresses the applicability of international law.'),
  ],
  footnotes: [
    { id: 'f-cover', number: 0, blockId: 'c1', offset: 10, text: 'WK 2569/2017 INIT.' },
    { id: 'f-annex', number: 0, blockId: 'a1b', offset: 31, text: '12109/13.' },
  ],
});

const AT = parseTimestamp('2017-06-07T10:00:00.000Z');
if (!AT.ok) throw new Error('timestamp');

/** Every Member State's position on each listed block, `kinds` saying where one differs from `agree`. */
function positionsOn(
  doc: CouncilDocument,
  ids: readonly string[],
  kinds: Partial<Record<string, Partial<Record<MemberStateCode, PositionKind | null>>>> = {},
) {
  const events = ids.flatMap((id) => {
    const text = doc.blocks.find((b) => b.id === id)?.text ?? '';
    return MEMBER_STATE_CODES.flatMap((delegation) => {
      const given = kinds[id]?.[delegation];
      if (given === null) return [];
      const recorded = recordPosition({
        blockId: id,
        delegation,
        position: given ?? 'agree',
        text,
        revision: 2,
        at: AT.ok ? AT.value : '',
        userId: `u-${delegation}`,
      });
      if (!recorded.ok) throw new Error(recorded.error.message);
      return [{ type: 'recorded' as const, record: recorded.value }];
    });
  });
  return foldPositionHistory(events);
}

function check(doc: CouncilDocument, positions: ReturnType<typeof positionsOn>) {
  const report = computeConsensus({
    blocks: doc.blocks,
    footnotes: doc.footnotes,
    positions,
    now: AT.ok ? AT.value : '',
  });
  return checkForwarding(selectForwardedText(doc), report, nameBlocks(doc.blocks, 'title'));
}

describe('selectForwardedText', () => {
  it('takes the annex where numbering restarts, with the footnotes cited in it', () => {
    const annex = selectForwardedText(draft);
    expect(annex.blocks.map((b) => [b.id, b.number])).toEqual([
      ['h', null],
      ['a1', '1'],
      ['a1b', null],
      ['a2', '2'],
    ]);
    expect(annex.footnotes.map((f) => [f.id, f.number])).toEqual([['f-annex', 1]]);
  });

  it('leaves out empty paragraphs, which nobody takes a position on', () => {
    const stray = normalizeDocument({
      ...draft,
      blocks: [...draft.blocks.slice(0, 5), block('empty', 'numbered', '  '), ...draft.blocks.slice(5)],
    });
    expect(selectForwardedText(stray).blocks.map((b) => [b.id, b.number])).toEqual([
      ['h', null],
      ['a1', '1'],
      ['a1b', null],
      ['a2', '2'],
    ]);
    // Nobody spoke on it, and the text still goes forward.
    expect(check(stray, positionsOn(stray, ['h', 'a1', 'a1b', 'a2'])).ok).toBe(true);
  });

  it('keeps a paragraph without text that cites a footnote, which is no stray Enter: it needs positions', () => {
    const cited = normalizeDocument({
      ...draft,
      blocks: [...draft.blocks, block('note-only', 'paragraph', '')],
      footnotes: [
        ...draft.footnotes,
        { id: 'f-end', number: 0, blockId: 'note-only', offset: 0, text: '6122/15.' },
      ],
    });
    const annex = selectForwardedText(cited);
    expect(annex.blocks.map((b) => b.id)).toEqual(['h', 'a1', 'a1b', 'a2', 'note-only']);
    expect(annex.footnotes.map((f) => f.id)).toEqual(['f-annex', 'f-end']);
    expect(check(cited, positionsOn(cited, ['h', 'a1', 'a1b', 'a2'])).ok).toBe(false);
    expect(check(cited, positionsOn(cited, ['h', 'a1', 'a1b', 'a2', 'note-only'])).ok).toBe(true);
  });

  it('takes the whole text when numbering never restarts', () => {
    const single = normalizeDocument({ ...draft, blocks: draft.blocks.slice(0, 2), footnotes: [] });
    expect(selectForwardedText(single)).toBe(single);
  });

  // Which blocks are cover and which the text: `negotiated-text.test.ts`, layout by layout.
});

describe('checkForwarding', () => {
  const annexIds = ['h', 'a1', 'a1b', 'a2'];

  it("needs no position on the annex's label, which is no text the Council adopts", () => {
    const labelled = normalizeDocument({
      ...draft,
      blocks: [...draft.blocks.slice(0, 2), block('x', 'heading', 'ANNEX'), ...draft.blocks.slice(2)],
    });
    expect(check(labelled, positionsOn(labelled, annexIds))).toEqual({ ok: true, value: undefined });
  });

  it('lets an agreed annex go, whatever the cover note says', () => {
    expect(check(draft, positionsOn(draft, annexIds))).toEqual({ ok: true, value: undefined });
  });

  it('lets standing reservations go (the annex records them in footnotes)', () => {
    const positions = positionsOn(draft, annexIds, { a2: { DE: 'scrutiny_reservation', NL: 'reservation' } });
    expect(check(draft, positions).ok).toBe(true);
  });

  it.each<[string, Parameters<typeof positionsOn>[2], string]>([
    [
      'an objection',
      { a1b: { FR: 'oppose', BE: 'oppose' } },
      'Annex, paragraph 1, second subparagraph is opposed (BE, FR)',
    ],
    [
      'Member States without a position',
      { a2: { MT: null, EL: null } },
      'Annex, paragraph 2 has no position on its current text from 2 Member States (EL, MT)',
    ],
    [
      'a reservation while a Member State is silent',
      { a2: { DE: 'reservation', SE: null } },
      'Annex, paragraph 2 has no position on its current text from 1 Member State (SE)',
    ],
  ])('refuses %s, naming the paragraph as the room cites it', (_, kinds, message) => {
    const result = check(draft, positionsOn(draft, annexIds, kinds));
    expect(result).toEqual({
      ok: false,
      error: { code: 'not-agreed', blockId: expect.any(String), message },
    });
  });

  it.each<[string, Parameters<typeof positionsOn>[2], string]>([
    [
      'one more',
      { a1b: { FR: 'oppose' }, a2: { MT: null } },
      'Annex, paragraph 1, second subparagraph is opposed (FR). Also not agreed: Annex, paragraph 2',
    ],
    [
      'every other one, in document order',
      { h: { SE: null }, a1: { CY: 'oppose' }, a1b: { FR: 'oppose' }, a2: { MT: null } },
      'Annex, heading has no position on its current text from 1 Member State (SE). Also not agreed: ' +
        'Annex, paragraph 1; Annex, paragraph 1, second subparagraph; Annex, paragraph 2',
    ],
  ])(
    'names after the first paragraph in the way %s, so the chair clears them all at once',
    (_, kinds, message) => {
      expect(check(draft, positionsOn(draft, annexIds, kinds))).toMatchObject({
        ok: false,
        error: { message },
      });
    },
  );

  it('names ten paragraphs in the way after the first and counts the rest', () => {
    const long = normalizeDocument({
      metadata: draft.metadata,
      blocks: Array.from({ length: 13 }, (_, i) => block(`n${i + 1}`, 'numbered', `Point ${i + 1}.`)),
      footnotes: [],
    });
    const result = check(long, positionsOn(long, ['n1'], { n1: { DE: 'oppose' } }));
    expect(result).toMatchObject({
      ok: false,
      error: {
        blockId: 'n1',
        message: `Paragraph 1 is opposed (DE). Also not agreed: ${Array.from({ length: 10 }, (_, i) => `Paragraph ${i + 2}`).join('; ')} and 2 more`,
      },
    });
  });

  it('lets a reservation stand where a lapsed silence procedure deems the silent Member States agreeing', () => {
    const positions = positionsOn(draft, annexIds, { a2: { DE: 'reservation', SE: null, MT: null } });
    const started = startSilenceProcedure({
      blocks: draft.blocks.map((b) => ({ id: b.id, textHash: hashBlockText(b.text) })),
      until: '2017-06-09T12:00:00.000Z',
      now: '2017-06-07T10:00:00.000Z',
      userId: 'u-presidency',
    });
    if (!started.ok) throw new Error(started.error.message);
    const report = (now: string) =>
      computeConsensus({ blocks: draft.blocks, positions, silence: [started.value], now });
    const forward = (now: string) =>
      checkForwarding(selectForwardedText(draft), report(now), nameBlocks(draft.blocks, 'title'));
    expect(forward('2017-06-09T11:00:00.000Z')).toMatchObject({ ok: false, error: { blockId: 'a2' } });
    expect(forward('2017-06-09T12:00:01.000Z')).toEqual({ ok: true, value: undefined });
  });

  it('refuses open square brackets, even when everyone agrees', () => {
    const bracketed = normalizeDocument({
      ...draft,
      blocks: draft.blocks.map((b) =>
        b.id === 'a2' ? { ...b, text: 'The EU [stresses] international law.' } : b,
      ),
    });
    expect(check(bracketed, positionsOn(bracketed, annexIds))).toMatchObject({
      ok: false,
      error: { blockId: 'a2', message: 'Annex, paragraph 2 still has square brackets' },
    });
  });

  it('refuses a text with nothing in it: nothing was agreed', () => {
    const blank = normalizeDocument({ ...draft, blocks: [block('e', 'numbered', '')], footnotes: [] });
    expect(check(blank, positionsOn(blank, []))).toEqual({
      ok: false,
      error: {
        code: 'not-agreed',
        blockId: null,
        message: 'there is no text to forward: every paragraph is empty',
      },
    });
  });

  it('counts a position given on an earlier text as none', () => {
    const positions = positionsOn(draft, annexIds);
    const edited = normalizeDocument({
      ...draft,
      blocks: draft.blocks.map((b) => (b.id === 'a1' ? { ...b, text: `${b.text} And more.` } : b)),
    });
    expect(check(edited, positions)).toMatchObject({ ok: false, error: { blockId: 'a1' } });
  });
});

describe('judgeForwardedText', () => {
  const annexIds = ['h', 'a1', 'a1b', 'a2'];
  const judge = (doc: CouncilDocument, positions: ReturnType<typeof positionsOn>) =>
    judgeForwardedText(
      doc,
      computeConsensus({
        blocks: doc.blocks,
        footnotes: doc.footnotes,
        positions,
        now: AT.ok ? AT.value : '',
      }),
    );
  const labelled = normalizeDocument({
    ...draft,
    blocks: [...draft.blocks.slice(0, 2), block('x', 'heading', 'ANNEX II'), ...draft.blocks.slice(2)],
  });
  const titled = normalizeDocument({
    ...draft,
    blocks: [
      block('n', 'paragraph', 'Delegations will find attached the draft conclusions.'),
      ...draft.blocks.slice(2).map((b) => ({ ...b, start: undefined })),
    ],
  });

  it.each<[string, CouncilDocument, string[], ReturnType<typeof judgeForwardedText>]>([
    [
      'an annex agreed while the cover note has no position: what the item note forwards is agreed',
      draft,
      annexIds,
      { scope: 'annex', partName: 'Annex', status: 'agreed', documentStatus: 'open' },
    ],
    [
      'an annex named by its label, the label needing no position',
      labelled,
      annexIds,
      { scope: 'annex', partName: 'Annex II', status: 'agreed', documentStatus: 'open' },
    ],
    [
      'a text after an unnumbered cover line before its title',
      titled,
      annexIds,
      { scope: 'after-cover', partName: null, status: 'agreed', documentStatus: 'open' },
    ],
    [
      'a whole text forwarded whole',
      normalizeDocument({ ...draft, blocks: draft.blocks.slice(2) }),
      annexIds,
      { scope: 'whole', partName: null, status: 'agreed', documentStatus: 'agreed' },
    ],
    [
      'an annex not yet spoken on, the cover agreed',
      draft,
      ['c1', 'c2'],
      { scope: 'annex', partName: 'Annex', status: 'open', documentStatus: 'open' },
    ],
  ])('judges %s', (_, doc, spoken, judged) => {
    expect(judge(doc, positionsOn(doc, spoken))).toEqual(judged);
  });

  it('takes the worst of the forwarded paragraphs, and a general reservation as the document does', () => {
    const opposed = positionsOn(draft, annexIds, { a2: { FR: 'oppose' }, a1: { DE: 'reservation' } });
    expect(judge(draft, opposed).status).toBe('opposed');
    const general = recordGeneralReservation({
      delegation: 'DK',
      position: 'scrutiny_reservation',
      revision: 2,
      at: AT.ok ? AT.value : '',
      userId: 'u-DK',
    });
    if (!general.ok) throw new Error(general.error.message);
    const withGeneral = new Map(positionsOn(draft, annexIds));
    withGeneral.set(WHOLE_TEXT_ID, new Map([['DK', general.value]]));
    expect(judge(draft, withGeneral).status).toBe('reserved');
  });
});

describe('draftItemNote', () => {
  let next = 0;
  const input: ItemNoteInput = {
    number: '9916/17',
    date: '7 June 2017',
    previous: '7923/2/17 REV 2',
    title: 'Draft Council conclusions on cyber diplomacy',
    reservationsNoted: NO_NOTED_RESERVATIONS,
    newId: () => `n${++next}`,
  };

  it('writes the header of an I/A item note from the Secretariat, citing the text’s last revision', () => {
    const note = draftItemNote(selectForwardedText(draft), input);
    expect(note.metadata).toEqual({
      number: '9916/17',
      place: 'Brussels',
      date: '7 June 2017',
      language: 'en',
      codes: ['CYBER 50', 'RELEX 297'],
      marking: 'LIMITE',
      type: ITEM_NOTE_TYPE,
      from: 'General Secretariat of the Council',
      to: 'Permanent Representatives Committee/Council',
      previous: ['7923/2/17 REV 2'],
      subject: 'Draft Council conclusions on cyber diplomacy\n- Adoption',
    });
  });

  it('cites no previous document for a text that has no register number', () => {
    const note = draftItemNote(selectForwardedText(draft), { ...input, previous: null });
    expect(note.metadata.previous).toEqual([]);
    expect(note.blocks[0]?.text).toBe(
      'Delegations examined the draft Council conclusions on cyber diplomacy and reached agreement on the text set out in the Annex.',
    );
  });

  it('puts a numbered cover before the annex, headed "ANNEX" and numbered from 1 again with its footnotes', () => {
    const note = draftItemNote(selectForwardedText(draft), input);
    expect(note.blocks.map((b) => [b.kind, b.number, b.text.slice(0, 40)])).toEqual([
      ['numbered', '1', 'Delegations examined the draft Council c'],
      ['numbered', '2', 'Against this background, the Permanent R'],
      ['heading', null, 'ANNEX'],
      ['heading', null, 'DRAFT COUNCIL CONCLUSIONS ON CYBER DIPLO'],
      ['numbered', '1', 'The EU recognises that cyberspace offers'],
      ['paragraph', null, 'The EU recalls its conclusions.'],
      ['numbered', '2', 'The EU stresses the applicability of int'],
    ]);
    expect(note.blocks[0]?.text).toBe(
      'Delegations examined the draft Council conclusions on cyber diplomacy on the basis of doc. 7923/2/17 REV 2 and reached agreement on the text set out in the Annex.',
    );
    expect(note.blocks[1]?.text).toContain(
      'to approve the draft Council conclusions on cyber diplomacy, as set out',
    );
    // The note is a document of its own: nothing keeps the draft's ids.
    const draftIds = new Set([...draft.blocks.map((b) => b.id), ...draft.footnotes.map((f) => f.id)]);
    expect([...note.blocks, ...note.footnotes].filter((x) => draftIds.has(x.id))).toEqual([]);
    expect(note.footnotes).toHaveLength(1);
    const cited = note.blocks.find((b) => b.id === note.footnotes[0]?.blockId);
    expect([cited?.text, note.footnotes[0]?.offset, note.footnotes[0]?.text]).toEqual([
      'The EU recalls its conclusions.',
      31,
      '12109/13.',
    ]);
  });

  it('says that reservations are in the footnotes when they are, and gives a text without a title one', () => {
    const untitled = normalizeDocument({ ...draft, blocks: draft.blocks.slice(0, 2), footnotes: [] });
    const note = draftItemNote(untitled, {
      ...input,
      reservationsNoted: { delegations: 2, commission: 0 },
      title: 'EU statement.',
    });
    // Names keep their capitals inside the cover's sentences; only "Draft" is lowered.
    expect(
      draftItemNote(untitled, { ...input, title: 'Council conclusions on cyber diplomacy' }).blocks[0]?.text,
    ).toContain('examined the Council conclusions on cyber diplomacy on the basis');
    expect(note.blocks.map((b) => [b.kind, b.number, b.text])).toEqual([
      [
        'numbered',
        '1',
        'Delegations examined the EU statement on the basis of doc. 7923/2/17 REV 2 and reached agreement on the text set out in the Annex.',
      ],
      [
        'paragraph',
        null,
        'The reservations that delegations maintain are set out in the footnotes to the Annex.',
      ],
      [
        'numbered',
        '2',
        'Against this background, the Permanent Representatives Committee is requested to confirm the agreement and to invite the Council to approve the EU statement, as set out in the Annex.',
      ],
      ['heading', null, 'ANNEX'],
      ['heading', null, 'EU STATEMENT'],
      ['numbered', '1', 'Delegations will find attached the draft conclusions.'],
      ['numbered', '2', 'The Presidency invites delegations to agree the text.'],
    ]);
  });

  it('names the Commission apart from the delegations when it holds reservations too, or alone', () => {
    const forwarded = selectForwardedText(draft);
    const coverLine = (reservationsNoted: ItemNoteInput['reservationsNoted']) =>
      draftItemNote(forwarded, { ...input, reservationsNoted }).blocks[1]?.text;
    expect(coverLine({ delegations: 1, commission: 1 })).toBe(
      'The reservations that delegations and the Commission maintain are set out in the footnotes to the Annex.',
    );
    expect(coverLine({ delegations: 0, commission: 1 })).toBe(
      'The reservation that the Commission maintains is set out in a footnote to the Annex.',
    );
    expect(coverLine({ delegations: 0, commission: 2 })).toBe(
      'The reservations that the Commission maintains are set out in the footnotes to the Annex.',
    );
    expect(coverLine(NO_NOTED_RESERVATIONS)).toMatch(/^Against this background/);
  });
});

describe('notedReservations', () => {
  it('counts the reservations in the footnotes of positions added, by who holds them, and not the text’s own footnotes', () => {
    const forwarded = selectForwardedText(draft);
    const [first, second] = forwarded.blocks;
    const added = (blockId: string, id: string, text: string) => ({
      id,
      number: 0,
      blockId,
      offset: 0,
      text,
    });
    const annex = normalizeDocument({
      ...forwarded,
      footnotes: [
        ...forwarded.footnotes,
        added(first?.id as string, 'p1', 'DE, NL: scrutiny reservation. COM: reservation.'),
        added(second?.id as string, 'p2', 'COM: linguistic reservation.'),
      ],
    });
    expect(notedReservations(annex, forwarded)).toEqual({ delegations: 2, commission: 2 });
    const onlyCommission = normalizeDocument({
      ...forwarded,
      footnotes: [...forwarded.footnotes, added(first?.id as string, 'p1', 'COM: reservation.')],
    });
    expect(notedReservations(onlyCommission, forwarded)).toEqual({ delegations: 0, commission: 1 });
    expect(notedReservations(forwarded, forwarded)).toEqual(NO_NOTED_RESERVATIONS);
  });
});
