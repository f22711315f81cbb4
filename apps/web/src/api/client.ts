/**
 * The one typed client for the server's JSON API. Every fetch goes through `request`, so credentials
 * (the session cookie set by `/login?token=…`), a future CSRF header and error decoding live in one place.
 * Expected failures (401, 403, 404, 400, the network being down) come back as values, never thrown.
 */
import type { RedlineLayout } from '@accord/diff';
import type { InsertionStyle } from '@accord/diff/labels';
import type {
  BlockStatus,
  CouncilDocument,
  DelegationCode,
  DocumentMetadata,
  MemberStateCode,
  PositionKind,
  QmvRule,
  QmvThresholds,
  ReservationKind,
  Result,
  Role,
} from '@accord/model';

export interface ApiFailure {
  /** The server's error code (`unauthorized`, `not_found`, …), or `network` when no answer came. */
  readonly code: string;
  readonly message: string;
  /** HTTP status; 0 when the request never got an answer. */
  readonly status: number;
  /** With `number-taken`: the document whose number it is. */
  readonly holder?: NumberHolder;
}

/** The document a number belongs to, as a `number-taken` refusal names it. */
export interface NumberHolder {
  readonly id: string;
  readonly number: string | null;
  readonly title: string;
}

export interface Me {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly delegation: DelegationCode | null;
}

export interface DocumentSummary {
  readonly id: string;
  readonly number: string | null;
  readonly title: string | null;
  readonly revision: number;
  /** The latest issued revision's register label ("9916/1/17 REV 1"); the number before the first. */
  readonly label: string;
  /** When the document was added (ISO 8601). */
  readonly createdAt: string;
}

export interface DocumentBlock {
  readonly id: string;
  readonly kind: string;
  readonly number: string | null;
  readonly text: string;
}

export interface DocumentDetail extends DocumentSummary {
  readonly metadata: DocumentMetadata;
  readonly blocks: readonly DocumentBlock[];
  readonly footnotes: readonly { id: string; number: number; blockId: string; text: string }[];
}

/** The item notes a text went forward as, or, for a note, the text it forwards; for a COR, what it corrects. */
export interface Forwardings {
  readonly forwardedAs: readonly {
    readonly id: string;
    readonly number: string | null;
    readonly at: string;
  }[];
  readonly forwards: { readonly id: string; readonly previous: string | null } | null;
  /** The text a corrigendum corrects, and the label of the revision it started from ("9916/1/17 REV 1"). */
  readonly corrects: { readonly id: string; readonly label: string } | null;
  /** The corrigenda started from this text, oldest first, with the revision each corrects. */
  readonly correctedBy: readonly {
    readonly id: string;
    readonly number: string;
    readonly label: string;
    readonly at: string;
  }[];
}

/** A document as opened: with where it went, or what it forwards. */
export interface OpenedDocument extends DocumentDetail, Forwardings {}

/** What an uploaded file held that is not text of the document, left out (Word comments, images). */
export interface LeftOut {
  readonly comments: number;
  readonly images: number;
}

/** A document as the list gives it: with the deadline of a silence procedure running on it. */
export interface ListedDocument extends DocumentSummary, Forwardings {
  /** While a silence procedure runs, its deadline (ISO 8601); null otherwise. */
  readonly silenceUntil: string | null;
}

/** A document just created: with what became of the file or Markdown read (null for a blank one). */
export interface CreatedDocument extends DocumentDetail {
  readonly upload?: { readonly positionFootnotesDropped: number; readonly leftOut?: LeftOut } | null;
}

export interface PositionView {
  readonly position: PositionKind;
  readonly note: string | null;
  readonly stale: boolean;
  readonly at: string;
}

export interface BlockConsensus {
  readonly id: string;
  readonly number: string | null;
  readonly status: BlockStatus;
  /** By Member State in protocol order; stale ones flagged. */
  readonly positions: Readonly<Partial<Record<MemberStateCode, PositionView>>>;
  readonly missing: readonly MemberStateCode[];
  readonly brackets: number;
  /** A lapsed silence procedure deems those in `missing` agreeing on this text. */
  readonly coveredBySilence: boolean;
  /** No text and no footnote: nothing to agree to, left out of the document's status. */
  readonly empty: boolean;
  /** In the text the delegations negotiate: false for a cover note's lines and an annex's label. */
  readonly negotiated: boolean;
  /**
   * While a silence procedure runs, why this block is outside it (a lapse will not agree it): edited
   * since it began, or added since; null under it, and whenever none runs.
   */
  readonly outsideSilence: 'edited' | 'added' | null;
  readonly qmv: {
    readonly states: number;
    readonly population: number;
    readonly passes: boolean;
    readonly blockingMinority: boolean;
  };
}

export interface Silence {
  readonly until: string;
  readonly brokenBy: readonly {
    readonly delegation: MemberStateCode;
    readonly reason: string;
    readonly at: string;
  }[];
  readonly outcome: 'running' | 'broken' | 'lapsed' | 'cancelled';
  /** When the Presidency cancelled it, and why if it said; null unless `cancelled`. */
  readonly cancelled: { readonly at: string; readonly reason: string | null } | null;
}

export interface ConsensusReport {
  readonly status: BlockStatus;
  readonly blocks: readonly BlockConsensus[];
  readonly silence: Silence | null;
  /** General reservations, on the whole text: while any stands the document is not agreed. */
  readonly general: {
    readonly positions: Readonly<Partial<Record<MemberStateCode, PositionView>>>;
    readonly reserved: readonly MemberStateCode[];
  };
  /** The Commission's reservations on the live blocks, in document order: recorded, never counted. */
  readonly commission: readonly CommissionReservationView[];
  /** The QMV rule and population table (Eurostat reference year) the blocks' what-ifs used. */
  readonly qmvRule: QmvThresholds;
}

/**
 * `GET …/consensus/changes`: the blocks whose entry changed since the report version `since`, the rest
 * of the report in full (`applyConsensusChanges` makes the report of it).
 */
export interface ConsensusChanges extends Omit<ConsensusReport, 'blocks'> {
  /** The version of the report these changes bring a client to: the next `since`. */
  readonly version: string;
  /** Every block is listed (no `since`, or one the server does not know): the report is these blocks. */
  readonly full: boolean;
  /** Every block's id in document order, when the blocks or their order changed; else null. */
  readonly order: readonly string[] | null;
  /** The changed blocks' entries (every block's with `full`), in document order. */
  readonly blocks: readonly BlockConsensus[];
}

export interface CommissionReservationView extends PositionView {
  readonly blockId: string;
  readonly position: ReservationKind;
}

/** One entry of a document's audit log: who did what, when, on which block. */
export interface AuditEntry {
  readonly seq: number;
  readonly at: string;
  readonly actor: {
    readonly id: string | null;
    readonly name: string | null;
    readonly role: string | null;
    readonly delegation: string | null;
  };
  readonly action: string;
  readonly blockId: string | null;
  readonly summary: string;
  /** For programs; `document.forwarded` names the note (`noteId`). */
  readonly details: Readonly<Record<string, unknown>>;
}

export interface RecordedPosition {
  readonly blockId: string;
  readonly delegation: MemberStateCode;
  readonly position: PositionKind;
  readonly note: string | null;
  readonly revision: number;
  readonly at: string;
}

export const COMMENT_VISIBILITIES = ['all', 'delegation'] as const;
export type CommentVisibility = (typeof COMMENT_VISIBILITIES)[number];

export interface BlockComment {
  readonly id: string;
  readonly blockId: string;
  readonly author: { readonly id: string; readonly name: string; readonly delegation: string | null };
  /** Plain text: shown as text, never as HTML. */
  readonly body: string;
  readonly visibility: CommentVisibility;
  readonly replyTo: string | null;
  readonly quote: string;
  readonly createdAt: string;
  readonly resolved: boolean;
  readonly orphaned: boolean;
}

export interface Revision {
  /** 0 = the document as created. */
  readonly rev: number;
  /** The register label, e.g. "7923/2/17 REV 2". */
  readonly label: string;
  readonly createdAt: string;
  readonly createdBy: string | null;
  readonly createdByName: string | null;
  readonly note: string | null;
  readonly sha256: string;
}

/**
 * The answer to issuing a revision: with an upload, how its paragraphs were matched to the live ones,
 * and how many of its footnotes only stated positions and were left out (positions are Accord's record).
 */
export interface IssuedRevision extends Revision {
  readonly upload: {
    readonly matched: number;
    readonly added: number;
    readonly removed: number;
    readonly positionFootnotesDropped: number;
    readonly leftOut?: LeftOut;
  } | null;
}

/** A revision as issued (`GET /api/documents/:id/revisions/:rev`): its record and the text it holds. */
export interface IssuedText extends Revision, CouncilDocument {
  /** The number its exports print ("9916/1/17 REV 1"). */
  readonly issuedNumber: string | null;
}

/** A revision number, or the live text. */
export type VersionRef = number | 'live';

export type DiffChange = 'unchanged' | 'modified' | 'inserted' | 'deleted' | 'moved';

export interface DiffOp {
  readonly op: 'equal' | 'insert' | 'delete';
  readonly text: string;
}

export interface DiffSide {
  readonly id: string;
  readonly number: string | null;
  readonly text: string;
  readonly kind: string;
}

export interface DiffBlock {
  readonly change: DiffChange;
  readonly old: DiffSide | null;
  readonly new: DiffSide | null;
  readonly ops: readonly DiffOp[];
  /** Its place in the old version's blocks (from 0); null for a block the old version lacks. */
  readonly oldIndex?: number | null;
  readonly textChanged: boolean;
  readonly kindChanged: boolean;
  /** A moved block: the number of the numbered paragraph it stood under in the old version, or null. */
  readonly movedFrom?: string | null;
  /** A moved block: which block of its kind under that paragraph it was (from 1); null if numbered. */
  readonly movedFromOrdinal?: number | null;
  /** A moved block: its part (from 1) where the old version's numbering restarts; null when it does not. */
  readonly movedFromPart?: number | null;
  /** …and its name where the old version labels it an annex ("Annex", "Annex II"). */
  readonly movedFromPartName?: string;
  readonly rewritten?: boolean;
  /**
   * A paragraph split or joined (see the diff package's document-diff.ts): a paragraph mark inserted
   * at the end of a part that has `splitAt`, deleted at the end of one that has `joinedAt`; a part's
   * runs hold its share of the whole's text, from `splitOffset` / `joinOffset`.
   */
  readonly splitAt?: number;
  readonly splitFrom?: string;
  readonly splitOffset?: number;
  readonly splitFromCitation?: DiffCitation;
  readonly joinedAt?: number;
  readonly joinedInto?: string;
  readonly joinOffset?: number;
  readonly joinedToCitation?: DiffCitation;
}

/** An old block as the old version cites it. */
export interface DiffCitation {
  readonly part: number | null;
  /** The part's name where labelled an annex ("Annex", "Annex II"). */
  readonly partName?: string | null;
  readonly paragraph: string | null;
  readonly kind: string;
  readonly ordinal: number | null;
}

export interface DiffFootnoteSide {
  readonly id: string;
  readonly number: number;
  /** The citing block, and where its call stands: characters of that block's text before it. */
  readonly blockId: string;
  readonly offset: number;
  readonly text: string;
}

export interface DiffFootnote {
  readonly change: DiffChange;
  readonly old: DiffFootnoteSide | null;
  readonly new: DiffFootnoteSide | null;
  readonly ops: readonly DiffOp[];
  /** A `moved` footnote whose call moved inside its paragraph rather than to another one. */
  readonly movedWithinBlock?: boolean;
}

export interface DocumentDiff {
  readonly from: VersionRef;
  readonly to: VersionRef;
  readonly fromLabel: string;
  readonly toLabel: string;
  readonly summary: Readonly<
    Record<'unchanged' | 'modified' | 'inserted' | 'deleted' | 'moved' | 'rewritten', number> &
      Partial<Record<'split' | 'joined', number>>
  >;
  readonly blocks: readonly DiffBlock[];
  readonly footnotes: readonly DiffFootnote[];
  readonly metadata: readonly {
    readonly field: string;
    readonly old: string | readonly string[] | null;
    readonly new: string | readonly string[] | null;
  }[];
}

export const EXPORT_FORMATS = ['md', 'html', 'docx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Headers every mutating request carries; the place to add a CSRF token when the server asks for one. */
function createHeaders(_method: Method, body: 'json' | 'form' | null): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // A form's content type (with its boundary) is set by fetch itself.
  if (body === 'json') headers['content-type'] = 'application/json';
  return headers;
}

function decodeFailure(status: number, body: unknown, fallback: string): ApiFailure {
  const error = (body as { error?: { code?: unknown; message?: unknown; holder?: unknown } } | null)?.error;
  const holder = readHolder(error?.holder);
  return {
    code: typeof error?.code === 'string' ? error.code : `http_${status}`,
    message: typeof error?.message === 'string' ? error.message : fallback,
    status,
    ...(holder === null ? {} : { holder }),
  };
}

function readHolder(value: unknown): NumberHolder | null {
  const holder = value as { id?: unknown; number?: unknown; title?: unknown } | null | undefined;
  if (typeof holder?.id !== 'string' || typeof holder.title !== 'string') return null;
  return {
    id: holder.id,
    number: typeof holder.number === 'string' ? holder.number : null,
    title: holder.title,
  };
}

/**
 * Told each time the server answers a request, whatever the answer: a "cannot be reached" shown for an
 * earlier request is then out of date (`useRequest` takes it away).
 */
export const serverAnswers = new EventTarget();

/**
 * Told each time the server answers 401: the session this page had may have ended (expired, its cookie
 * cleared, signed out elsewhere); `SessionProvider` asks who is signed in, and the screens follow.
 */
export const sessionRefusals = new EventTarget();

/** The code of a request that got no answer (the network, or the server, is down). */
export const NETWORK_ERROR_CODE = 'network';

const NETWORK_FAILURE = {
  ok: false,
  error: { code: NETWORK_ERROR_CODE, message: 'The server cannot be reached.', status: 0 },
} as const;

/** What a gateway answers for the server behind it: down (502, 503) or too slow (504). */
const PROXY_FAILURES = new Set([502, 503, 504]);

/** The server's own error body, `{ "error": { "code", "message" } }`. */
function isServerError(body: unknown): boolean {
  return typeof (body as { error?: { code?: unknown } } | null)?.error?.code === 'string';
}

/** A JSON body, or a multipart form (file uploads); either way the answer is decoded as JSON. */
export async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
): Promise<Result<T, ApiFailure>> {
  const isForm = body instanceof FormData;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: createHeaders(method, body === undefined ? null : isForm ? 'form' : 'json'),
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    });
  } catch {
    return NETWORK_FAILURE;
  }
  let text: string;
  try {
    text = await response.text();
  } catch {
    // The connection dropped while the answer came.
    return NETWORK_FAILURE;
  }
  let parsed: unknown = null;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  // A reverse proxy's own page for a server it cannot reach (nginx's "502 Bad Gateway"): the server
  // did not answer. Its own 503s carry the JSON error.
  if (PROXY_FAILURES.has(response.status) && !isServerError(parsed)) return NETWORK_FAILURE;
  serverAnswers.dispatchEvent(new Event('answer'));
  if (response.status === 401) sessionRefusals.dispatchEvent(new Event('refused'));
  if (!response.ok) return { ok: false, error: decodeFailure(response.status, parsed, response.statusText) };
  return { ok: true, value: parsed as T };
}

/**
 * Signs this browser in with a login link's token, pasted into the sign-in page: `POST /login` with
 * the token in a JSON body, so it is in no address (nor a proxy's log of them, nor the console's line
 * for a refused request). A token nobody has is a 401, another user's session here a 409. Signed in,
 * the path to open: the link's `next` when it is a path of this site, as the server reads it, else `/`.
 */
export async function signIn(token: string, next: string | null): Promise<Result<string, ApiFailure>> {
  let response: Response;
  try {
    response = await fetch('/login', {
      method: 'POST',
      credentials: 'same-origin',
      headers: createHeaders('POST', 'json'),
      body: JSON.stringify(next === null ? { token } : { token, next }),
      cache: 'no-store',
    });
  } catch {
    return NETWORK_FAILURE;
  }
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(await response.text());
  } catch {
    parsed = null;
  }
  if (PROXY_FAILURES.has(response.status) && !isServerError(parsed)) return NETWORK_FAILURE;
  if (response.ok) return { ok: true, value: (parsed as { next?: string } | null)?.next ?? '/' };
  return { ok: false, error: decodeFailure(response.status, parsed, response.statusText) };
}

/**
 * What a new document starts from: a number and a title, a Council document in a .docx or .md file, or,
 * for a corrigendum, the text of the document it corrects (`from`, its id; the title defaults to its).
 */
export type NewDocument =
  | { readonly number: string; readonly title: string }
  | {
      readonly number: string;
      readonly title?: string;
      readonly from: string;
      /** The header's date ("9 June 2017"); left out for the day the server makes it. */
      readonly date?: string;
    }
  | { readonly file: File };

/** `file` as the multipart body the upload routes take (field `file`), with any other fields. */
function uploadForm(file: File, fields: Readonly<Record<string, string>> = {}): FormData {
  const form = new FormData();
  form.append('file', file, file.name);
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return form;
}

const documentPath = (id: string) => `/api/documents/${encodeURIComponent(id)}`;

export const api = {
  getMe: () => request<Me>('GET', '/api/me'),
  logout: () => request<null>('POST', '/api/logout'),
  listDocuments: () => request<ListedDocument[]>('GET', '/api/documents'),
  getDocument: (id: string) => request<OpenedDocument>('GET', documentPath(id)),
  createDocument: (input: NewDocument) =>
    request<CreatedDocument>('POST', '/api/documents', 'file' in input ? uploadForm(input.file) : input),

  /** Forwards the agreed text as an I/A item note: a new document, which is returned. */
  forwardAsItemNote: (id: string, number: string, date: string | null) =>
    request<DocumentDetail>(
      'POST',
      `${documentPath(id)}/item-note`,
      date === null ? { number } : { number, date },
    ),

  /** What changed in the report since version `since` (null: the whole report, as changes). */
  getConsensusChanges: (id: string, rule: QmvRule, since: string | null) =>
    request<ConsensusChanges>(
      'GET',
      `${documentPath(id)}/consensus/changes?qmv=${rule}${since === null ? '' : `&since=${encodeURIComponent(since)}`}`,
    ),
  recordPosition: (id: string, blockId: string, position: PositionKind, note: string | null) =>
    request<RecordedPosition>('PUT', `${documentPath(id)}/blocks/${encodeURIComponent(blockId)}/position`, {
      position,
      note,
    }),
  /** Several of the caller's delegation's positions at once, all or none, each pinned to its block's live text. */
  recordPositions: (
    id: string,
    positions: readonly { blockId: string; position: PositionKind; note?: string | null }[],
  ) => request<{ positions: RecordedPosition[] }>('PUT', `${documentPath(id)}/positions`, { positions }),
  withdrawPosition: (id: string, blockId: string) =>
    request<unknown>('DELETE', `${documentPath(id)}/blocks/${encodeURIComponent(blockId)}/position`),
  recordGeneralReservation: (id: string, position: ReservationKind, note: string | null) =>
    request<RecordedPosition>('PUT', `${documentPath(id)}/position`, { position, note }),
  withdrawGeneralReservation: (id: string) => request<unknown>('DELETE', `${documentPath(id)}/position`),
  enterCommissionReservation: (id: string, blockId: string, position: ReservationKind, note: string | null) =>
    request<unknown>(
      'PUT',
      `${documentPath(id)}/blocks/${encodeURIComponent(blockId)}/commission-reservation`,
      {
        position,
        note,
      },
    ),
  withdrawCommissionReservation: (id: string, blockId: string) =>
    request<unknown>(
      'DELETE',
      `${documentPath(id)}/blocks/${encodeURIComponent(blockId)}/commission-reservation`,
    ),
  enterCommissionGeneralReservation: (id: string, position: ReservationKind, note: string | null) =>
    request<unknown>('PUT', `${documentPath(id)}/commission-reservation`, { position, note }),
  withdrawCommissionGeneralReservation: (id: string) =>
    request<unknown>('DELETE', `${documentPath(id)}/commission-reservation`),
  startSilence: (id: string, until: string) =>
    request<Silence>('POST', `${documentPath(id)}/silence`, { until }),
  breakSilence: (id: string, reason: string) =>
    request<Silence>('POST', `${documentPath(id)}/silence/break`, { reason }),
  cancelSilence: (id: string, reason: string | null) =>
    request<Silence>('POST', `${documentPath(id)}/silence/cancel`, reason === null ? {} : { reason }),

  /** A page of the audit log after `after`; with `actions`, of those actions only. */
  listAudit: (id: string, after: number, limit: number, actions: readonly string[] | null = null) =>
    request<AuditEntry[]>(
      'GET',
      `${documentPath(id)}/audit?after=${after}&limit=${limit}${actions === null ? '' : `&action=${actions.join(',')}`}`,
    ),
  listComments: (id: string) => request<BlockComment[]>('GET', `${documentPath(id)}/comments`),
  addComment: (
    id: string,
    blockId: string,
    comment: { body: string; visibility: CommentVisibility; replyTo?: string | null },
  ) =>
    request<BlockComment>(
      'POST',
      `${documentPath(id)}/blocks/${encodeURIComponent(blockId)}/comments`,
      comment,
    ),
  resolveComment: (id: string, commentId: string) =>
    request<BlockComment>('POST', `${documentPath(id)}/comments/${encodeURIComponent(commentId)}/resolve`),
  reopenComment: (id: string, commentId: string) =>
    request<BlockComment>('POST', `${documentPath(id)}/comments/${encodeURIComponent(commentId)}/reopen`),

  listRevisions: (id: string) => request<Revision[]>('GET', `${documentPath(id)}/revisions`),
  getRevision: (id: string, rev: number) =>
    request<IssuedText>('GET', `${documentPath(id)}/revisions/${rev}`),
  /** With `file`, the uploaded text first becomes the live text (matched block by block), then is issued. */
  /**
   * Issues revision `rev` (the one the Presidency was shown as next; null: the next): when a colleague
   * issued it first, 409 `revision-taken` and nothing is issued, rather than the revision after it.
   */
  /** `date`: the header's date ("9 June 2017"); null for the day the server issues it. */
  issueRevision: (
    id: string,
    rev: number | null,
    note: string | null,
    file: File | null = null,
    date: string | null = null,
  ) => {
    const dated: { date?: string } = date ? { date } : {};
    const fields = { ...(note ? { note } : {}), ...dated, ...(rev === null ? {} : { rev }) };
    const form = { ...(note ? { note } : {}), ...dated, ...(rev === null ? {} : { rev: String(rev) }) };
    return request<IssuedRevision>(
      'POST',
      `${documentPath(id)}/revisions`,
      file ? uploadForm(file, form) : fields,
    );
  },
  getDiff: (id: string, from: VersionRef, to: VersionRef) =>
    request<DocumentDiff>('GET', `${documentPath(id)}/diff?from=${from}&to=${to}`),
  /**
   * What changed in the block since the caller's delegation gave its position on it (the block and its
   * footnotes only); 404 `position-text-unknown` for a position given before such texts were kept.
   */
  getPositionChanges: (id: string, blockId: string) =>
    request<DocumentDiff>(
      'GET',
      `${documentPath(id)}/blocks/${encodeURIComponent(blockId)}/position/changes`,
    ),
  /** The same, since the Commission entered its reservation on the block (the Commission's users). */
  getCommissionReservationChanges: (id: string, blockId: string) =>
    request<DocumentDiff>(
      'GET',
      `${documentPath(id)}/blocks/${encodeURIComponent(blockId)}/commission-reservation/changes`,
    ),
};

/**
 * Where to download a document: the live text, or a revision as issued; with `withPositions`, each
 * paragraph ends with a footnote of the delegations' positions on it ("DE, NL: scrutiny reservation.").
 */
export function createExportUrl(
  id: string,
  format: ExportFormat,
  rev?: number,
  withPositions = false,
): string {
  const revision = rev === undefined ? '' : `&rev=${rev}`;
  return `${documentPath(id)}/export?format=${format}${revision}${withPositions ? '&positions=footnotes' : ''}`;
}

/** Where to read the live text or an issued revision as a page, in the browser rather than saved. */
export function createReadUrl(id: string, rev?: number, withPositions = false): string {
  return `${createExportUrl(id, 'html', rev, withPositions)}&disposition=inline`;
}

/**
 * Where to download the redline between two versions, as a page or a Word document. The page is laid
 * out as the screen shows the comparison (side by side or inline); Word's redline has one layout.
 */
export function createRedlineUrl(
  id: string,
  from: VersionRef,
  to: VersionRef,
  format: 'html' | 'docx',
  insertions: InsertionStyle = 'bold-underline',
  layout: RedlineLayout = 'inline',
): string {
  const style = insertions === 'bold-underline' ? '' : `&insertions=${insertions}`;
  const laidOut = format === 'html' && layout !== 'inline' ? `&layout=${layout}` : '';
  return `${documentPath(id)}/diff?from=${from}&to=${to}&format=${format}${style}${laidOut}`;
}

/** Where the document's live changes stream from (server-sent events; the session cookie authenticates). */
/** The document list's live changes (`GET /api/events`): a document made, by anyone. */
export const LIST_EVENTS_URL = '/api/events';

export function createEventsUrl(id: string): string {
  return `${documentPath(id)}/events`;
}
