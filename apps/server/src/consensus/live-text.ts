import {
  type Block,
  type CouncilDocument,
  findUnnegotiatedBlocks,
  type StatementBlock,
  statementBlocks,
} from '@accord/model';
import type { LiveDocuments } from '../sync/live-documents';

/** Documents whose read live text is kept between changes. */
export const MAX_CACHED_LIVE_TEXTS = 50;

/** A document's live text as read once, with what consensus and comments look up in it. */
export interface LiveText {
  readonly document: CouncilDocument;
  /** In document order, ready for `computeConsensus`: each with its statement text (`statementBlocks`). */
  readonly blocks: readonly StatementBlock[];
  readonly byId: ReadonlyMap<string, Block>;
  /** `blocks` by id: the text a statement on a block is pinned to. */
  readonly statements: ReadonlyMap<string, StatementBlock>;
  /** The blocks outside the negotiated text (`findUnnegotiatedBlocks`): a cover note, an annex's label. */
  readonly unnegotiated: ReadonlySet<string>;
}

/** What consensus and comments look up in a document read. */
export function toLiveText(document: CouncilDocument): LiveText {
  const blocks = statementBlocks(document.blocks, document.footnotes);
  return {
    document,
    blocks,
    byId: new Map(document.blocks.map((b) => [b.id, b])),
    statements: new Map(blocks.map((b) => [b.id, b])),
    unnegotiated: findUnnegotiatedBlocks(document),
  };
}

/**
 * The live text of documents, read through `LiveDocuments` and kept until the document changes:
 * reading a 2,000-block Y.Doc costs more than the whole consensus report, and most reports come
 * between edits. `LiveDocuments.onChange` drops a document's copy as soon as it changes.
 */
export class LiveTexts {
  private readonly cached = new Map<string, LiveText>();
  /** Bumped on every change, so a read that a change overtook is not kept. */
  private readonly versions = new Map<string, number>();

  constructor(
    private readonly documents: LiveDocuments,
    private readonly maxCached = MAX_CACHED_LIVE_TEXTS,
  ) {
    documents.onChange((documentId) => {
      this.cached.delete(documentId);
      this.versions.set(documentId, (this.versions.get(documentId) ?? 0) + 1);
    });
  }

  /** The live text; the caller has checked that the document exists. */
  async read(documentId: string): Promise<LiveText> {
    const known = this.cached.get(documentId);
    if (known !== undefined) {
      // Most recently used last, so the first entry is the one to drop.
      this.cached.delete(documentId);
      this.cached.set(documentId, known);
      return known;
    }
    const version = this.versions.get(documentId) ?? 0;
    const document = await this.documents.read(documentId);
    const text = toLiveText(document);
    if ((this.versions.get(documentId) ?? 0) === version) {
      this.cached.set(documentId, text);
      if (this.cached.size > this.maxCached) {
        const oldest = this.cached.keys().next();
        if (oldest.done !== true) this.cached.delete(oldest.value);
      }
    }
    return text;
  }
}
