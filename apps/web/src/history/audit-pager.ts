import type { Result } from '@accord/model';

/** A page of the log after a seq, as the audit route answers it. */
export type FetchAuditPage<E, F> = (after: number) => Promise<Result<readonly E[], F>>;

/**
 * Loads a document's audit log page by page, oldest first, for the history screen: one request at a
 * time; a load asked for while one is on its way runs once that page is in, from after its last entry,
 * so no entry is fetched twice; `restart` (another document or kind of action) drops every page asked
 * for before it. `notice` (a document event: the log has a new entry) loads it when the log is shown
 * to its end, including when the event came while the last page was on its way.
 */
export class AuditPager<E extends { readonly seq: number }, F> {
  private fetchPage: FetchAuditPage<E, F> | null = null;
  private loading = false;
  private again = false;
  /** An event came while a page was on its way: its entry may be after that page. */
  private noticed = false;
  /** The last page was not full: everything up to it is shown. */
  private atEnd = false;
  private lastSeq = 0;
  /** Bumped by `restart` and `stop`: a page asked for under an older one is dropped. */
  private generation = 0;

  constructor(
    private readonly pageSize: number,
    /** A page to add after those shown; `more` when it was full (there may be more now). */
    private readonly onPage: (entries: readonly E[], more: boolean) => void,
    private readonly onError: (error: F) => void,
  ) {}

  /** Starts again from the log's first entry with `fetchPage`; the caller clears what it shows. */
  restart(fetchPage: FetchAuditPage<E, F>): void {
    this.generation += 1;
    this.fetchPage = fetchPage;
    this.lastSeq = 0;
    this.atEnd = false;
    this.loadNext();
  }

  /** The log has a new entry: loaded now if the log is shown to its end, or once the page on its way is in. */
  notice(): void {
    if (this.loading) this.noticed = true;
    else if (this.atEnd) this.loadNext();
  }

  /** The page after the last entry loaded. */
  loadNext(): void {
    const fetchPage = this.fetchPage;
    if (fetchPage === null) return;
    if (this.loading) {
      this.again = true;
      return;
    }
    this.loading = true;
    this.again = false;
    this.noticed = false;
    const asked = this.generation;
    void fetchPage(this.lastSeq).then((result) => {
      this.loading = false;
      if (asked !== this.generation) {
        this.loadNext();
        return;
      }
      if (result.ok) {
        const last = result.value.at(-1);
        if (last !== undefined) this.lastSeq = last.seq;
        const full = result.value.length === this.pageSize;
        this.atEnd = !full;
        this.onPage(result.value, full);
      } else {
        this.onError(result.error);
      }
      if (this.again || (this.noticed && this.atEnd)) this.loadNext();
    });
  }

  /** Drops the pages still to come (the screen is gone). */
  stop(): void {
    this.generation += 1;
    this.fetchPage = null;
  }
}
