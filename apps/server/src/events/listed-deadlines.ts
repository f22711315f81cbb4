import { announceChanged } from './document-list-events';
import type { DocumentEventBus } from './event-bus';

/** The longest delay a Node timer takes (about 24.8 days); a later deadline is armed again on the way. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface ListedDeadlinesDeps {
  readonly events: DocumentEventBus;
  /** The latest procedure's deadline unless it was broken or cancelled (`SilenceStore`). */
  readonly findUnsettledDeadline: (documentId: string) => Promise<string | null>;
  readonly now: () => number;
}

/**
 * The one change to the document list that no request makes: a silence procedure's deadline passing,
 * after which `GET /api/documents` gives the document's `silenceUntil` as null. At the deadline the
 * open lists are told (`changed`, `silenceUntil`), so none shows a procedure that is over.
 *
 * Armed by the list route for each deadline it answers with (`watch`), not by the ledger, whose timer
 * is armed only for a document somebody opened since the server started: a list learns of a deadline
 * only from such an answer, and a list that read one from an earlier process cannot resume its stream
 * here, so reads the list again, and arms it. One timer per document, for the deadline last listed.
 */
export class ListedDeadlines {
  private readonly timers = new Map<string, { until: string; timer: ReturnType<typeof setTimeout> }>();

  constructor(private readonly deps: ListedDeadlinesDeps) {}

  /** Tells the open lists when `until`, the running procedure's deadline just listed, passes. */
  watch(documentId: string, until: string): void {
    if (this.timers.get(documentId)?.until === until) return;
    this.arm(documentId, until);
  }

  private arm(documentId: string, until: string): void {
    clearTimeout(this.timers.get(documentId)?.timer);
    const delay = Math.min(Math.max(Date.parse(until) - this.deps.now() + 1, 0), MAX_TIMER_MS);
    // Unref'd: a pending announcement never keeps the process alive.
    const timer = setTimeout(() => void this.pass(documentId, until, timer), delay).unref();
    this.timers.set(documentId, { until, timer });
  }

  private async pass(documentId: string, until: string, timer: ReturnType<typeof setTimeout>) {
    if (this.timers.get(documentId)?.timer !== timer) return;
    // Early (a deadline beyond the longest timer, or a clock that moved): wait again.
    if (Date.parse(until) > this.deps.now()) return this.arm(documentId, until);
    this.timers.delete(documentId);
    let latest: string | null;
    try {
      latest = await this.deps.findUnsettledDeadline(documentId);
    } catch {
      // The store closed with the server: there is nobody left to tell.
      return;
    }
    // Broken or cancelled since (the list stopped showing it then, and was told), or replaced by the
    // next procedure: nothing changes now.
    if (latest !== until) return;
    announceChanged(this.deps.events, documentId, ['silenceUntil']);
  }
}
