import type { Role } from '@accord/model';

/**
 * The audit log: who did what to a document, and when. Append-only: the interface has no method that
 * changes or removes an entry, and the SQLite store refuses an UPDATE or DELETE of an audit row.
 *
 * A delegation's private note never reaches it: such an entry says only "a delegation note was added"
 * (no text, no quote, no block), see `audit/describe-audit.ts`.
 */
export const AUDIT_ACTIONS = [
  'position.recorded',
  'position.withdrawn',
  'commission-reservation.recorded',
  'commission-reservation.withdrawn',
  'comment.created',
  'comment.resolved',
  'comment.reopened',
  'silence.started',
  'silence.broken',
  'silence.lapsed',
  'silence.cancelled',
  'revision.issued',
  'document.forwarded',
  'item-note.created',
  'document.corrected',
  'corrigendum.created',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who acted, as they were at that moment (names are copied, not joined, so the log never changes). */
export interface AuditActor {
  readonly id: string | null;
  readonly name: string | null;
  readonly role: Role | null;
  readonly delegation: string | null;
}

export interface AuditEntryInput {
  readonly documentId: string;
  /** Milliseconds since the epoch. */
  readonly at: number;
  readonly actor: AuditActor;
  readonly action: AuditAction;
  /** The block concerned, if any (null for a private note). */
  readonly blockId: string | null;
  /** One sentence for a person reading the log, e.g. "FR: scrutiny reservation". */
  readonly summary: string;
  /** What a program reading the log needs; JSON-serialisable. */
  readonly details: Readonly<Record<string, unknown>>;
}

export interface AuditEntry extends AuditEntryInput {
  /** Position in the log of all documents; increasing, never reused. */
  readonly seq: number;
}

export interface AuditListOptions {
  /** Only entries with a greater seq. @default 0 */
  readonly after?: number;
  /** @default MAX_AUDIT_PAGE */
  readonly limit?: number;
  /** Only entries of these actions. @default every action */
  readonly actions?: readonly AuditAction[];
}

export const MAX_AUDIT_PAGE = 1_000;

export interface AuditStore {
  /** Appends one entry on its own. Writes that carry an audit entry take it as an argument instead. */
  append(entry: AuditEntryInput): Promise<AuditEntry>;
  /** The document's entries, oldest first. */
  list(documentId: string, options?: AuditListOptions): Promise<AuditEntry[]>;
}
