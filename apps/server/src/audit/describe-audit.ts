import {
  COMMISSION,
  type CommissionReservation,
  isWholeTextId,
  POSITION_LABELS,
  type PositionRecord,
  type SilenceBreak,
  type SilenceCancellation,
} from '@accord/model';
import type { AuditActor, AuditEntryInput } from '../store/audit-store';
import type { CommentRecord, StoredSilenceProcedure } from '../store/consensus-stores';
import type { User } from '../store/store';

/**
 * The audit entry of each change, built where the change is made and written in the same transaction.
 * The wording of `summary` is for people; `details` is for programs. A delegation's private note is
 * described by its kind alone: no text, no quote, no block, no id that would tie it to a thread.
 */

export const PRIVATE_NOTE_ADDED = 'a delegation note was added';
export const PRIVATE_NOTE_RESOLVED = 'a delegation note was resolved';
export const PRIVATE_NOTE_REOPENED = 'a delegation note was reopened';

/**
 * The actor of what the server does by itself, such as a silence procedure lapsing at its deadline:
 * nobody acted then, and the audit entry model allows an actor with no id, name, role or delegation.
 * (The Presidency user who started the procedure is named in the entry's details instead.)
 */
export const SYSTEM_ACTOR: AuditActor = { id: null, name: null, role: null, delegation: null };

export function toAuditActor(user: User): AuditActor {
  return { id: user.id, name: user.name, role: user.role, delegation: user.delegation };
}

interface Context {
  readonly documentId: string;
  readonly actor: AuditActor;
  readonly at: number;
}

type Described = Pick<AuditEntryInput, 'action' | 'blockId' | 'summary' | 'details'>;

/**
 * The entry, field by field: V8 (Node 20) builds `{ ...context, action, … }` through its slow path,
 * about 3 µs an entry, a measured 3 % of the server's CPU recording positions.
 */
function auditEntry(context: Context, described: Described): AuditEntryInput {
  return {
    documentId: context.documentId,
    actor: context.actor,
    at: context.at,
    action: described.action,
    blockId: described.blockId,
    summary: described.summary,
    details: described.details,
  };
}

export function describePositionRecorded(context: Context, record: PositionRecord): AuditEntryInput {
  return auditEntry(context, {
    action: 'position.recorded',
    blockId: record.blockId,
    summary: isWholeTextId(record.blockId)
      ? `${record.delegation}: general ${POSITION_LABELS[record.position]} (on the whole text)`
      : `${record.delegation}: ${POSITION_LABELS[record.position]}`,
    details: {
      delegation: record.delegation,
      position: record.position,
      note: record.note,
      textHash: record.textHash,
      revision: record.revision,
    },
  });
}

export function describePositionWithdrawn(
  context: Context,
  blockId: string,
  delegation: string,
): AuditEntryInput {
  return auditEntry(context, {
    action: 'position.withdrawn',
    blockId,
    summary: isWholeTextId(blockId)
      ? `${delegation} withdrew its general reservation`
      : `${delegation} withdrew its position`,
    details: { delegation },
  });
}

export function describeCommissionReservationRecorded(
  context: Context,
  record: CommissionReservation,
): AuditEntryInput {
  return auditEntry(context, {
    action: 'commission-reservation.recorded',
    blockId: record.blockId,
    summary: isWholeTextId(record.blockId)
      ? `${COMMISSION}: general ${POSITION_LABELS[record.position]} (on the whole text, not blocking)`
      : `${COMMISSION}: ${POSITION_LABELS[record.position]} (not blocking)`,
    details: {
      delegation: COMMISSION,
      position: record.position,
      note: record.note,
      textHash: record.textHash,
      revision: record.revision,
    },
  });
}

export function describeCommissionReservationWithdrawn(context: Context, blockId: string): AuditEntryInput {
  return auditEntry(context, {
    action: 'commission-reservation.withdrawn',
    blockId,
    summary: isWholeTextId(blockId)
      ? `${COMMISSION} withdrew its general reservation`
      : `${COMMISSION} withdrew its reservation`,
    details: { delegation: COMMISSION },
  });
}

export function describeCommentCreated(context: Context, comment: CommentRecord): AuditEntryInput {
  if (comment.visibility === 'delegation') {
    return auditEntry(context, {
      action: 'comment.created',
      blockId: null,
      summary: PRIVATE_NOTE_ADDED,
      details: {},
    });
  }
  return auditEntry(context, {
    action: 'comment.created',
    blockId: comment.blockId,
    summary: comment.replyTo === null ? 'a comment was added' : 'a reply was added',
    details: { commentId: comment.id, replyTo: comment.replyTo, body: comment.body, quote: comment.quote },
  });
}

/** A comment resolved or reopened; a private note's entry names neither it nor its block. */
export function describeCommentStatusChanged(
  context: Context,
  comment: CommentRecord,
  status: 'resolved' | 'reopened',
): AuditEntryInput {
  const action = status === 'resolved' ? 'comment.resolved' : 'comment.reopened';
  if (comment.visibility === 'delegation') {
    return auditEntry(context, {
      action,
      blockId: null,
      summary: status === 'resolved' ? PRIVATE_NOTE_RESOLVED : PRIVATE_NOTE_REOPENED,
      details: {},
    });
  }
  return auditEntry(context, {
    action,
    blockId: comment.blockId,
    summary: `a comment was ${status}`,
    details: { commentId: comment.id },
  });
}

export function describeSilenceStarted(context: Context, procedure: StoredSilenceProcedure): AuditEntryInput {
  return auditEntry(context, {
    action: 'silence.started',
    blockId: null,
    summary: `silence procedure until ${procedure.until}`,
    details: {
      procedureId: procedure.id,
      until: procedure.until,
      blocks: Object.keys(procedure.textHashes).length,
    },
  });
}

export function describeSilenceBroken(
  context: Context,
  procedure: StoredSilenceProcedure,
  entry: SilenceBreak,
): AuditEntryInput {
  return auditEntry(context, {
    action: 'silence.broken',
    blockId: null,
    summary: `${entry.delegation} broke silence`,
    details: { procedureId: procedure.id, delegation: entry.delegation, reason: entry.reason },
  });
}

/** The Presidency withdrew a running procedure (started by mistake): it never lapses. */
export function describeSilenceCancelled(
  context: Context,
  procedure: StoredSilenceProcedure,
  cancellation: SilenceCancellation,
): AuditEntryInput {
  return auditEntry(context, {
    action: 'silence.cancelled',
    blockId: null,
    summary: `silence procedure until ${procedure.until} cancelled`,
    details: { procedureId: procedure.id, until: procedure.until, reason: cancellation.reason },
  });
}

/** A procedure nobody broke before its deadline; dated the deadline, whenever the server noticed it. */
export function describeSilenceLapsed(
  documentId: string,
  procedure: StoredSilenceProcedure,
): AuditEntryInput {
  return {
    documentId,
    actor: SYSTEM_ACTOR,
    at: Date.parse(procedure.until),
    action: 'silence.lapsed',
    blockId: null,
    summary: `silence procedure lapsed without objection at ${procedure.until}`,
    details: { procedureId: procedure.id, until: procedure.until, startedBy: procedure.startedBy },
  };
}

/** The entry in a text's log when it goes forward as an item note (a new document, `note`). */
export function describeForwarded(
  context: Context,
  note: { readonly id: string; readonly number: string | null },
  /** The forwarded text's number as the note cites it; null for a text without one. */
  previous: string | null,
): AuditEntryInput {
  return auditEntry(context, {
    action: 'document.forwarded',
    blockId: null,
    summary: `${previous ?? 'the text'} forwarded as the I/A item note ${note.number ?? note.id}`,
    details: { noteId: note.id, noteNumber: note.number, previous },
  });
}

/**
 * The first entry in a note's own log: which text it forwards (`forwarded`, the document the
 * `document.forwarded` entry is in), so whoever opens the note's history learns where it came from.
 */
export function describeItemNoteCreated(
  context: Context,
  note: { readonly number: string | null },
  forwarded: { readonly id: string; readonly previous: string | null },
): AuditEntryInput {
  return auditEntry(context, {
    action: 'item-note.created',
    blockId: null,
    summary: `made as the I/A item note ${note.number ?? 'without a number'} forwarding ${forwarded.previous ?? 'a text without a number'}`,
    details: { forwardedId: forwarded.id, previous: forwarded.previous },
  });
}

/** A corrigendum was started from a text as issued (`label`): the entry in the corrected text's log. */
export function describeCorrected(
  context: Context,
  corrigendum: { readonly id: string; readonly number: string },
  label: string,
): AuditEntryInput {
  return auditEntry(context, {
    action: 'document.corrected',
    blockId: null,
    summary: `${label} corrected by ${corrigendum.number}`,
    details: { corrigendumId: corrigendum.id, corrigendumNumber: corrigendum.number, label },
  });
}

/**
 * The first entry in a corrigendum's own log: the text it corrects (`correctedId`) and the revision
 * whose text it started from, so whoever opens its history learns where it came from.
 */
export function describeCorrigendumCreated(
  context: Context,
  number: string,
  corrected: { readonly id: string; readonly label: string },
): AuditEntryInput {
  return auditEntry(context, {
    action: 'corrigendum.created',
    blockId: null,
    summary: `made as the corrigendum ${number}, from the text of ${corrected.label} as issued`,
    details: { correctedId: corrected.id, label: corrected.label },
  });
}
