import {
  EMPTY_METADATA,
  type ForwardedTextStanding,
  isBlankText,
  isBlockKind,
  judgeForwardedText,
} from '@accord/model';
import type { ConsensusReport, DocumentDetail } from '../api/client';

/** What the board's headline says: of what ("Document", "Annex II") and, when it matters, why. */
export interface Headline {
  readonly subject: string;
  readonly status: ForwardedTextStanding['status'];
  /** Said under the headline when the subject is not the whole document; null otherwise. */
  readonly note: string | null;
}

const LEFT_OUT: Record<'annex' | 'after-cover', string> = {
  annex: 'The cover note is',
  'after-cover': 'The cover lines before the title are',
};

/**
 * The headline of the Presidency's board: where the text an item note would forward stands, as a chair
 * asks "is the annex agreed?", the cover being the Secretariat's, not the delegations' to agree. Where
 * the whole document stands the same, it is named: "Document agreed".
 */
export function describeHeadline(standing: ForwardedTextStanding): Headline {
  const { scope, status, documentStatus } = standing;
  if (scope === 'whole' || status === documentStatus) return { subject: 'Document', status, note: null };
  const subject = scope === 'annex' ? (standing.partName ?? 'Annex') : 'Text';
  return {
    subject,
    status,
    note: `What the item note forwards. ${LEFT_OUT[scope]} not the delegations' to agree; with it, the document is ${documentStatus}.`,
  };
}

/** Stands for words typed after the text was loaded: not empty, and no annex's label. */
const UNREAD_TEXT = '…';

/**
 * Where the text an item note would forward stands, on the report's blocks (live numbers, every block
 * listed) with the kinds and texts of the loaded text (`loaded`, which may be older); null until it is.
 */
export function judgeBoardText(
  report: ConsensusReport,
  loaded: Pick<DocumentDetail, 'blocks' | 'footnotes'> | null,
): ForwardedTextStanding | null {
  if (loaded === null) return null;
  const known = new Map(loaded.blocks.map((block) => [block.id, block]));
  const blocks = report.blocks.map(({ id, number, empty }) => {
    const block = known.get(id);
    const kind = number !== null ? 'numbered' : isBlockKind(block?.kind) ? block.kind : 'paragraph';
    // Whether it is empty is the report's, which is live: one typed into since the text was loaded
    // has words the loaded text lacks.
    const loadedText = block?.text ?? '';
    const text = empty ? '' : isBlankText(loadedText) ? UNREAD_TEXT : loadedText;
    return { id, number, kind, text };
  });
  const footnotes = loaded.footnotes.map((note) => ({ ...note, offset: 0 }));
  return judgeForwardedText({ metadata: EMPTY_METADATA, blocks, footnotes }, report);
}
