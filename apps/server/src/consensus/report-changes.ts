import { randomBytes } from 'node:crypto';
import type { ConsensusParts } from './consensus-views';

/**
 * The versions of one document's consensus report under one QMV rule, and which rows each changed, so
 * that a client holding the report of one version is sent only the rows changed since
 * (`GET /api/documents/:id/consensus/changes?since=`). A position changes one row of a 2,000-row
 * report (3.3 MB of JSON with 16 positions a row); every open room and board fetched all of it after
 * each one.
 *
 * A version names its tracker (`epoch`): a tracker made again (the document's ledger read again, the
 * server restarted) never takes another's version for its own, and answers it with everything.
 */
export class ReportChanges {
  private readonly epoch = randomBytes(6).toString('base64url');
  private seq = 0;
  /** Each row's JSON as of the latest version, by block id. */
  private rows = new Map<string, string>();
  /** The version at which each current block's row last changed (or the block came). */
  private readonly changedAt = new Map<string, number>();
  private ids: readonly string[] = [];
  /** The version at which the blocks' ids or order last changed. */
  private orderChangedAt = 0;
  /** A document whose blocks share an id for a moment (a paste being repaired) is sent whole. */
  private idsRepeat = false;

  get version(): string {
    return `${this.epoch}.${this.seq}`;
  }

  /** Counts a new version of the report (called only when its JSON differs from the last's). */
  record(parts: ConsensusParts): void {
    this.seq += 1;
    const rows = new Map<string, string>();
    for (let i = 0; i < parts.ids.length; i++) {
      const id = parts.ids[i] as string;
      const row = parts.rows[i] as string;
      rows.set(id, row);
      if (this.rows.get(id) !== row) this.changedAt.set(id, this.seq);
    }
    for (const id of this.changedAt.keys()) if (!rows.has(id)) this.changedAt.delete(id);
    this.idsRepeat = rows.size !== parts.ids.length;
    if (!sameOrder(this.ids, parts.ids)) this.orderChangedAt = this.seq;
    this.rows = rows;
    this.ids = parts.ids;
  }

  /**
   * The JSON body of `GET …/consensus/changes` for a client holding version `since` (null: none) of
   * the report whose parts are `parts` (the latest recorded): every row and the order of all blocks
   * when the version is not one of this tracker's, else the rows changed since it and the order only
   * if it changed.
   */
  changesSince(
    since: string | null,
    parts: ConsensusParts,
  ): { readonly full: boolean; readonly json: string } {
    const from = this.ownSeq(since);
    const full = from === null || this.idsRepeat;
    const blocks: string[] = [];
    for (let i = 0; i < parts.ids.length; i++) {
      if (full || (this.changedAt.get(parts.ids[i] as string) ?? 0) > from)
        blocks.push(parts.rows[i] as string);
    }
    const order = full || this.orderChangedAt > from ? JSON.stringify(parts.ids) : 'null';
    const json =
      `{"version":${JSON.stringify(this.version)},"full":${full},"status":"${parts.status}",` +
      `"order":${order},"blocks":[${blocks.join(',')}],${parts.tail}}`;
    return { full, json };
  }

  /** The sequence number of one of this tracker's versions; null for another's, a future or a malformed one. */
  private ownSeq(version: string | null): number | null {
    if (version === null) return null;
    const dot = version.lastIndexOf('.');
    if (dot < 0 || version.slice(0, dot) !== this.epoch) return null;
    const digits = version.slice(dot + 1);
    if (!/^\d{1,15}$/.test(digits)) return null;
    const seq = Number(digits);
    return seq <= this.seq ? seq : null;
  }
}

function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
