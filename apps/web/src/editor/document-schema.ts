/**
 * The editor schema of a Council document: exactly the node, mark and attribute names of the Yjs layout
 * in @accord/ydoc, nothing more. y-prosemirror deletes any Yjs element or mark the schema cannot hold,
 * so a node or mark here that the layout lacks (or the reverse) would silently destroy text.
 */
import { BLOCK_NODE, BlockAttr, FOOTNOTE_NODE } from '@accord/ydoc';
import { type AnyExtension, getSchema } from '@tiptap/core';
import Document from '@tiptap/extension-document';
import Text from '@tiptap/extension-text';
import UniqueID from '@tiptap/extension-unique-id';
import { Dropcursor, Gapcursor } from '@tiptap/extensions';
import type { Schema } from '@tiptap/pm/model';
import { BlockNode } from './block-node';
import { BracketMark } from './bracket-mark';
import { FootnoteNode } from './footnote-node';

export interface DocumentSchemaOptions {
  /**
   * Whether the editor may write ids into the document. Off for read-only roles: their edits are never
   * applied by the server, so generating ids would only make their copy drift.
   * @default true
   */
  writeIds?: boolean;
}

export function createDocumentExtensions({ writeIds = true }: DocumentSchemaOptions = {}): AnyExtension[] {
  return [
    Document,
    Text,
    BlockNode,
    BracketMark,
    FootnoteNode,
    UniqueID.configure({
      types: [BLOCK_NODE, FOOTNOTE_NODE],
      attributeName: BlockAttr.id,
      updateDocument: writeIds,
    }),
    Dropcursor,
    Gapcursor,
  ];
}

export function createDocumentSchema(): Schema {
  return getSchema(createDocumentExtensions());
}
