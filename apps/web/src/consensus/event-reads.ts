import type { DocumentEventType } from './use-document-events';

/** What a room reads again on an event of its document's stream. */
export interface EventReads {
  readonly report: boolean;
  readonly comments: boolean;
}

/**
 * `ready` (a stream opened, or opened again: anything may have been missed) reads both; a comment the
 * comments alone. A forwarding or a corrigendum makes another document and touches nothing the report
 * holds (no position, silence, revision or text of this one), so it reads neither: the rooms that show
 * them read the document's forwardings instead. Every other event changes the report.
 */
export function readsAfter(type: DocumentEventType): EventReads {
  switch (type) {
    case 'ready':
      return { report: true, comments: true };
    case 'comment':
      return { report: false, comments: true };
    case 'forwarded':
    case 'corrected':
      return { report: false, comments: false };
    default:
      return { report: true, comments: false };
  }
}
