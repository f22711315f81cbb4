/**
 * Reads a live document again and again as it changes, for an editor that shows it at every keystroke:
 * `readDocument` reads every block's text (2,000 blocks: a few milliseconds) when a keystroke changed
 * one. This reader remembers what each block element held and reads again only the elements a
 * transaction touched (found by a deep observer of the fragment) and the header once its map changed;
 * the rest is the same assembly as `readDocument`'s, so the two always agree. An unchanged block keeps
 * its object (same id, kind, number and text), and so do an unchanged header and footnote list, so
 * that a screen can tell what changed by identity. Read it outside transactions and observers (as
 * the editor does, in an animation frame after the update): an element changed in a transaction not
 * yet over is forgotten only when the transaction's observers run.
 */
import type { Block, CouncilDocument, DocumentMetadata, Footnote } from '@accord/model';
import * as Y from 'yjs';
import {
  assembleBlocks,
  type BlockElementContent,
  getFragment,
  getMeta,
  readBlockElement,
  readMetadata,
} from './layout';

export interface LiveDocumentReader {
  /** The document as `readDocument` reads it now. */
  read(): CouncilDocument;
  /** Stops observing the document. */
  destroy(): void;
}

interface ElementEntry {
  readonly content: BlockElementContent;
  /** The block last made from it, to give back while it reads the same. */
  block: Block | null;
}

function sameBlock(a: Block, b: Block): boolean {
  return (
    a.id === b.id && a.kind === b.kind && a.number === b.number && a.text === b.text && a.start === b.start
  );
}

function sameFootnotes(a: readonly Footnote[], b: readonly Footnote[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i] as Footnote;
    return (
      x.id === y.id &&
      x.number === y.number &&
      x.blockId === y.blockId &&
      x.offset === y.offset &&
      x.text === y.text
    );
  });
}

/** The block element of the fragment that holds `type` (itself, when it is one). */
function findBlockElement(fragment: Y.XmlFragment, type: Y.AbstractType<unknown>): Y.XmlElement | null {
  let current: Y.AbstractType<unknown> | null = type;
  while (current !== null && current !== fragment) {
    const parent: Y.AbstractType<unknown> | null =
      current._item?.parent instanceof Y.AbstractType ? current._item.parent : null;
    if (parent === fragment) return current instanceof Y.XmlElement ? current : null;
    current = parent;
  }
  return null;
}

export function createLiveDocumentReader(doc: Y.Doc): LiveDocumentReader {
  const fragment = getFragment(doc);
  const meta = getMeta(doc);
  // Forgotten when a transaction touches the element; elements deleted from the document go with it.
  const entries = new WeakMap<Y.XmlElement, ElementEntry>();
  let metadata: DocumentMetadata | null = null;
  let last: CouncilDocument | null = null;

  const onFragmentChange = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    for (const event of events) {
      const element = findBlockElement(fragment, event.target);
      if (element !== null) entries.delete(element);
    }
  };
  const onMetaChange = () => {
    metadata = null;
  };
  fragment.observeDeep(onFragmentChange);
  meta.observe(onMetaChange);

  const readContents = () => {
    const list: { index: number; content: BlockElementContent; entry: ElementEntry }[] = [];
    fragment.forEach((node, index) => {
      if (!(node instanceof Y.XmlElement)) return;
      let entry = entries.get(node);
      if (entry === undefined) {
        entry = { content: readBlockElement(node), block: null };
        entries.set(node, entry);
      }
      list.push({ index, content: entry.content, entry });
    });
    return list;
  };

  return {
    read() {
      const list = readContents();
      let at = 0;
      const { blocks, footnotes } = assembleBlocks(list, (_, block) => {
        // Called once per element, in order.
        const entry = (list[at++] as { entry: ElementEntry }).entry;
        if (entry.block !== null && sameBlock(entry.block, block)) return entry.block;
        entry.block = block;
        return block;
      });
      metadata ??= readMetadata(doc);
      const next: CouncilDocument = {
        metadata,
        blocks,
        footnotes: last !== null && sameFootnotes(last.footnotes, footnotes) ? last.footnotes : footnotes,
      };
      last = next;
      return next;
    },
    destroy() {
      fragment.unobserveDeep(onFragmentChange);
      meta.unobserve(onMetaChange);
    },
  };
}
