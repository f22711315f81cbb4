import { toAuditActor } from '../audit/describe-audit';
import type { AuditEntryInput } from '../store/audit-store';
import type { RevisionRecord, User } from '../store/store';
import type { UploadSummary } from './apply-upload';

/** Where an issued text came from: the live text as it stood, or an upload that first replaced it. */
export type RevisionSource =
  | { readonly type: 'live' }
  | { readonly type: 'markdown' }
  | { readonly type: 'file'; readonly name: string };

/** The audit entry of an issued revision, written in the same transaction as the revision. */
export function describeRevisionIssued(
  revision: RevisionRecord,
  user: User,
  source: RevisionSource,
  upload: UploadSummary | null,
): AuditEntryInput {
  const from =
    source.type === 'file'
      ? ` from the uploaded file ${source.name}`
      : source.type === 'markdown'
        ? ' from uploaded Markdown'
        : '';
  return {
    documentId: revision.documentId,
    at: revision.createdAt,
    actor: toAuditActor(user),
    action: 'revision.issued',
    blockId: null,
    summary: `${revision.label} issued${from}`,
    details: {
      rev: revision.rev,
      label: revision.label,
      sha256: revision.sha256,
      note: revision.note,
      source: source.type,
      ...(source.type === 'file' ? { fileName: source.name } : {}),
      upload,
    },
  };
}
