import { COMMISSION, type CommissionReservations } from './commission-reservation';
import { type DelegationCode, type MemberStateCode, sortInProtocolOrder } from './delegations';
import { type CouncilDocument, type Footnote, normalizeDocument } from './document';
import { tallyGeneralReservations, WHOLE_TEXT_ID } from './general-reservation';
import type { CurrentPositions, PositionKind, PositionRecord } from './position';
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
  // Insertion order of a Map is the order each kind first appears in protocol order.
  const groups = new Map<PositionKind, DelegationCode[]>();
  for (const delegation of sortInProtocolOrder(byDelegation.keys())) {
    const position = byDelegation.get(delegation) as PositionKind;
    const group = groups.get(position);
    if (group === undefined) groups.set(position, [delegation]);
    else group.push(delegation);
  }
  const prefix = options.general ? 'general ' : '';
  return Array.from(
    groups,
    ([position, delegations]) => `${delegations.join(', ')}: ${prefix}${POSITION_LABELS[position]}.`,
  ).join(' ');
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
  for (const block of doc.blocks) {
    const given = positions.get(block.id);
    const commission = options.commission?.get(block.id);
    if ((given === undefined || given.size === 0) && commission === undefined) continue;
    const { textHash } = summarizeBlockText(block.text);
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
