import { countBracketSpans } from './brackets';
import {
  type CommissionReservations,
  type CommissionReservationView,
  viewCommissionReservation,
} from './commission-reservation';
import { MEMBER_STATE_CODES, type MemberStateCode } from './delegations';
import { type Footnote, findEmptyBlocks, isBlankText } from './document';
import {
  type GeneralConsensus,
  tallyGeneralReservations,
  WHOLE_TEXT_HASH,
  WHOLE_TEXT_ID,
} from './general-reservation';
import { CURRENT_POPULATION, type PopulationTable } from './population';
import type { CurrentPositions, PositionKind, PositionRecord } from './position';
import {
  computeQmvThresholds,
  judgeQualifiedMajority,
  type QmvOptions,
  type QmvOutcome,
  type QmvThresholds,
} from './qmv';
import {
  describeSilence,
  isSilenceRunning,
  isTextUnchangedSince,
  judgeSilence,
  type SilenceProcedure,
  type SilenceReport,
} from './silence';
import { summarizeBlockText } from './text-hash';
import type { Timestamp } from './timestamp';

/**
 * Where the document stands, block by block: the report `GET /api/documents/:id/consensus` serialises.
 *
 * A block's status, first rule that applies:
 *   opposed   a Member State's current position is `oppose`
 *   reserved  a current reservation of any kind
 *   agreed    every Member State agrees or abstains — or a lapsed silence procedure covers the block
 *             and deems those without a current position agreeing — and no square brackets are open
 *   open      otherwise
 * A position is current when its text hash is the block's; a stale one counts as none (and is still
 * listed, flagged). The document is agreed when every block is; otherwise it takes its worst block's
 * status (opposed, then reserved, then open). A document without blocks is open: nothing has been agreed.
 * A general reservation (on the whole text, `general-reservation.ts`) makes the document at least
 * reserved, whatever its blocks say.
 *
 * An empty block (`findEmptyBlocks`: no text once white space is trimmed, no footnote) says nothing, so
 * there is nothing in it to agree to: the report lists it, flagged `empty`, with its status and any
 * position given on it (the API's contract lists every block, and takes a position on any), but the
 * document's status leaves it out, so a stray Enter never holds the document back. Once it has text
 * it counts like any other block (a position given while it was empty is then stale). A document
 * whose blocks are all empty is open, as one without blocks.
 *
 * While a silence procedure runs, each block says whether it is outside it (`outsideSilence`): edited
 * since it began, or added since. So the Presidency sees, before the deadline, which paragraphs a lapse
 * will not agree.
 *
 * The QMV figures of each block are a what-if: the Member States whose current position is `agree`
 * are in favour; everyone else, abstaining or silent, is not (silence is no vote).
 *
 * Speed: what a block's positions add up to is remembered per positions map (never mutated, see
 * `CurrentPositions`) and text hash, so a report after one new position recomputes one block. Reports
 * share those parts with each other: treat a report as read-only.
 */
export const BLOCK_STATUSES = ['opposed', 'reserved', 'agreed', 'open'] as const;
export type BlockStatus = (typeof BLOCK_STATUSES)[number];
export type DocumentStatus = BlockStatus;

export interface ConsensusBlockInput {
  readonly id: string;
  readonly number: string | null;
  readonly text: string;
  /** `hashBlockText(text)`, when the caller already has it; otherwise from `summarizeBlockText`. */
  readonly textHash?: string;
  /** `countBracketSpans(text)`, when the caller already has it; otherwise computed. */
  readonly brackets?: number;
}

export interface ConsensusInput {
  /** The live blocks, in document order. */
  readonly blocks: readonly ConsensusBlockInput[];
  /** The live text's footnotes: a block that cites one is not empty, even without text. */
  readonly footnotes?: readonly Pick<Footnote, 'blockId'>[];
  readonly positions: CurrentPositions;
  /**
   * The document's silence procedures, oldest first. Every lapsed one still covers the blocks it
   * froze while their text is unchanged; the report shows the latest.
   */
  readonly silence?: readonly SilenceProcedure[];
  /** The Commission's reservations by block: listed, never counted. */
  readonly commission?: CommissionReservations;
  /**
   * The blocks outside the negotiated text (`findUnnegotiatedBlocks`: a cover note, an annex's label),
   * flagged in the report; none when not given.
   */
  readonly unnegotiated?: ReadonlySet<string>;
  readonly now: Timestamp;
  readonly qmv?: QmvOptions;
}

/** A position as the report lists it: what was said, and whether the text has changed since. */
export interface PositionView {
  readonly position: PositionKind;
  readonly note: string | null;
  readonly stale: boolean;
  readonly at: Timestamp;
}

export interface BlockConsensus {
  readonly id: string;
  readonly number: string | null;
  readonly status: BlockStatus;
  /** The block's text hash: a position given on another text is stale. */
  readonly textHash: string;
  /**
   * Every Member State's position on the block as given, stale ones included: the positions map's own
   * entry, shared and not copied (read-only). `listPositionViews` lists it in protocol order.
   */
  readonly positions: ReadonlyMap<MemberStateCode, PositionRecord>;
  /** Member States in protocol order without a current (non-stale) position. */
  readonly missing: readonly MemberStateCode[];
  /** Open square-bracketed spans. */
  readonly brackets: number;
  /** Agreed because a lapsed silence procedure deems the missing Member States agreeing. */
  readonly agreedBySilence: boolean;
  /**
   * A lapsed silence procedure deems the missing Member States agreeing on this text, whatever the
   * block's status (a standing reservation keeps it `reserved`).
   */
  readonly coveredBySilence: boolean;
  /** No text and no footnote (`findEmptyBlocks`): listed, but left out of the document's status. */
  readonly empty: boolean;
  /**
   * In the negotiated text (`findUnnegotiatedBlocks`): false for a cover note's lines and an annex's
   * label, which the delegations are not asked to agree (still counted in the document's status).
   */
  readonly negotiated: boolean;
  /**
   * While the latest silence procedure runs, why this block is outside it, so a lapse will not cover
   * it: `edited`, its text changed since the procedure began (for good, even once changed back);
   * `added`, it was not in the text then (an empty one, with nothing to agree to, is not flagged).
   * null under the procedure, and whenever none runs: once over, `coveredBySilence` says the rest.
   */
  readonly outsideSilence: OutsideSilence | null;
  readonly qmv: QmvOutcome;
}

export type OutsideSilence = 'edited' | 'added';

export interface ConsensusReport {
  readonly status: DocumentStatus;
  /** The blocks in document order, empty ones flagged (`findEmptyBlocks`: nothing in them to agree to). */
  readonly blocks: readonly BlockConsensus[];
  readonly silence: SilenceReport | null;
  /** General reservations, on the whole text. */
  readonly general: GeneralConsensus;
  /**
   * The Commission's reservations: its general one first (`blockId` `WHOLE_TEXT_ID`, never stale),
   * then those on the live blocks, in document order (stale ones flagged). They bear on no status:
   * the Commission takes no position that counts.
   */
  readonly commission: readonly CommissionReservationView[];
  /** The rule and population table the blocks' QMV figures used. */
  readonly qmv: QmvThresholds;
}

const STATUS_RANK: Readonly<Record<BlockStatus, number>> = { agreed: 0, open: 1, reserved: 2, opposed: 3 };

/** What one block's positions add up to against one text and one population table. */
interface BlockTally {
  readonly textHash: string;
  readonly figures: PopulationTable['figures'];
  readonly missing: readonly MemberStateCode[];
  readonly opposed: boolean;
  readonly reserved: boolean;
  readonly statesInFavour: number;
  readonly populationInFavour: number;
  /** The verdict for `qmvRule`, kept while the rule stays the same. */
  qmv: QmvOutcome | null;
  qmvRule: QmvThresholds['rule'] | null;
}

const TALLIES = new WeakMap<ReadonlyMap<MemberStateCode, PositionRecord>, BlockTally>();
const ALL_MISSING: readonly MemberStateCode[] = Object.freeze([...MEMBER_STATE_CODES]);
const NONE_MISSING: readonly MemberStateCode[] = Object.freeze([]);
const NO_POSITIONS: ReadonlyMap<MemberStateCode, PositionRecord> = new Map();

function tallyBlock(
  given: ReadonlyMap<MemberStateCode, PositionRecord>,
  textHash: string,
  figures: PopulationTable['figures'],
): BlockTally {
  if (given.size === 0) {
    return {
      textHash,
      figures,
      missing: ALL_MISSING,
      opposed: false,
      reserved: false,
      statesInFavour: 0,
      populationInFavour: 0,
      qmv: null,
      qmvRule: null,
    };
  }
  const cached = TALLIES.get(given);
  if (cached !== undefined && cached.textHash === textHash && cached.figures === figures) return cached;

  let current = 0;
  let opposed = false;
  let reserved = false;
  let statesInFavour = 0;
  let populationInFavour = 0;
  for (const record of given.values()) {
    if (record.textHash !== textHash) continue;
    current++;
    switch (record.position) {
      case 'agree':
        statesInFavour++;
        populationInFavour += figures[record.delegation];
        break;
      case 'abstain':
        break;
      case 'oppose':
        opposed = true;
        break;
      default:
        reserved = true;
    }
  }
  const tally: BlockTally = {
    textHash,
    figures,
    // A full house, the common case on a mature text, needs no list.
    missing: current === MEMBER_STATE_CODES.length ? NONE_MISSING : listMissing(given, textHash),
    opposed,
    reserved,
    statesInFavour,
    populationInFavour,
    qmv: null,
    qmvRule: null,
  };
  TALLIES.set(given, tally);
  return tally;
}

/** The Member States, in protocol order, without a position on this text. */
function listMissing(
  given: ReadonlyMap<MemberStateCode, PositionRecord>,
  textHash: string,
): MemberStateCode[] {
  const missing: MemberStateCode[] = [];
  for (const code of MEMBER_STATE_CODES) if (given.get(code)?.textHash !== textHash) missing.push(code);
  return missing;
}

/** A block's positions in protocol order, each flagged stale when given on another text. */
export function listPositionViews(
  block: Pick<BlockConsensus, 'positions' | 'textHash'>,
): Partial<Record<MemberStateCode, PositionView>> {
  const views: Partial<Record<MemberStateCode, PositionView>> = {};
  for (const code of MEMBER_STATE_CODES) {
    const record = block.positions.get(code);
    if (record === undefined) continue;
    views[code] = {
      position: record.position,
      note: record.note,
      stale: record.textHash !== block.textHash,
      at: record.at,
    };
  }
  return views;
}

/** Why a block is outside a running procedure (`BlockConsensus.outsideSilence`), null when under it. */
function findOutsideSilence(
  procedure: SilenceProcedure,
  blockId: string,
  textHash: string,
  isEmpty: boolean,
): OutsideSilence | null {
  if (!Object.hasOwn(procedure.textHashes, blockId)) return isEmpty ? null : 'added';
  // Its text another than the start text counts before the text watch marks it.
  return isTextUnchangedSince(procedure, blockId, textHash) ? null : 'edited';
}

export function computeConsensus(input: ConsensusInput): ConsensusReport {
  const thresholds = computeQmvThresholds(input.qmv);
  const figures = (input.qmv?.population ?? CURRENT_POPULATION).figures;
  const lapsed = (input.silence ?? []).filter((p) => judgeSilence(p, input.now) === 'lapsed');
  const latest = input.silence?.at(-1);
  const running = latest !== undefined && isSilenceRunning(latest, input.now) ? latest : null;

  let worst: DocumentStatus = 'agreed';
  const empty = findEmptyBlocks(input.blocks, input.footnotes ?? []);
  const blocks: BlockConsensus[] = [];
  const commission: CommissionReservationView[] = [];
  const onWholeText = input.commission?.get(WHOLE_TEXT_ID);
  if (onWholeText !== undefined) commission.push(viewCommissionReservation(onWholeText, WHOLE_TEXT_HASH));
  let counted = 0;
  for (const block of input.blocks) {
    const isEmpty = empty.size > 0 && empty.has(block.id) && isBlankText(block.text);
    let textHash = block.textHash;
    let brackets = block.brackets;
    if (textHash === undefined) {
      const summary = summarizeBlockText(block.text);
      textHash = summary.textHash;
      brackets ??= summary.brackets;
    }
    brackets ??= countBracketSpans(block.text);
    const given = input.positions.get(block.id) ?? NO_POSITIONS;
    const tally = tallyBlock(given, textHash, figures);
    const reservation = input.commission?.get(block.id);
    if (reservation !== undefined) commission.push(viewCommissionReservation(reservation, textHash));

    const silenceCovers =
      tally.missing.length > 0 &&
      lapsed.some((procedure) => isTextUnchangedSince(procedure, block.id, textHash));
    let status: BlockStatus;
    if (tally.opposed) status = 'opposed';
    else if (tally.reserved) status = 'reserved';
    else if ((tally.missing.length === 0 || silenceCovers) && brackets === 0) status = 'agreed';
    else status = 'open';
    if (!isEmpty) {
      counted++;
      if (STATUS_RANK[status] > STATUS_RANK[worst]) worst = status;
    }

    if (tally.qmv === null || tally.qmvRule !== thresholds.rule) {
      tally.qmv = judgeQualifiedMajority(tally.statesInFavour, tally.populationInFavour, thresholds);
      tally.qmvRule = thresholds.rule;
    }
    blocks.push({
      id: block.id,
      number: block.number,
      status,
      textHash,
      positions: given,
      missing: tally.missing,
      brackets,
      agreedBySilence: status === 'agreed' && tally.missing.length > 0,
      coveredBySilence: silenceCovers,
      empty: isEmpty,
      negotiated: input.unnegotiated?.has(block.id) !== true,
      outsideSilence: running === null ? null : findOutsideSilence(running, block.id, textHash, isEmpty),
      qmv: tally.qmv,
    });
  }

  // Nothing agreed without blocks (or with empty ones alone): open, unless a general reservation says more.
  if (counted === 0) worst = 'open';
  const general = tallyGeneralReservations(input.positions);
  if (general.reserved.length > 0 && STATUS_RANK[worst] < STATUS_RANK.reserved) {
    worst = 'reserved';
  }
  return {
    status: worst,
    blocks,
    silence: latest === undefined ? null : describeSilence(latest, input.now),
    general,
    commission,
    qmv: thresholds,
  };
}
