import { COMMISSION, type CommissionReservations } from './commission-reservation';
import {
  type DelegationCode,
  isDelegationCode,
  isMemberStateCode,
  type MemberStateCode,
  rankInProtocolOrder,
  sortInProtocolOrder,
} from './delegations';
import { type CouncilDocument, type Footnote, findEmptyBlocks, normalizeDocument } from './document';
import { tallyGeneralReservations, WHOLE_TEXT_ID } from './general-reservation';
import type { CurrentPositions, PositionKind, PositionRecord } from './position';
import { citedFootnotes, statementText } from './statement-text';
import { summarizeBlockText } from './text-hash';

/**
 * Positions written as the Council's footnotes write them: delegations in protocol order, one sentence
 * per kind of position, sentences ordered by the protocol rank of their first delegation:
 *
 *   "DE, NL: scrutiny reservation. FR: reservation."
 *
 * Labels are nouns, like the Council's "scrutiny reservation": `oppose` reads "objection" and `abstain`
 * "abstention". Agreement is what a footnote leaves unsaid, so `agree` is not listed unless asked for
 * (it then reads "agreement"). Stale positions are left out: they no longer bear on the text.
 */
export const POSITION_LABELS: Readonly<Record<PositionKind, string>> = {
  agree: 'agreement',
  abstain: 'abstention',
  scrutiny_reservation: 'scrutiny reservation',
  parliamentary_scrutiny_reservation: 'parliamentary scrutiny reservation',
  linguistic_reservation: 'linguistic reservation',
  reservation: 'reservation',
  oppose: 'objection',
};

export interface FootnotePosition {
  /** A Member State, or the Commission (its reservations are recorded after the Member States'). */
  readonly delegation: DelegationCode;
  readonly position: PositionKind;
  readonly stale?: boolean;
}

export interface FootnoteOptions {
  /** Which kinds to list. @default every kind but `agree` */
  readonly include?: readonly PositionKind[];
  /** Reservations on the whole text: "DK: general scrutiny reservation." */
  readonly general?: boolean;
}

const DEFAULT_INCLUDE: readonly PositionKind[] = [
  'abstain',
  'scrutiny_reservation',
  'parliamentary_scrutiny_reservation',
  'linguistic_reservation',
  'reservation',
  'oppose',
];

/** The footnote text for one block's positions; empty when there is nothing to say. */
export function formatPositionFootnote(
  positions: Iterable<FootnotePosition>,
  options: FootnoteOptions = {},
): string {
  const include = new Set(options.include ?? DEFAULT_INCLUDE);
  const byDelegation = new Map<DelegationCode, PositionKind>();
  for (const { delegation, position, stale } of positions) {
    if (!stale && include.has(position)) byDelegation.set(delegation, position);
  }
  const prefix = options.general ? 'general ' : '';
  const sentences = (delegations: readonly DelegationCode[]) => {
    // Insertion order of a Map is the order each kind first appears in protocol order.
    const groups = new Map<PositionKind, DelegationCode[]>();
    for (const delegation of delegations) {
      const position = byDelegation.get(delegation) as PositionKind;
      const group = groups.get(position);
      if (group === undefined) groups.set(position, [delegation]);
      else group.push(delegation);
    }
    return Array.from(
      groups,
      ([position, codes]) => `${codes.join(', ')}: ${prefix}${POSITION_LABELS[position]}.`,
    );
  };
  // The Member States' positions first; the Commission's (and any non-voting participant's) after
  // them, never in a Member States' sentence: "DE, NL: scrutiny reservation. COM: scrutiny reservation."
  const ordered = sortInProtocolOrder(byDelegation.keys());
  return [
    ...sentences(ordered.filter((code) => isMemberStateCode(code))),
    ...sentences(ordered.filter((code) => !isMemberStateCode(code))),
  ].join(' ');
}

/** One position read back from a footnote by `readPositionFootnote`. */
export interface StatedPosition {
  readonly delegation: DelegationCode;
  readonly position: PositionKind;
  /** Written as a reservation on the whole text: "DK: general scrutiny reservation." */
  readonly general: boolean;
}

const KINDS_BY_LABEL = new Map<string, PositionKind>(
  Object.entries(POSITION_LABELS).map(([kind, label]) => [label, kind as PositionKind]),
);

/**
 * The positions a footnote states, when its whole text is a statement of positions in the Council's
 * form, as `formatPositionFootnote` writes it: sentences "DE, NL: scrutiny reservation." of known
 * delegation codes (the Member States, then COM and the other non-voting participants), in protocol
 * order within the sentence, each followed by one of `POSITION_LABELS`, "general " before it for a
 * reservation on the whole text. Otherwise null: a footnote that only starts like one ("DE:
 * scrutiny reservation, pending …"), cites a document ("12109/13.") or names a delegation twice.
 *
 * It is the inverse of `formatPositionFootnote` (every footnote that can write is read back, with its
 * positions), and a little wider, as a footnote typed by hand may be: runs of spaces (a non-breaking
 * one from Word included) count as one, sentences may come in any order, a kind may be written in two
 * sentences, and "general" may qualify some sentences and not others.
 */
export function readPositionFootnote(text: string): StatedPosition[] | null {
  const normalized = text.replace(/\s+/g, ' ').trim();
  if (normalized === '') return null;
  // Sticky: each sentence must start where the last one ended. Linear: the parts cannot overlap.
  const sentence = /([A-Z]+(?:, [A-Z]+)*): (general )?([a-z]+(?: [a-z]+)*)\.(?: |$)/y;
  const stated: StatedPosition[] = [];
  const seen = new Set<DelegationCode>();
  while (sentence.lastIndex < normalized.length) {
    const match = sentence.exec(normalized);
    if (match === null) return null;
    const [, codes = '', general, label = ''] = match;
    const position = KINDS_BY_LABEL.get(label);
    if (position === undefined) return null;
    let previousRank = -1;
    for (const code of codes.split(', ')) {
      if (!isDelegationCode(code) || seen.has(code)) return null;
      const rank = rankInProtocolOrder(code);
      if (rank < previousRank) return null;
      previousRank = rank;
      seen.add(code);
      stated.push({ delegation: code, position, general: general !== undefined });
    }
  }
  return stated;
}

/** Whether a footnote's whole text is a statement of positions (`readPositionFootnote`). */
export function isPositionFootnote(text: string): boolean {
  return readPositionFootnote(text) !== null;
}

/** The entries of a consensus report's `positions` object, ready for `formatPositionFootnote`. */
export function listReportedPositions(
  positions: Partial<Record<MemberStateCode, { readonly position: PositionKind; readonly stale: boolean }>>,
): FootnotePosition[] {
  return Object.entries(positions).flatMap(([delegation, view]) =>
    view === undefined
      ? []
      : [{ delegation: delegation as MemberStateCode, position: view.position, stale: view.stale }],
  );
}

/**
 * The id of the footnote `addPositionFootnotes` gives a block, unless the document already has a
 * footnote of that id (then a numbered suffix is added).
 */
export function positionFootnoteId(blockId: string): string {
  return `positions-${blockId}`;
}

/** `positionFootnoteId`, made unique among `taken` (which it extends). */
function takeFootnoteId(blockId: string, taken: Set<string>): string {
  const base = positionFootnoteId(blockId);
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

/**
 * The document with each block's positions as a footnote at the block's end ("DE, NL: scrutiny
 * reservation."), as a Presidency's revision records them: positions given on another text of the
 * block are stale and left out, and a block with nothing to say gets no footnote. General
 * reservations (the Commission's after the Member States') go in a footnote of their own ("DK:
 * general scrutiny reservation. COM: general reservation.") at the end of the first heading (the
 * conclusions' title), or of the first block. Footnotes are numbered again with the document's own.
 */
export function addPositionFootnotes(
  doc: CouncilDocument,
  positions: CurrentPositions,
  options: FootnoteOptions & { readonly commission?: CommissionReservations } = {},
): CouncilDocument {
  const added: Footnote[] = [];
  // Footnote ids come from the document's authors too: one of theirs may look like ours.
  const taken = new Set(doc.footnotes.map((footnote) => footnote.id));
  const titled = doc.blocks.find((block) => block.kind === 'heading') ?? doc.blocks[0];
  if (titled !== undefined) {
    const { reserved, positions: given } = tallyGeneralReservations(positions);
    const listed: FootnotePosition[] = reserved.map((delegation) => ({
      delegation,
      position: (given.get(delegation) as PositionRecord).position,
    }));
    const commission = options.commission?.get(WHOLE_TEXT_ID);
    if (commission !== undefined) listed.push({ delegation: COMMISSION, position: commission.position });
    const text = formatPositionFootnote(listed, { general: true });
    if (text !== '') {
      added.push({
        id: takeFootnoteId(WHOLE_TEXT_ID, taken),
        number: 0,
        blockId: titled.id,
        offset: titled.text.length,
        text,
      });
    }
  }
  // A position on an empty block counts for nothing (`computeConsensus`), and is not written either.
  const empty = findEmptyBlocks(doc.blocks, doc.footnotes);
  const cited = citedFootnotes(doc.footnotes);
  for (const block of doc.blocks) {
    const given = positions.get(block.id);
    const commission = options.commission?.get(block.id);
    if ((given === undefined || given.size === 0) && commission === undefined) continue;
    if (empty.has(block.id)) continue;
    const { textHash } = summarizeBlockText(statementText(block.text, cited.get(block.id) ?? []));
    const listed: FootnotePosition[] = [];
    for (const record of given?.values() ?? []) {
      listed.push({
        delegation: record.delegation,
        position: record.position,
        stale: record.textHash !== textHash,
      });
    }
    if (commission !== undefined) {
      listed.push({
        delegation: COMMISSION,
        position: commission.position,
        stale: commission.textHash !== textHash,
      });
    }
    const text = formatPositionFootnote(listed, options);
    if (text === '') continue;
    added.push({
      id: takeFootnoteId(block.id, taken),
      number: 0,
      blockId: block.id,
      offset: block.text.length,
      text,
    });
  }
  if (added.length === 0) return doc;
  return normalizeDocument({ ...doc, footnotes: [...doc.footnotes, ...added] });
}

export interface RemovePositionFootnotesOptions {
  /**
   * The text the upload replaces (a revision's live text): a footnote of positions it already carries
   * as text is the document's own and stays. The ledger never writes into the live text, so such a
   * footnote is not an export coming back: an I/A item note's annex records, as text, the reservations
   * that stood when the agreed text went forward, and the note's own ledger has none to write them from.
   */
  readonly textOf?: CouncilDocument;
}

/**
 * The document without the footnotes that state positions (`isPositionFootnote`), and how many were
 * taken out. A footnote's call is its place in the citing block, so the call goes with it; the others
 * are numbered again as the model numbers them.
 *
 * Used on every text uploaded to Accord, for a new document or a revision. Positions live in Accord's
 * ledger, pinned to a block's text and withdrawn there, and an export writes them as footnotes
 * (`addPositionFootnotes`) from the ledger. A positions footnote that came back in an upload — our own
 * export edited in Word, or one typed by hand in a text from outside — would otherwise become a
 * permanent part of the text: never stale, still there after a withdrawal, and printed a second
 * time beside the ledger's at the next export. Positions are what Accord records itself, in the ledger
 * and from the delegations, so the footnote is left out, and the upload's answer says how many were.
 */
export function removePositionFootnotes(
  doc: CouncilDocument,
  options: RemovePositionFootnotesOptions = {},
): {
  readonly document: CouncilDocument;
  readonly removed: number;
} {
  // As many of each text as the replaced text has: an export with positions may add the ledger's
  // statement beside the text's own identical one, and that copy is the export's.
  const own = new Map<string, number>();
  for (const footnote of options.textOf?.footnotes ?? []) {
    own.set(footnote.text, (own.get(footnote.text) ?? 0) + 1);
  }
  const kept = doc.footnotes.filter((footnote) => {
    if (!isPositionFootnote(footnote.text)) return true;
    const left = own.get(footnote.text) ?? 0;
    if (left === 0) return false;
    own.set(footnote.text, left - 1);
    return true;
  });
  const removed = doc.footnotes.length - kept.length;
  if (removed === 0) return { document: doc, removed };
  return { document: normalizeDocument({ ...doc, footnotes: kept }), removed };
}
