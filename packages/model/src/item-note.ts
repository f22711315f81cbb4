/**
 * The 'I/A' item note that forwards an agreed text: the last step of a text's path (draft → revisions →
 * agreement → the note that forwards it, DOMAIN.md). The General Secretariat sends it to Coreper (an
 * I item: confirmed without debate) and the Council (an A item: adopted without debate), as the fixture
 * 9916/17 forwards the conclusions agreed on the basis of 7923/2/17 REV 2.
 *
 * The note is a new document: a header (its number and date, "From: General Secretariat of the
 * Council", "No. prev. doc.:" the text's last revision, the subject with "- Adoption"), a short cover
 * in numbered points, and the agreed text as its annex ("ANNEX", the text's title, its paragraphs
 * numbered from 1 again). The cover is a starting
 * point: the Secretariat edits it like any other text.
 */
import { citeBlocks } from './block-citation';
import { COMMISSION } from './commission-reservation';
import type { BlockStatus, ConsensusReport, DocumentStatus } from './consensus';
import { type MemberStateCode, sortInProtocolOrder } from './delegations';
import {
  type Block,
  type CouncilDocument,
  type Footnote,
  findEmptyBlocks,
  normalizeDocument,
} from './document';
import { findUnnegotiatedBlocks, isAnnexLabel } from './negotiated-text';
import { readPositionFootnote } from './position-footnotes';
import { err, ok, type Result } from './result';

export const ITEM_NOTE_TYPE = "'I/A' ITEM NOTE";
export const ITEM_NOTE_FROM = 'General Secretariat of the Council';
export const ITEM_NOTE_TO = 'Permanent Representatives Committee/Council';
/** The heading that opens the note's annex. */
export const NOTE_ANNEX_HEADING = 'ANNEX';

/**
 * What an item note forwards: the negotiated text (`findUnnegotiatedBlocks`: no cover note, no annex
 * label), less its empty blocks (`findEmptyBlocks`: an editor's stray Enter), which consensus leaves
 * out too: there is nothing in them to agree to. The footnotes cited in the blocks kept come along.
 */
export function selectForwardedText(doc: CouncilDocument): CouncilDocument {
  const { blocks } = sortForwardedBlocks(doc);
  if (blocks.length === doc.blocks.length) return doc;
  const kept = new Set(blocks.map((block) => block.id));
  return normalizeDocument({
    metadata: doc.metadata,
    blocks,
    footnotes: doc.footnotes.filter((footnote) => kept.has(footnote.blockId)),
  });
}

/** The blocks an item note forwards, and why the others are not: outside the negotiated text, or empty. */
function sortForwardedBlocks(doc: CouncilDocument): {
  readonly blocks: Block[];
  readonly outside: ReadonlySet<string>;
  readonly empty: ReadonlySet<string>;
} {
  const outside = findUnnegotiatedBlocks(doc);
  const empty = findEmptyBlocks(doc.blocks, doc.footnotes);
  const blocks = doc.blocks.filter((block) => !outside.has(block.id) && !empty.has(block.id));
  return { blocks, outside, empty };
}

export interface ForwardingError {
  readonly code: 'not-agreed';
  /** The first block that stands in the way; null when there is no text at all. */
  readonly blockId: string | null;
  readonly message: string;
}

/** How many paragraphs in the way a refusal names after the first. */
const MAX_OTHERS_NAMED = 10;

/** Why a forwarded block stops the text going forward ("is opposed (HU)"), or null when it does not. */
function explainNotAgreed(block: ConsensusReport['blocks'][number]): string | null {
  if (block.status === 'opposed') {
    const opposing: MemberStateCode[] = [];
    for (const record of block.positions.values()) {
      if (record.position === 'oppose' && record.textHash === block.textHash)
        opposing.push(record.delegation);
    }
    return `is opposed (${sortInProtocolOrder(opposing).join(', ')})`;
  }
  if (block.brackets > 0) return 'still has square brackets';
  if (block.missing.length > 0 && !block.coveredBySilence) {
    const count = block.missing.length;
    return `has no position on its current text from ${count} Member State${count === 1 ? '' : 's'} (${block.missing.join(', ')})`;
  }
  return null;
}

/** Where the text an item note would forward stands: what the Presidency's headline says. */
export interface ForwardedTextStanding {
  /**
   * What is forwarded: the `whole` text; the `annex`, the last part where numbering restarts (the
   * cover note left out); or the text `after-cover`, less unnumbered cover lines before its title.
   */
  readonly scope: 'whole' | 'annex' | 'after-cover';
  /** The annex's name from its label ("Annex II"); null without one. */
  readonly partName: string | null;
  /** The forwarded blocks' worst status, at least `reserved` while a general reservation stands. */
  readonly status: DocumentStatus;
  /** The report's own status, every block counted. */
  readonly documentStatus: DocumentStatus;
}

const STANDING_RANK: Readonly<Record<BlockStatus, number>> = { agreed: 0, open: 1, reserved: 2, opposed: 3 };

/**
 * Where the text `selectForwardedText` takes stands, as the report's status would if the document
 * were that text: the cover note is the Secretariat's, not the delegations' to agree, so a chair
 * whose annex is agreed is told so, even while nobody has spoken on the cover.
 */
export function judgeForwardedText(
  doc: CouncilDocument,
  report: {
    readonly status: DocumentStatus;
    readonly blocks: readonly {
      readonly id: string;
      readonly status: BlockStatus;
      readonly empty: boolean;
    }[];
    readonly general: { readonly reserved: readonly unknown[] };
  },
): ForwardedTextStanding {
  // What `selectForwardedText` keeps, without building the text: only the ids are needed here.
  const { blocks, outside, empty } = sortForwardedBlocks(doc);
  const forwarded = new Set(blocks.map((block) => block.id));
  const last = citeBlocks(doc.blocks).at(-1);
  const leftOut = doc.blocks.some(
    (block) => outside.has(block.id) && !empty.has(block.id) && !isAnnexLabel(block),
  );
  const scope = (last?.part ?? null) !== null ? 'annex' : leftOut ? 'after-cover' : 'whole';
  let status: DocumentStatus = 'agreed';
  let counted = 0;
  for (const block of report.blocks) {
    if (!forwarded.has(block.id) || block.empty) continue;
    counted++;
    if (STANDING_RANK[block.status] > STANDING_RANK[status]) status = block.status;
  }
  if (counted === 0) status = 'open';
  if (report.general.reserved.length > 0 && STANDING_RANK[status] < STANDING_RANK.reserved)
    status = 'reserved';
  return {
    scope,
    partName: scope === 'annex' ? (last?.partName ?? null) : null,
    status,
    documentStatus: report.status,
  };
}

/**
 * Whether `text` (from `selectForwardedText`) may go forward as agreed: no block opposed, none with
 * square brackets open, and every Member State agreeing or abstaining on each block's current text
 * (or deemed to by a lapsed silence procedure). Reservations may stand: the note's annex records them
 * in footnotes, as the Council's do. `names` cites each block as the room does ("paragraph 3").
 */
export function checkForwarding(
  text: CouncilDocument,
  report: ConsensusReport,
  names: ReadonlyMap<string, string>,
): Result<void, ForwardingError> {
  if (text.blocks.length === 0) {
    return err({
      code: 'not-agreed',
      blockId: null,
      message: 'there is no text to forward: every paragraph is empty',
    });
  }
  const forwarded = new Set(text.blocks.map((block) => block.id));
  const inTheWay: { readonly id: string; readonly name: string; readonly why: string }[] = [];
  for (const block of report.blocks) {
    if (!forwarded.has(block.id) || block.status === 'agreed') continue;
    const why = explainNotAgreed(block);
    if (why !== null) inTheWay.push({ id: block.id, name: names.get(block.id) ?? 'a paragraph', why });
  }
  const [first, ...others] = inTheWay;
  if (first !== undefined) {
    // The others named too: the chair clears them all before asking again, not one refusal at a time.
    const shown = others.slice(0, MAX_OTHERS_NAMED).map((other) => other.name);
    const more = others.length - shown.length;
    const also =
      others.length === 0
        ? ''
        : `. Also not agreed: ${shown.join('; ')}${more > 0 ? ` and ${more} more` : ''}`;
    return err({ code: 'not-agreed', blockId: first.id, message: `${first.name} ${first.why}${also}` });
  }
  return ok(undefined);
}

export interface ItemNoteInput {
  /** The note's own register number, as formatted ("9916/17"). */
  readonly number: string;
  /** As written on the note ("7 June 2017"); null to leave it to the Secretariat. */
  readonly date: string | null;
  /**
   * The number of the text's last revision ("7923/2/17 REV 2"): the note's "No. prev. doc.". Null for
   * a text without a register number: the note then cites none rather than a label that is no number.
   */
  readonly previous: string | null;
  /** The text's title ("Draft Council conclusions on …"), the first line of the note's subject. */
  readonly title: string;
  /** Whose reservations the annex's footnotes record (`notedReservations`); the cover says so. */
  readonly reservationsNoted: NotedReservations;
  readonly newId: () => string;
}

/** Whose reservations an annex's footnotes of positions record. */
export interface NotedReservations {
  /** Reservations of Member States' delegations. */
  readonly delegations: number;
  /** The Commission's: not a delegation, so named apart. */
  readonly commission: number;
}

export const NO_NOTED_RESERVATIONS: NotedReservations = { delegations: 0, commission: 0 };

/**
 * Counts the reservations stated in the footnotes `annex` has and `forwarded` (the same text before
 * positions were added) had not, by whether the Commission or a delegation holds them.
 */
export function notedReservations(annex: CouncilDocument, forwarded: CouncilDocument): NotedReservations {
  const own = new Set(forwarded.footnotes.map((footnote) => footnote.id));
  let delegations = 0;
  let commission = 0;
  for (const footnote of annex.footnotes) {
    if (own.has(footnote.id)) continue;
    for (const stated of readPositionFootnote(footnote.text) ?? []) {
      if (stated.delegation === COMMISSION) commission++;
      else delegations++;
    }
  }
  return { delegations, commission };
}

/** The cover's line on the reservations in the annex's footnotes; null when there are none. */
function describeNotedReservations(noted: NotedReservations): string | null {
  if (noted.delegations > 0 && noted.commission > 0) {
    return 'The reservations that delegations and the Commission maintain are set out in the footnotes to the Annex.';
  }
  if (noted.delegations > 0) {
    return 'The reservations that delegations maintain are set out in the footnotes to the Annex.';
  }
  if (noted.commission === 1) {
    return 'The reservation that the Commission maintains is set out in a footnote to the Annex.';
  }
  if (noted.commission > 1) {
    return 'The reservations that the Commission maintains are set out in the footnotes to the Annex.';
  }
  return null;
}

/**
 * The item note forwarding `annex` (the forwarded text, footnotes of positions added if wanted). The
 * annex's blocks and footnotes get new ids: the note is a document of its own. The header keeps the
 * text's place, language, subject codes and marking.
 */
export function draftItemNote(annex: CouncilDocument, input: ItemNoteInput): CouncilDocument {
  const source = annex.metadata;
  const title = input.title.trim().replace(/\.$/, '');
  const numbered = (text: string): Block => ({ id: input.newId(), kind: 'numbered', number: null, text });
  const cover: Block[] = [
    numbered(
      `Delegations examined the ${inSentence(title)}${input.previous === null ? '' : ` on the basis of doc. ${input.previous}`} and reached agreement on the text set out in the Annex.`,
    ),
  ];
  const reservations = describeNotedReservations(input.reservationsNoted);
  if (reservations !== null) {
    cover.push({ id: input.newId(), kind: 'paragraph', number: null, text: reservations });
  }
  cover.push(
    numbered(
      `Against this background, the Permanent Representatives Committee is requested to confirm the agreement and to invite the Council to approve the ${inSentence(title)}, as set out in the Annex.`,
    ),
  );

  const ids = new Map(annex.blocks.map((block) => [block.id, input.newId()]));
  // The annex numbers from 1 again: its first numbered paragraph restarts the count after the cover.
  const first = annex.blocks.findIndex((block) => block.kind === 'numbered');
  const annexBlocks: Block[] = annex.blocks.map((block, index) => ({
    id: ids.get(block.id) as string,
    kind: block.kind,
    number: null,
    text: block.text,
    ...(index === first ? { start: 1 } : {}),
  }));
  if (annex.blocks[0]?.kind !== 'heading') {
    annexBlocks.unshift({ id: input.newId(), kind: 'heading', number: null, text: title.toUpperCase() });
  }
  // The cover sends the reader to "the Annex": its page opens with the label, as the Council's do.
  annexBlocks.unshift({ id: input.newId(), kind: 'heading', number: null, text: NOTE_ANNEX_HEADING });
  const footnotes: Footnote[] = annex.footnotes.map((footnote) => ({
    id: input.newId(),
    number: 0,
    blockId: ids.get(footnote.blockId) as string,
    offset: footnote.offset,
    text: footnote.text,
  }));

  return normalizeDocument({
    metadata: {
      number: input.number,
      place: source.place ?? 'Brussels',
      date: input.date,
      language: source.language ?? 'en',
      codes: [...source.codes],
      marking: source.marking,
      type: ITEM_NOTE_TYPE,
      from: ITEM_NOTE_FROM,
      to: ITEM_NOTE_TO,
      previous: input.previous === null ? [] : [input.previous],
      subject: `${title}\n- Adoption`,
    },
    blocks: [...cover, ...annexBlocks],
    footnotes,
  });
}

/**
 * The title inside a sentence: "Draft Council conclusions …" → "draft Council conclusions …". Only
 * "Draft" is lowered: the rest of a title is names ("Council", "EU") that keep their capitals.
 */
function inSentence(title: string): string {
  return title.replace(/^Draft\b/, 'draft');
}
