/**
 * Keeps this user's caret on its character when someone else edits around it.
 *
 * y-tiptap 3.0.7–3.0.9 restores the selection after a remote edit from Yjs relative positions (exact),
 * then second-guesses them: when the caret's paragraph has different text afterwards and carries any
 * non-default attribute (every block here has an `id` and a `kind`), it puts the caret back at its old
 * offset in that paragraph. Then FR typing at the start of a paragraph pushes DE's caret backwards on
 * every keystroke and DE's words come out scrambled. Where the Yjs answer stays inside the block the
 * caret was in (same id), it is exact, so this restores it.
 *
 * Where the caret's block is gone, the Yjs answer is stale: its position was in the block's Y.XmlText,
 * now deleted, and resolves to the start of the block after, which nobody touched. A Backspace at the
 * start of a paragraph removes it in Yjs and writes its text again at the end of the paragraph before
 * (a join), so IT typing at the end of the paragraph FR joins went on at the start of the next one. The
 * caret then goes to the nearest earlier block that is still there: after the copy of what followed it
 * (the same character, on a join) when that block changed and ends with that text, else at its end (the
 * block was deleted). What is typed next lands where the user can see it.
 *
 * An Enter in the caret's paragraph before the caret is the same loss the other way: y-prosemirror
 * writes it as the paragraph's text from the split on deleted and written again in a new paragraph
 * after it, so the Yjs answer for a caret in that text is the split point, at the end of the first
 * part, and DE typing at the end of a paragraph FR splits went on at the end of FR's first half. The
 * caret then goes into the new paragraph, before the copy of what followed it.
 *
 * Inside one paragraph the same happens when another inserts a footnote before the caret: y-prosemirror
 * writes the text after the footnote again as a new text run, and the Yjs answer for a caret in it (or
 * at the end of the paragraph) is the end of the run before the footnote, so DE typing at the end of a
 * sentence where FR had just added a footnote went on before DE's own last words. Where the text from
 * the caret to the end of its paragraph is as it was and only what comes before it changed, the caret
 * stays before that same text. Undo and redo keep the selection y-tiptap restores from the undo stack.
 */
import { Extension } from '@tiptap/core';
import type { Node as ProseMirrorNode, ResolvedPos } from '@tiptap/pm/model';
import { type EditorState, Plugin, PluginKey, TextSelection, type Transaction } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { readSyncBinding, resolveKeptTextSelection, type SyncBinding } from './y-binding';

interface SyncMeta {
  readonly isChangeOrigin?: boolean;
  readonly isUndoRedoOperation?: boolean;
}

function readSyncMeta(tr: Transaction): SyncMeta | undefined {
  return tr.getMeta(ySyncPluginKey) as SyncMeta | undefined;
}

function isRemoteChange(tr: Transaction): boolean {
  return readSyncMeta(tr)?.isChangeOrigin === true;
}

function blockIdAt(state: EditorState, pos: number): unknown {
  const $pos = state.doc.resolve(pos);
  return $pos.parent.isTextblock ? $pos.parent.attrs.id : null;
}

interface Block {
  readonly id: unknown;
  /** Position of the block's content start. */
  readonly start: number;
  readonly node: ProseMirrorNode;
}

/** A document's blocks in order, with each id's first index and last block, read once per document. */
interface BlockIndex {
  readonly list: readonly Block[];
  readonly first: ReadonlyMap<unknown, number>;
  readonly last: ReadonlyMap<unknown, Block>;
}

/**
 * Every check below asks for the blocks of the documents before and after a remote change, for the
 * anchor and the head: read once per document (a remote change is a new document of 2,000 blocks,
 * and reading it six times took most of this plugin's 1 ms a remote keystroke).
 */
const blockIndexes = new WeakMap<ProseMirrorNode, BlockIndex>();

function indexBlocks(doc: ProseMirrorNode): BlockIndex {
  const known = blockIndexes.get(doc);
  if (known) return known;
  const list: Block[] = [];
  const first = new Map<unknown, number>();
  const last = new Map<unknown, Block>();
  doc.descendants((node, pos) => {
    if (node.isTextblock) {
      if (node.attrs.id != null) {
        const block = { id: node.attrs.id, start: pos + 1, node };
        if (!first.has(block.id)) first.set(block.id, list.length);
        last.set(block.id, block);
        list.push(block);
      }
      return false;
    }
    return true;
  });
  const index = { list, first, last };
  blockIndexes.set(doc, index);
  return index;
}

/** A block's content as one character per position, so string offsets are content offsets. */
function readContent(node: ProseMirrorNode): string {
  let content = '';
  node.forEach((child) => {
    content += child.isText ? (child.text ?? '') : '\ufffc'.repeat(child.nodeSize);
  });
  return content;
}

/** A position resolved in `doc`, with the id of the paragraph it is in; null outside one or without an id. */
function resolveInBlock(doc: ProseMirrorNode, pos: number): { $pos: ResolvedPos; id: string } | null {
  const $pos = doc.resolve(pos);
  const id: unknown = $pos.parent.isTextblock ? $pos.parent.attrs.id : null;
  return typeof id === 'string' ? { $pos, id } : null;
}

/**
 * Where a position in a block that a remote edit removed belongs in the new document: in the nearest
 * earlier block still there, before the copy of what followed it if that block changed and now ends with
 * it (a join), else at its end. Null when the block is still there or no earlier block is.
 */
export function findPositionAfterRemovedBlock(
  oldDoc: ProseMirrorNode,
  newDoc: ProseMirrorNode,
  pos: number,
): number | null {
  const at = resolveInBlock(oldDoc, pos);
  if (at === null) return null;
  const { $pos, id } = at;
  const newBlocks = indexBlocks(newDoc).last;
  if (newBlocks.has(id)) return null;

  const { list: oldBlocks, first } = indexBlocks(oldDoc);
  const index = first.get(id) ?? -1;
  const followingCaret = readContent($pos.parent).slice($pos.parentOffset);
  for (let i = index - 1; i >= 0; i--) {
    const before = oldBlocks[i];
    const after = before ? newBlocks.get(before.id) : undefined;
    if (!before || !after) continue;
    const end = after.start + after.node.content.size;
    const content = readContent(after.node);
    const joined = content !== readContent(before.node) && content.endsWith(followingCaret);
    return joined ? end - followingCaret.length : end;
  }
  return null;
}

/**
 * Where a position in a block's text that a remote Enter before it moved to a new block belongs in the
 * new document: in that block (the one after, absent from the old document, beginning with what the
 * split one lost), before the copy of what followed the position. Null when the block was not split
 * there.
 */
export function findPositionAfterSplit(
  oldDoc: ProseMirrorNode,
  newDoc: ProseMirrorNode,
  pos: number,
): number | null {
  const at = resolveInBlock(oldDoc, pos);
  if (at === null) return null;
  const { $pos, id } = at;
  const { list: newBlocks, first } = indexBlocks(newDoc);
  const index = first.get(id) ?? -1;
  const split = newBlocks[index];
  const added = newBlocks[index + 1];
  if (!split || !added || indexBlocks(oldDoc).first.has(added.id)) return null;
  const before = readContent($pos.parent);
  const kept = readContent(split.node);
  if (kept.length >= before.length) return null;
  let cut = 0;
  while (cut < kept.length && kept[cut] === before[cut]) cut++;
  if ($pos.parentOffset <= cut) return null;
  const content = readContent(added.node);
  const following = before.slice($pos.parentOffset);
  if (content === '' || content[0] !== before[cut] || !content.endsWith(following)) return null;
  return added.start + content.length - following.length;
}

/**
 * Where a position belongs in its block when only text before it changed: before the same text that
 * followed it, unchanged to the end of the block. Null when the block is gone, the position is in or at
 * the edge of what changed, or nothing changed.
 */
export function findPositionBeforeUnchangedText(
  oldDoc: ProseMirrorNode,
  newDoc: ProseMirrorNode,
  pos: number,
): number | null {
  const at = resolveInBlock(oldDoc, pos);
  if (at === null) return null;
  const { $pos, id } = at;
  const { list, first } = indexBlocks(newDoc);
  const block = list[first.get(id) ?? -1];
  if (!block) return null;
  const before = readContent($pos.parent);
  const after = readContent(block.node);
  if (before === after) return null;
  const shortest = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shortest && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < shortest - prefix &&
    before[before.length - 1 - suffix] === after[after.length - 1 - suffix]
  )
    suffix++;
  const offset = $pos.parentOffset;
  if (offset <= prefix || offset < before.length - suffix) return null;
  return block.start + after.length - (before.length - offset);
}

function restoreFromYjs(binding: SyncBinding, oldState: EditorState, newState: EditorState) {
  const kept = resolveKeptTextSelection(binding, binding.beforeTransactionSelection);
  if (kept === null) return null;
  const { anchor, head } = kept;
  const size = newState.doc.content.size;
  if (anchor > size || head > size) return null;

  const oldAnchorBlock = blockIdAt(oldState, oldState.selection.anchor);
  const oldHeadBlock = blockIdAt(oldState, oldState.selection.head);
  if (oldAnchorBlock == null || oldHeadBlock == null) return null;
  if (blockIdAt(newState, anchor) !== oldAnchorBlock || blockIdAt(newState, head) !== oldHeadBlock)
    return null;
  return { anchor, head };
}

function restoreFromMovedText(
  transactions: readonly Transaction[],
  oldState: EditorState,
  newState: EditorState,
  find: typeof findPositionAfterRemovedBlock,
  otherwise: { readonly anchor: number; readonly head: number },
) {
  if (!(oldState.selection instanceof TextSelection)) return null;
  if (transactions.some((tr) => readSyncMeta(tr)?.isUndoRedoOperation === true)) return null;
  const { anchor, head } = oldState.selection;
  const newAnchor = find(oldState.doc, newState.doc, anchor);
  const newHead = find(oldState.doc, newState.doc, head);
  if (newAnchor === null && newHead === null) return null;
  // One end where nothing moved it: its Yjs answer stands.
  return { anchor: newAnchor ?? otherwise.anchor, head: newHead ?? otherwise.head };
}

export function restoreCaretAfterRemoteEdit(
  transactions: readonly Transaction[],
  oldState: EditorState,
  newState: EditorState,
): Transaction | null {
  if (!transactions.some(isRemoteChange)) return null;
  const binding = readSyncBinding(newState);
  if (!binding) return null;
  const fromYjs = restoreFromYjs(binding, oldState, newState);
  const otherwise = fromYjs ?? newState.selection;
  const restored =
    restoreFromMovedText(transactions, oldState, newState, findPositionAfterSplit, otherwise) ??
    restoreFromMovedText(transactions, oldState, newState, findPositionBeforeUnchangedText, otherwise) ??
    fromYjs ??
    restoreFromMovedText(transactions, oldState, newState, findPositionAfterRemovedBlock, otherwise);
  if (!restored) return null;

  const { selection } = newState;
  if (selection.anchor === restored.anchor && selection.head === restored.head) return null;
  const { doc } = newState;
  return newState.tr
    .setSelection(TextSelection.between(doc.resolve(restored.anchor), doc.resolve(restored.head)))
    .setMeta('addToHistory', false);
}

export const CaretThroughRemoteEdits = Extension.create({
  name: 'caretThroughRemoteEdits',
  addProseMirrorPlugins: () => [
    new Plugin({
      key: new PluginKey('caretThroughRemoteEdits'),
      appendTransaction: restoreCaretAfterRemoteEdit,
    }),
  ],
});
