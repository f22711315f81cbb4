/**
 * Puts the caret where a user expects it after Ctrl+Z and Ctrl+Y, at once.
 *
 * y-tiptap keeps the selection with each undo step and hands it to the binding when Yjs reports the
 * step popped, which Yjs does after the step's transaction is over: the binding applies it only at
 * the next Yjs change (y-prosemirror issues 186 and 190). So after Ctrl+Z of a Backspace the caret
 * stood before the character brought back (a caret is tied to the character on its left), and the
 * next word went in front of it; after Ctrl+Y it stood before the redone text. The kept selection,
 * applied late, could also point at characters another delegation's split, join or footnote has
 * written again elsewhere. Here, an undo applies the kept selection (a text selection; others are
 * left to y-tiptap) and a redo that writes text puts the caret after the last character it wrote (a
 * redo that only deletes keeps y-tiptap's selection); either way the kept selection is then dropped.
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type Selection, TextSelection } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { relativePositionToAbsolutePosition } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import {
  type KeptSelection,
  readSyncBinding,
  readUndoManager,
  resolveKeptTextSelection,
  type SyncBinding,
} from './y-binding';

interface StackItemPopped {
  readonly type: 'undo' | 'redo';
  readonly stackItem: Y.UndoManager['undoStack'][number];
}

/** The editor position right after the last character, in the text's order, that `written` holds. */
function findEndOfWritten(binding: SyncBinding, written: Y.UndoManager['undoStack'][number]['insertions']) {
  let end: number | null = null;
  for (const [client, ranges] of written.clients) {
    for (const { clock, len } of ranges) {
      for (let at = clock; at < clock + len; ) {
        const item = Y.getItem(binding.doc.store, Y.createID(client, at));
        const next = item.id.clock + item.length;
        if (item instanceof Y.Item && !item.deleted && item.content instanceof Y.ContentString) {
          const last = Math.min(next, clock + len) - 1;
          const after = Y.createRelativePositionFromJSON({ item: { client, clock: last }, assoc: -1 });
          const pos = relativePositionToAbsolutePosition(binding.doc, binding.type, after, binding.mapping);
          if (pos !== null && (end === null || pos > end)) end = pos;
        }
        at = next;
      }
    }
  }
  return end;
}

function placeCaretAfterRedo(view: EditorView, binding: SyncBinding, undoManager: Y.UndoManager): void {
  // The redo's own step, just put on the undo stack: what it wrote.
  const step = undoManager.undoStack[undoManager.undoStack.length - 1];
  if (step === undefined) return;
  const end = findEndOfWritten(binding, step.insertions);
  if (end === null) return;
  selectNow(view, binding, TextSelection.create(view.state.doc, end));
}

/** Applies the selection kept with the undone step (where the caret stood before it), a text one. */
function restoreSelectionAfterUndo(view: EditorView, binding: SyncBinding, kept: KeptSelection | undefined) {
  const resolved = resolveKeptTextSelection(binding, kept);
  if (resolved === null) return;
  const { doc } = view.state;
  selectNow(view, binding, TextSelection.between(doc.resolve(resolved.anchor), doc.resolve(resolved.head)));
}

function selectNow(view: EditorView, binding: SyncBinding, selection: Selection): void {
  view.dispatch(view.state.tr.setSelection(selection).setMeta('addToHistory', false));
  // Applied, the kept selection would move the caret again at the next change (another's keystroke).
  binding.beforeTransactionSelection = null;
}

export const CaretAfterUndoRedo = Extension.create({
  name: 'caretAfterUndoRedo',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('caretAfterUndoRedo'),
        view(view) {
          const binding = readSyncBinding(view.state);
          const undoManager = readUndoManager(view.state);
          if (!binding || !undoManager) return {};
          // Registered after y-tiptap's own listener, so it runs after it.
          const onPopped = ({ type, stackItem }: StackItemPopped) => {
            if (type === 'redo') placeCaretAfterRedo(view, binding, undoManager);
            else
              restoreSelectionAfterUndo(
                view,
                binding,
                stackItem.meta.get(binding) as KeptSelection | undefined,
              );
          };
          undoManager.on('stack-item-popped', onPopped);
          return { destroy: () => undoManager.off('stack-item-popped', onPopped) };
        },
      }),
    ];
  },
});
