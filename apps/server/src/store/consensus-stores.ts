import type {
  CommissionReservationEvent,
  PositionEvent,
  SilenceBreak,
  SilenceCancellation,
  SilenceProcedure,
} from '@accord/model';
import type { AuditEntryInput } from './audit-store';

/**
 * Positions, silence procedures and comments. Every write takes the audit entry that describes it and
 * writes both in one transaction: the event and its audit row are stored together or not at all.
 * History is append-only; nothing here is ever updated or deleted.
 */

export interface PositionEntry {
  readonly documentId: string;
  readonly event: PositionEvent;
  readonly audit: AuditEntryInput;
  /**
   * A recorded position's statement text (`statementText`), the one its `textHash` is the hash of:
   * kept once per block and hash, so that a delegation whose position went stale can be shown what
   * changed since it gave it.
   */
  readonly text?: string;
}

export interface PositionStore {
  /** Appends every entry, each with its audit row, in one transaction (one commit for a whole batch). */
  append(entries: readonly PositionEntry[]): Promise<void>;
  /** The statement text a position on the block was pinned to by `textHash`; null when it was not kept. */
  findText(documentId: string, blockId: string, textHash: string): Promise<string | null>;
  /** The document's position history in the order it was appended (fold it with `foldPositionHistory`). */
  list(documentId: string): Promise<PositionEvent[]>;
}

export interface CommissionReservationEntry {
  readonly documentId: string;
  readonly event: CommissionReservationEvent;
  readonly audit: AuditEntryInput;
  /**
   * A reservation's statement text, kept with the positions' (`PositionStore.findText` reads it): the
   * Commission is shown what changed since, as a delegation is.
   */
  readonly text?: string;
}

export interface CommissionReservationStore {
  /** Appends the event with its audit row, in one transaction. */
  append(entry: CommissionReservationEntry): Promise<void>;
  /** The document's history in the order it was appended (fold it with `foldCommissionReservations`). */
  list(documentId: string): Promise<CommissionReservationEvent[]>;
}

/** A silence procedure as stored: the model's procedure with the id the server gave it. */
export interface StoredSilenceProcedure extends SilenceProcedure {
  readonly id: string;
}

export interface SilenceStore {
  start(documentId: string, procedure: StoredSilenceProcedure, audit: AuditEntryInput): Promise<void>;
  addBreak(procedureId: string, entry: SilenceBreak, audit: AuditEntryInput): Promise<void>;
  /** Records the Presidency's cancellation with its audit entry; refused for one already recorded. */
  cancel(procedureId: string, cancellation: SilenceCancellation, audit: AuditEntryInput): Promise<void>;
  /**
   * Records that the procedure lapsed, with its audit entry, unless that is already recorded: true
   * when written now. At most once per procedure, whoever notices the lapse and however often.
   */
  recordLapse(procedureId: string, audit: AuditEntryInput): Promise<boolean>;
  /**
   * Records that the text of these blocks changed while the procedure ran (ids recorded already are
   * kept once). Written before the call returns, not only when its promise settles: the server calls
   * it while it applies an edit, before the edit is queued for its commit, and relies on any later
   * write (the edit's) reaching the disk only after it. A store that cannot promise this must make
   * the update log wait for it.
   */
  markChanged(procedureId: string, blockIds: readonly string[], at: string): Promise<void>;
  /**
   * The document's procedures, oldest first, each with its breaks and changed blocks in order and its
   * cancellation, if any.
   */
  list(documentId: string): Promise<StoredSilenceProcedure[]>;
  /**
   * The deadline of the document's latest procedure if nobody broke or cancelled it (it runs until
   * then, or lapsed at it); null when the document has none, or its latest was broken or cancelled.
   * One indexed look-up: what every document's load asks, where most have no procedure at all.
   */
  findUnsettledDeadline(documentId: string): Promise<string | null>;
  /** The ids of the document's procedures whose lapse is recorded. */
  listLapses(documentId: string): Promise<string[]>;
}

export const COMMENT_VISIBILITIES = ['all', 'delegation'] as const;
export type CommentVisibility = (typeof COMMENT_VISIBILITIES)[number];

export interface CommentRecord {
  readonly id: string;
  readonly documentId: string;
  readonly blockId: string;
  readonly authorId: string;
  /** The author's name and delegation when they wrote it. */
  readonly authorName: string;
  readonly authorDelegation: string | null;
  /** Plain text, exactly as given. */
  readonly body: string;
  /** `delegation`: seen only by users of `authorDelegation`. */
  readonly visibility: CommentVisibility;
  readonly replyTo: string | null;
  /** The text commented on: as given, or the block's text when the comment was made. */
  readonly quote: string;
  readonly createdAt: number;
  /** The comment's latest resolution; null while it was never resolved or since it was reopened. */
  readonly resolvedAt: number | null;
  readonly resolvedBy: string | null;
}

export type NewComment = Omit<CommentRecord, 'resolvedAt' | 'resolvedBy'>;

/**
 * What `resolve` or `reopen` found: `changed` is false for a comment already in the state asked for
 * (nothing written). Decided in the writing transaction: of a resolve and a reopen at once, each
 * knows whether it was the one that changed the comment.
 */
export interface CommentStatusChange {
  readonly comment: CommentRecord;
  readonly changed: boolean;
}

export interface CommentStore {
  create(comment: NewComment, audit: AuditEntryInput): Promise<CommentRecord>;
  /** Marks the comment resolved; an already resolved comment is returned as it is, nothing written. */
  resolve(
    commentId: string,
    by: string,
    at: number,
    audit: AuditEntryInput,
  ): Promise<CommentStatusChange | null>;
  /**
   * Marks a resolved comment open again, with its audit entry; one that is not resolved is returned as
   * it is, nothing written. Null for an unknown comment. A reopened comment may be resolved again.
   */
  reopen(
    commentId: string,
    by: string,
    at: number,
    audit: AuditEntryInput,
  ): Promise<CommentStatusChange | null>;
  findById(commentId: string): Promise<CommentRecord | null>;
  /** The document's comments, oldest first. */
  list(documentId: string): Promise<CommentRecord[]>;
}
