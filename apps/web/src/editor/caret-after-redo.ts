/**
 * Puts the caret right after the text Ctrl+Y writes again, where it stood once that text was typed.
 *
 * y-tiptap keeps the selection with each undo step and hands it to the binding when Yjs reports the
 * step popped, which Yjs does after the step's transaction is over: the binding applies it only at
 * the next Yjs change. So the caret stayed where it was, before the redone text (a caret is tied to
 * the character on its left), and the next word typed went in front of it; the kept selection, applied
 * late, could also point at characters another delegation's split, join or footnote has written again
 * elsewhere. A redo that writes no text (one that deletes again) keeps y-tiptap's selection.
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, TextSelection } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { relativePositionToAbsolutePosition, ySyncPluginKey, yUndoPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';

interface SyncBinding {
  readonly doc: Y.Doc;
  readonly type: Parameters<typeof relativePositionToAbsolutePosition>[1];
  readonly mapping: Parameters<typeof relativePositionToAbsolutePosition>[3];
  beforeTransactionSelection: unknown;
}

interface StackItemPopped {
  readonly type: 'undo' | 'redo';
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
  view.dispatch(
    view.state.tr.setSelection(TextSelection.create(view.state.doc, end)).setMeta('addToHistory', false),
  );
  // Applied, the kept selection would move the caret again at the next change.
  binding.beforeTransactionSelection = null;
}

export const CaretAfterRedo = Extension.create({
  name: 'caretAfterRedo',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('caretAfterRedo'),
        view(view) {
          const binding = (ySyncPluginKey.getState(view.state) as { binding?: SyncBinding } | undefined)
            ?.binding;
          const undoManager = (
            yUndoPluginKey.getState(view.state) as { undoManager?: Y.UndoManager } | undefined
          )?.undoManager;
          if (!binding || !undoManager) return {};
          // Registered after y-tiptap's own listener, so it runs after it.
          const onPopped = ({ type }: StackItemPopped) => {
            if (type === 'redo') placeCaretAfterRedo(view, binding, undoManager);
          };
          undoManager.on('stack-item-popped', onPopped);
          return { destroy: () => undoManager.off('stack-item-popped', onPopped) };
        },
      }),
    ];
  },
});
