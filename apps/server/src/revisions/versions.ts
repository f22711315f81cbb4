import { type CouncilDocument, writeRevisionContent } from '@accord/model';
import type { DocumentRecord, Store } from '../store/store';
import type { LiveDocuments } from '../sync/live-documents';
import { ensureInitialRevision } from './initial-revision';

/** A version of a document a diff or an export can name: an issued revision, or the live text. */
export type VersionRef = number | 'live';

/** Highest revision number a request may name (a document gets a few dozen in its life). */
export const MAX_REVISION_NUMBER = 999_999;

export const LIVE_LABEL = 'live text';

/**
 * A revision number as a request writes it: the canonical way, as the API answers it (0, 1, 2, …, up to
 * `MAX_REVISION_NUMBER`). "01", "+1", "1.0" or " 1" would read as a number only written otherwise, so a
 * script's slip (a zero-padded file name's number) is refused rather than guessed at.
 */
export const REVISION_NUMBER_PATTERN = /^(?:0|[1-9]\d{0,5})$/;

/** "3" → 3, "live" → 'live'; anything else null. */
export function parseVersionRef(value: string): VersionRef | null {
  if (value === 'live') return 'live';
  if (!REVISION_NUMBER_PATTERN.test(value)) return null;
  return Number(value);
}

export interface Version {
  readonly ref: VersionRef;
  /** The register label ("7923/1/17 REV 1"), or "live text". */
  readonly label: string;
  readonly content: CouncilDocument;
  /** When it was issued; null for the live text. */
  readonly createdAt: number | null;
  readonly createdBy: string | null;
}

/** The version, or null when the document has no such revision. */
export async function loadVersion(
  deps: { readonly store: Store; readonly documents: LiveDocuments },
  record: DocumentRecord,
  ref: VersionRef,
): Promise<Version | null> {
  if (ref === 'live') {
    return {
      ref,
      label: LIVE_LABEL,
      content: await deps.documents.read(record.id),
      createdAt: null,
      createdBy: null,
    };
  }
  await ensureInitialRevision(deps.store, record);
  const revision = await deps.store.revisions.find(record.id, ref);
  if (revision === null) return null;
  return {
    ref,
    label: revision.label,
    content: revision.content,
    createdAt: revision.createdAt,
    createdBy: revision.createdBy,
  };
}

/**
 * Whether comparing `from` with `to` goes back in time: `from` is the later version (a higher revision,
 * or the live text against a revision).
 */
export function comparesBackwards(from: VersionRef, to: VersionRef): boolean {
  if (from === 'live') return to !== 'live';
  return to !== 'live' && from > to;
}

/**
 * The version a redline's changes belong to: the later of the two, whichever way they are compared.
 * Its issuing made the difference, so its author and date are those of the tracked changes; going back,
 * the earlier one's would date them before the text they are marked in.
 */
export function selectLaterVersion(from: Version, to: Version): Version {
  return comparesBackwards(from.ref, to.ref) ? from : to;
}

/**
 * Whether `from` is the version just before `to`: the revision before it, or for the live text the
 * latest revision (`latest`). Such a redline's cover speaks of "the previous version", as the Council's do.
 */
export function isPreviousVersion(from: VersionRef, to: VersionRef, latest: number): boolean {
  if (to === 'live') return from === latest;
  return from !== 'live' && from === to - 1;
}

/**
 * A file of an issued revision carries the revision's register number in its header ("7923/2/17 REV 2"),
 * as the Council's own document would; unless the header was given another number than the document
 * was created with, which is kept. The revision's API (`issuedNumber`) gives the same number.
 */
export function stampRevisionNumber(
  record: DocumentRecord,
  version: Pick<Version, 'ref' | 'label' | 'content'>,
): CouncilDocument {
  const { content } = version;
  if (version.ref === 'live' || record.number === null || content.metadata.number !== record.number) {
    return content;
  }
  return { ...content, metadata: { ...content.metadata, number: version.label } };
}

/**
 * The live text as an export writes it. Unchanged since the last issued revision (`latest`), it is that
 * revision, its number stamped as `stampRevisionNumber` does. Changed since, it is a working draft after
 * it: the number is still the revision's ("9916/1/17 REV 1"), and `workingDraftAfter` has the export's
 * header say so under it. Not the number it would become ("9916/2/17 REV 2"): that revision does not
 * exist yet, and an upload is judged by the revision its header names, so a draft edited in Word and
 * uploaded after REV 2 was issued must name REV 1 to be refused as outdated rather than undo REV 2. The
 * record's own number ("9916/17"), which the live header holds, is a header "as created" that no
 * upload judge reads, and names the original.
 */
export function stampLiveText(
  record: DocumentRecord,
  live: CouncilDocument,
  latest: Pick<Version, 'ref' | 'label' | 'content'>,
): { readonly content: CouncilDocument; readonly workingDraftAfter?: string } {
  const content = stampRevisionNumber(record, { ...latest, content: live });
  const unchanged = writeRevisionContent(live) === writeRevisionContent(latest.content);
  return unchanged ? { content } : { content, workingDraftAfter: latest.label };
}
