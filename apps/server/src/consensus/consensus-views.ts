import {
  type BlockConsensus,
  type BlockStatus,
  COMMISSION,
  type CommissionReservation,
  type CommissionReservationView,
  type ConsensusReport,
  type GeneralConsensus,
  listPositionViews,
  MEMBER_STATE_CODES,
  type MemberStateCode,
  type OutsideSilence,
  type PositionKind,
  type PositionRecord,
  type PositionView,
  type QmvThresholds,
  type ReservationKind,
  type SilenceOutcome,
  type SilenceReport,
} from '@accord/model';

/**
 * The JSON bodies of positions, silence and the consensus report: exactly the fields the API names,
 * nothing of the model's internals (the user behind a position, the text hashes a procedure froze).
 */

/** `PUT /api/documents/:id/blocks/:blockId/position` → 200. */
export interface PositionBody {
  readonly blockId: string;
  readonly delegation: MemberStateCode;
  readonly position: PositionKind;
  readonly note: string | null;
  readonly textHash: string;
  readonly revision: number;
  /** Always false: a position is pinned to the text it was given on. */
  readonly stale: false;
  readonly at: string;
}

export function toPositionBody(record: PositionRecord): PositionBody {
  return {
    blockId: record.blockId,
    delegation: record.delegation,
    position: record.position,
    note: record.note,
    textHash: record.textHash,
    revision: record.revision,
    stale: false,
    at: record.at,
  };
}

/** `PUT /api/documents/:id/blocks/:blockId/commission-reservation` → 200. */
export interface CommissionReservationBody {
  readonly blockId: string;
  readonly delegation: typeof COMMISSION;
  readonly position: ReservationKind;
  readonly note: string | null;
  readonly textHash: string;
  readonly revision: number;
  readonly stale: false;
  readonly at: string;
}

export function toCommissionReservationBody(record: CommissionReservation): CommissionReservationBody {
  return {
    blockId: record.blockId,
    delegation: COMMISSION,
    position: record.position,
    note: record.note,
    textHash: record.textHash,
    revision: record.revision,
    stale: false,
    at: record.at,
  };
}

export interface SilenceBody {
  readonly until: string;
  // Arrays here are typed mutable only because Hono's typed responses want them so; nothing mutates them.
  readonly brokenBy: { readonly delegation: MemberStateCode; readonly reason: string; readonly at: string }[];
  readonly outcome: SilenceOutcome;
  /** When the Presidency cancelled it and why (who: the audit log); null unless `cancelled`. */
  readonly cancelled: { readonly at: string; readonly reason: string | null } | null;
}

export function toSilenceBody(report: SilenceReport): SilenceBody {
  return {
    until: report.until,
    brokenBy: report.brokenBy as SilenceBody['brokenBy'],
    outcome: report.outcome,
    cancelled: report.cancelled,
  };
}

export interface BlockConsensusBody {
  readonly id: string;
  readonly number: string | null;
  readonly status: BlockStatus;
  readonly positions: Readonly<Partial<Record<MemberStateCode, PositionView>>>;
  readonly missing: MemberStateCode[];
  readonly brackets: number;
  readonly coveredBySilence: boolean;
  readonly empty: boolean;
  readonly negotiated: boolean;
  readonly outsideSilence: OutsideSilence | null;
  readonly qmv: {
    readonly states: number;
    readonly population: number;
    readonly passes: boolean;
    readonly blockingMinority: boolean;
  };
}

/** `GET /api/documents/:id/consensus` → 200. */
export interface ConsensusBody {
  readonly status: BlockStatus;
  readonly blocks: BlockConsensusBody[];
  readonly silence: SilenceBody | null;
  /** Reservations on the whole text. */
  readonly general: GeneralBody;
  /** The Commission's reservations on the live blocks, in document order: listed, never counted. */
  readonly commission: CommissionReservationView[];
  /** Which QMV rule and population table the per-block what-ifs used (DOMAIN: say which year). */
  readonly qmvRule: QmvThresholds;
}

export interface GeneralBody {
  /** Each delegation's general reservation (never stale: it stands until withdrawn). */
  readonly positions: Readonly<Partial<Record<MemberStateCode, PositionView>>>;
  /** The Member States holding one, in protocol order: while any does, the document is not agreed. */
  readonly reserved: MemberStateCode[];
}

export function toGeneralBody(general: GeneralConsensus): GeneralBody {
  return { positions: listPositionViews(general), reserved: general.reserved as MemberStateCode[] };
}

export function toBlockConsensusBody(block: BlockConsensus): BlockConsensusBody {
  const { qmv } = block;
  return {
    id: block.id,
    number: block.number,
    status: block.status,
    positions: listPositionViews(block),
    missing: block.missing as MemberStateCode[],
    brackets: block.brackets,
    coveredBySilence: block.coveredBySilence,
    empty: block.empty,
    negotiated: block.negotiated,
    outsideSilence: block.outsideSilence,
    qmv: {
      states: qmv.states,
      population: qmv.population,
      passes: qmv.passes,
      blockingMinority: qmv.blockingMinority,
    },
  };
}

export function toConsensusBody(report: ConsensusReport): ConsensusBody {
  return {
    status: report.status,
    blocks: report.blocks.map(toBlockConsensusBody),
    silence: report.silence === null ? null : toSilenceBody(report.silence),
    general: toGeneralBody(report.general),
    commission: report.commission as CommissionReservationView[],
    qmvRule: report.qmv,
  };
}

/**
 * `toConsensusBody(report)` as JSON text, built from pieces remembered per object. The model shares a
 * block's `positions`, `missing` and `qmv` between reports while the block's positions and text stay
 * the same, so only changed blocks are serialised again: a 2,000-block report with 27 positions each
 * is about 5 MB of JSON, which `JSON.stringify` takes tens of milliseconds to write every time.
 */
export function serializeConsensusBody(report: ConsensusReport): string {
  return joinConsensusParts(serializeConsensusParts(report));
}

/** A report as JSON pieces: each block's row, and the members around the rows. */
export interface ConsensusParts {
  readonly status: BlockStatus;
  readonly ids: readonly string[];
  /** Each block's JSON object, in document order; the same string while the block's row is unchanged. */
  readonly rows: readonly string[];
  /** The members after `blocks`, as JSON: `"silence":…,"general":…,"commission":…,"qmvRule":…`. */
  readonly tail: string;
}

export function serializeConsensusParts(report: ConsensusReport): ConsensusParts {
  const count = report.blocks.length;
  const ids: string[] = new Array(count);
  const rows: string[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const block = report.blocks[i] as BlockConsensus;
    ids[i] = block.id;
    rows[i] = serializeBlock(block);
  }
  const silence = report.silence === null ? 'null' : JSON.stringify(toSilenceBody(report.silence));
  const general = JSON.stringify(toGeneralBody(report.general));
  const commission = JSON.stringify(report.commission);
  const tail = `"silence":${silence},"general":${general},"commission":${commission},"qmvRule":${JSON.stringify(report.qmv)}`;
  return { status: report.status, ids, rows, tail };
}

export function joinConsensusParts(parts: ConsensusParts): string {
  return `{"status":"${parts.status}","blocks":[${parts.rows.join(',')}],${parts.tail}}`;
}

/** Whether two reports' JSON are the same text (rows compared as strings, most of them one object). */
export function isSameConsensus(a: ConsensusParts, b: ConsensusParts): boolean {
  if (a.status !== b.status || a.tail !== b.tail || a.rows.length !== b.rows.length) return false;
  for (let i = 0; i < a.rows.length; i++) if (a.rows[i] !== b.rows[i]) return false;
  return true;
}

interface WrittenBlock {
  readonly block: BlockConsensus;
  readonly json: string;
}

/** The last block written with each positions object (one per block that has positions). */
const WRITTEN = new WeakMap<object, WrittenBlock>();
const MISSING_JSON = new WeakMap<object, string>();
const QMV_JSON = new WeakMap<object, string>();

function serializeBlock(block: BlockConsensus): string {
  const known = WRITTEN.get(block.positions);
  if (known !== undefined && isSameBlock(known.block, block)) return known.json;
  let missing = MISSING_JSON.get(block.missing);
  if (missing === undefined) {
    missing = JSON.stringify(block.missing);
    MISSING_JSON.set(block.missing, missing);
  }
  let qmv = QMV_JSON.get(block.qmv);
  if (qmv === undefined) {
    qmv = JSON.stringify(toBlockConsensusBody(block).qmv);
    QMV_JSON.set(block.qmv, qmv);
  }
  const json =
    `{"id":${JSON.stringify(block.id)},"number":${JSON.stringify(block.number)},"status":"${block.status}",` +
    `"positions":${writePositions(block)},"missing":${missing},"brackets":${block.brackets},` +
    `"coveredBySilence":${block.coveredBySilence},"empty":${block.empty},"negotiated":${block.negotiated},` +
    `"outsideSilence":${block.outsideSilence === null ? 'null' : `"${block.outsideSilence}"`},"qmv":${qmv}}`;
  WRITTEN.set(block.positions, { block, json });
  return json;
}

/**
 * `JSON.stringify(listPositionViews(block))`, written from the records themselves: a full board has
 * 54,000 positions, and views made only to be serialised were most of a report's garbage.
 */
function writePositions(block: BlockConsensus): string {
  if (block.positions.size === 0) return '{}';
  let json = '';
  for (const code of MEMBER_STATE_CODES) {
    const record = block.positions.get(code);
    if (record === undefined) continue;
    const note = record.note === null ? 'null' : JSON.stringify(record.note);
    json +=
      `${json === '' ? '{' : ','}"${code}":{"position":"${record.position}","note":${note},` +
      `"stale":${record.textHash !== block.textHash},"at":${JSON.stringify(record.at)}}`;
  }
  return `${json}}`;
}

function isSameBlock(a: BlockConsensus, b: BlockConsensus): boolean {
  return (
    a.id === b.id &&
    a.textHash === b.textHash &&
    a.number === b.number &&
    a.status === b.status &&
    a.missing === b.missing &&
    a.brackets === b.brackets &&
    a.coveredBySilence === b.coveredBySilence &&
    a.empty === b.empty &&
    a.negotiated === b.negotiated &&
    a.outsideSilence === b.outsideSilence &&
    a.qmv === b.qmv
  );
}
