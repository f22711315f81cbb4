/**
 * Keeps this user's caret on its character when someone else types earlier in the same paragraph.
 *
 * y-tiptap 3.0.7–3.0.9 restores the selection after a remote edit from Yjs relative positions (exact),
 * then second-guesses them: when the caret's paragraph has different text afterwards and carries any
 * non-default attribute (every block here has an `id` and a `kind`), it puts the caret back at its old
 * offset in that paragraph. Then FR typing at the start of a paragraph pushes DE's caret backwards on
 * every keystroke and DE's words come out scrambled. Where the Yjs answer stays inside the block the
 * caret was in (same id), it is exact, so this restores it; structural moves keep y-tiptap's choice.
 */
import { Extension } from '@tiptap/core';
import { type EditorState, Plugin, PluginKey, TextSelection, type Transaction } from '@tiptap/pm/state';
import { relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';

interface SyncBinding {
  readonly doc: Parameters<typeof relativePositionToAbsolutePosition>[0];
  readonly type: Parameters<typeof relativePositionToAbsolutePosition>[1];
  readonly mapping: Parameters<typeof relativePositionToAbsolutePosition>[3];
  readonly beforeTransactionSelection: { type: unknown; anchor: unknown; head: unknown } | null;
}

function isRemoteChange(tr: Transaction): boolean {
  return (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true;
}

function blockIdAt(state: EditorState, pos: number): unknown {
  const $pos = state.doc.resolve(pos);
  return $pos.parent.isTextblock ? $pos.parent.attrs.id : null;
}

export function restoreCaretAfterRemoteEdit(
  transactions: readonly Transaction[],
  oldState: EditorState,
  newState: EditorState,
): Transaction | null {
  if (!transactions.some(isRemoteChange)) return null;
  const binding = (ySyncPluginKey.getState(newState) as { binding?: SyncBinding } | undefined)?.binding;
  const before = binding?.beforeTransactionSelection;
  if (!binding || !before || before.type !== 'text' || !before.anchor || !before.head) return null;

  const resolve = (relative: unknown) =>
    relativePositionToAbsolutePosition(binding.doc, binding.type, relative, binding.mapping);
  const anchor = resolve(before.anchor);
  const head = resolve(before.head);
  const size = newState.doc.content.size;
  if (anchor === null || head === null || anchor > size || head > size) return null;

  const oldAnchorBlock = blockIdAt(oldState, oldState.selection.anchor);
  const oldHeadBlock = blockIdAt(oldState, oldState.selection.head);
  if (oldAnchorBlock == null || oldHeadBlock == null) return null;
  if (blockIdAt(newState, anchor) !== oldAnchorBlock || blockIdAt(newState, head) !== oldHeadBlock)
    return null;

  const { selection } = newState;
  if (selection.anchor === anchor && selection.head === head) return null;
  return newState.tr
    .setSelection(TextSelection.between(newState.doc.resolve(anchor), newState.doc.resolve(head)))
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
