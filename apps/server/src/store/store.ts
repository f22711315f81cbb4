import type { CouncilDocument, DelegationCode, Result, Role } from '@accord/model';
import type { AuditEntryInput, AuditStore } from './audit-store';
import type {
  CommentStore,
  CommissionReservationStore,
  PositionStore,
  SilenceStore,
} from './consensus-stores';

/**
 * Everything the server keeps, behind one Promise-returning interface so that a PostgreSQL
 * implementation can follow without touching sync or domain code. Each concern is its own sub-store;
 * later concerns (positions, comments, revisions, audit) add theirs beside these.
 *
 * Every method is atomic: a method that writes several rows writes all of them or none.
 * Times are milliseconds since the epoch, passed in by the caller (the store reads no clock).
 */
export interface Store {
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly documents: DocumentStore;
  readonly updates: UpdateLogStore;
  readonly revisions: RevisionStore;
  readonly audit: AuditStore;
  readonly positions: PositionStore;
  readonly silence: SilenceStore;
  readonly comments: CommentStore;
  readonly commissionReservations: CommissionReservationStore;
  /** Null while the store can keep what it is given; else why not, in an operator's words (`/healthz`). */
  checkHealth(): Promise<string | null>;
  /**
   * Null while the database is where it was opened; else what became of it, in an operator's words:
   * its data directory deleted or moved, what is written now is lost to the next start.
   */
  findLoss(): Promise<string | null>;
  /** The space left on the disk that holds the data directory; null for a store kept in memory. */
  readDiskSpace(): Promise<DiskSpace | null>;
  close(): Promise<void>;
}

/**
 * A write refused, or not to be acknowledged, because the database is no longer where it was opened
 * (`findLoss`'s words): written, it would reach no later start.
 */
export class DatabaseLostError extends Error {
  override readonly name = 'DatabaseLostError';
  /**
   * @param written whether the loss was found after the write's commit: it is then in the lost file
   * alone (found again if the directory is put back). Else nothing was written.
   */
  constructor(
    message: string,
    readonly written = false,
  ) {
    super(message);
  }
}

export interface DiskSpace {
  /** The data directory. */
  readonly path: string;
  /** What this server may still write there (what the file system keeps for root not counted). */
  readonly freeBytes: number;
  readonly totalBytes: number;
}

export interface User {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  /** A delegate's Member State; an observer's institution (COM, EEAS, GSC, CLS) if any; else null. */
  readonly delegation: DelegationCode | null;
}

export interface UserRecord extends User {
  readonly createdAt: number;
}

export interface UserStore {
  /** `tokenHash` is the SHA-256 of the user's token; the token itself is never stored. */
  create(user: UserRecord, tokenHash: string): Promise<UserRecord>;
  findById(id: string): Promise<UserRecord | null>;
  findByTokenHash(tokenHash: string): Promise<UserRecord | null>;
  /** Every user, oldest first, with when their access was revoked (ms since the epoch) or null. */
  list(): Promise<(UserRecord & { readonly revokedAt: number | null })[]>;
  count(): Promise<number>;
  /** Gives a user a new token (the old one stops working); one whose access was revoked stays revoked. */
  replaceTokenHash(id: string, tokenHash: string): Promise<void>;
  /**
   * A leaked or lost token: gives the user a new one and signs out every browser session of theirs,
   * in one transaction, recorded at `at`. False (nothing written) when there is no such user.
   */
  revokeAccess(id: string, tokenHash: string, at: number): Promise<boolean>;
  /**
   * Ends a user's access without a new token (one who left the working party): the token is replaced
   * by `unusableTokenHash`, the hash of one nobody holds, and their sessions deleted, in one
   * transaction; `at` is recorded unless an earlier revocation is. A new token (`revokeAccess`) gives
   * the access back. False (nothing written) when there is no such user.
   */
  endAccess(id: string, unusableTokenHash: string, at: number): Promise<boolean>;
  /** What was done to a user's access, oldest first (append-only); null when there is no such user. */
  accessHistory(id: string): Promise<UserAccessEvent[] | null>;
}

export const USER_ACCESS_ACTIONS = ['created', 'token-replaced', 'revoked'] as const;

export interface UserAccessEvent {
  readonly action: (typeof USER_ACCESS_ACTIONS)[number];
  /** ms since the epoch */
  readonly at: number;
}

export interface SessionRecord {
  /** SHA-256 of the session id held in the browser's cookie. */
  readonly idHash: string;
  readonly userId: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

export interface SessionStore {
  /**
   * Makes the session if `tokenHash`, the token the sign-in checked, is still the user's and not revoked;
   * false if not (replaced or revoked since the check, in the same transaction as the insert).
   */
  create(session: SessionRecord, tokenHash: string): Promise<boolean>;
  /** The user of a session that has not expired at `now`, and when it expires; or null. */
  findSession(idHash: string, now: number): Promise<{ user: UserRecord; expiresAt: number } | null>;
  delete(idHash: string): Promise<void>;
}

export interface DocumentRecord {
  readonly id: string;
  /** The Council document number as created, e.g. "9916/17"; null for a draft imported without one. */
  readonly number: string | null;
  readonly title: string;
  /** Number of the latest issued revision; 0 until one is issued. */
  readonly revision: number;
  readonly createdBy: string | null;
  readonly createdAt: number;
}

export type NewDocument = Omit<DocumentRecord, 'revision'>;

/** A new document's number names a document already here, in some revision or form of it. */
export interface NumberTaken {
  readonly code: 'number-taken';
  /** The document whose number it is. */
  readonly holder: DocumentRecord;
}

export interface DocumentStore {
  /**
   * Creates the document and stores `initialState` (a full Yjs state update) as its first snapshot;
   * with `first`, its revision 0 and audit entries (of its own log or another's) in the same transaction.
   * Another document may have the same number: a text imported twice, or the demo's 9916/17 imported
   * again, is a document of its own (the API's `{ markdown }` → 201).
   */
  create(
    document: NewDocument,
    initialState: Uint8Array,
    first?: { readonly revision: IssuedRevision; readonly audit: readonly AuditEntryInput[] },
  ): Promise<DocumentRecord>;
  /**
   * As `create`, for a document the Secretariat gives a new register number (an I/A item note, a blank
   * document, a corrigendum): when another document's number has the same register identity (the
   * model's `readRegisterIdentity`: "ST 9916 2017 INIT" is "9916/1/17 REV 1", "9916/17 COR 1" is not),
   * nothing is written. Checked in the transaction that inserts, so of two creations at once under one
   * number one is made.
   */
  createUnderFreeNumber(
    document: NewDocument,
    initialState: Uint8Array,
    first?: { readonly revision: IssuedRevision; readonly audit: readonly AuditEntryInput[] },
  ): Promise<Result<DocumentRecord, NumberTaken>>;
  findById(id: string): Promise<DocumentRecord | null>;
  /** All documents, oldest first. */
  list(): Promise<DocumentRecord[]>;
}

export interface UpdateEntry {
  readonly documentId: string;
  /** A Yjs update as applied to the live document. */
  readonly update: Uint8Array;
  /** Who sent it; null for changes the server made on no user's behalf. */
  readonly userId: string | null;
  readonly delegation: string | null;
  readonly at: number;
}

/**
 * A user takes a Yjs client id in a document: from then on only they may add structs as that client
 * (see DocumentRoom.writers). Kept so that the binding outlives the document's load.
 */
export interface WriterClaim {
  readonly documentId: string;
  readonly client: number;
  readonly userId: string;
}

export interface LoggedUpdate extends UpdateEntry {
  /** Position in the log; increasing, never reused. */
  readonly seq: number;
}

export interface StoredDocumentState {
  /** The latest snapshot (a full state update), or null if the document has none. */
  readonly snapshot: Uint8Array | null;
  /** The snapshot covers every logged update up to and including this seq. */
  readonly snapshotSeq: number;
  /** Logged updates after the snapshot, in order. */
  readonly updates: readonly Uint8Array[];
  /** The seq of the last logged update (or `snapshotSeq` when there is none after it). */
  readonly lastSeq: number;
  /** The user who took each client id of the document (see WriterClaim). */
  readonly writers: ReadonlyMap<number, string>;
}

export interface UpdateLogStore {
  /**
   * Appends in one transaction (one fsync) and returns the seq given to each entry, in order; `claims`
   * are written in the same transaction (a client id already taken keeps its first user).
   */
  append(entries: readonly UpdateEntry[], claims?: readonly WriterClaim[]): Promise<number[]>;
  load(documentId: string): Promise<StoredDocumentState>;
  /**
   * Replaces the log up to and including `throughSeq` with `snapshot`, in one transaction. The snapshot
   * must cover every update up to `throughSeq`; it may cover later ones too (replaying them is harmless).
   */
  compact(documentId: string, snapshot: Uint8Array, throughSeq: number, at: number): Promise<void>;
  /** The logged updates after the snapshot, with their authors (for audits and tests). */
  list(documentId: string): Promise<LoggedUpdate[]>;
  /**
   * Starts a server's run over this log: whether the previous run ended with `endRun` (true for a new
   * log). A run that did not may have relayed updates it never committed (a crash).
   */
  beginRun(): Promise<boolean>;
  /** Ends the run, once every update it relayed is committed. */
  endRun(): Promise<void>;
}

export interface RevisionRecord {
  readonly documentId: string;
  /** 0 = the document as created; 1, 2, … in the order issued, without gaps. */
  readonly rev: number;
  /** The register label, e.g. "7923/2/17 REV 2". */
  readonly label: string;
  readonly note: string | null;
  /** Who issued it; for revision 0, who created the document. */
  readonly createdBy: string | null;
  readonly createdAt: number;
  /** SHA-256 (hex) of the canonical JSON of `content` (see revisions/revision-content.ts). */
  readonly sha256: string;
}

export interface IssuedRevision extends RevisionRecord {
  /** The Yjs document when issued, as a full state update (`Y.encodeStateAsUpdate`). */
  readonly state: Uint8Array;
  /** The text as issued: metadata, blocks and footnotes as `readDocument` rendered them. */
  readonly content: CouncilDocument;
}

export interface RevisionConflict {
  /** `rev` is not the next number of the document (another revision was issued meanwhile). */
  readonly code: 'out-of-sequence';
  readonly message: string;
}

/**
 * Issued revisions are immutable: there is no method that changes or removes one, and the SQLite store
 * refuses an UPDATE or DELETE of a revision row at the SQL level.
 */
export interface RevisionStore {
  /**
   * Stores `revision`, and `audit` and `liveUpdate` (the change to the live text it was issued with,
   * appended to the update log) with it in the same transaction, if `rev` is the document's next
   * number (0 when it has none); else nothing is written.
   */
  create(
    revision: IssuedRevision,
    audit?: AuditEntryInput | null,
    liveUpdate?: UpdateEntry | null,
  ): Promise<Result<RevisionRecord, RevisionConflict>>;
  /** The highest stored rev of the document, or null when it has none. */
  latest(documentId: string): Promise<number | null>;
  /** Every revision of the document, oldest first, without state and content. */
  list(documentId: string): Promise<RevisionRecord[]>;
  find(documentId: string, rev: number): Promise<IssuedRevision | null>;
}
