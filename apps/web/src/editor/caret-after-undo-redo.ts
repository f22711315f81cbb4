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
 * left to y-tiptap), and a redo that writes text puts the caret where it stood right after the
 * step's last change, as Word and Google Docs do: kept with the step as it is made, and with its redo
 * when it is undone. So after Ctrl+Y of an Enter the caret is at the start of the new paragraph, and of
 * words typed in two places at the end of the later typed. When that place is not at what the redo
 * wrote (the characters it stood by were written again elsewhere by another delegation's split, join
 * or footnote), the caret goes after the last character the redo wrote, in the text's order. A redo
 * that only deletes keeps y-tiptap's selection; either way the kept selection is then dropped.
 *
 * The selection an undo applies is the one before the step's first change, kept here. y-tiptap keeps
 * the one before the last transaction of the dispatch that made the step: after an Enter that is
 * UniqueID's, which gives the new paragraph its id, so the caret was already in the new paragraph that
 * the undo removes, and Ctrl+Z put it 2 characters on (or in the next paragraph after an Enter at the
 * end of one). `keepBeforeChange` keeps the selection before the dispatch's own transaction instead.
 */
import { Extension } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import {
  type EditorState,
  Plugin,
  PluginKey,
  type Selection,
  TextSelection,
  type Transaction,
} from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import {
  type KeptSelection,
  keepSelection,
  readSyncBinding,
  readUndoManager,
  resolveKeptTextSelection,
  type SyncBinding,
} from './y-binding';

type StackItem = Y.UndoManager['undoStack'][number];

interface StackItemEvent {
  readonly type: 'undo' | 'redo';
  readonly stackItem: StackItem;
  readonly origin?: unknown;
}

/** The meta key of the selection right after a step's last change, kept with the step and its redo. */
const CARET_AFTER = Symbol('caretAfter');

/** What `keep` read of the state before a dispatch's change, and the document that dispatch left. */
export interface BeforeChange<T> {
  readonly kept: T;
  readonly doc: ProseMirrorNode;
}

/**
 * A plugin state holding what `keep` reads of the state before the last dispatch that changed the
 * document: before its first transaction, not before one a plugin appended to it (UniqueID's ids).
 * `doc` is the document the whole dispatch left, so a reader can tell the change is that dispatch's.
 */
export function keepBeforeChange<T>(
  key: PluginKey<BeforeChange<T> | null>,
  keep: (state: EditorState, tr: Transaction) => T,
): Plugin<BeforeChange<T> | null> {
  return new Plugin<BeforeChange<T> | null>({
    key,
    state: {
      init: () => null,
      apply: (tr, value, oldState, newState) => {
        if (tr.getMeta('appendedTransaction') !== undefined)
          return value === null ? null : { kept: value.kept, doc: newState.doc };
        return tr.docChanged ? { kept: keep(oldState, tr), doc: newState.doc } : value;
      },
    },
  });
}

const selectionBeforeChangeKey = new PluginKey<BeforeChange<KeptSelection | null> | null>(
  'selectionBeforeChange',
);

/** What a step wrote, as it stands: its characters' ranges and the paragraphs it made, by their start. */
interface Written {
  readonly ranges: readonly { readonly from: number; readonly to: number }[];
  readonly blockStarts: ReadonlySet<number>;
}

function readWritten(binding: SyncBinding, written: StackItem['insertions']): Written {
  const ranges: { from: number; to: number }[] = [];
  const blockStarts = new Set<number>();
  const toPosition = (relative: Y.RelativePosition) =>
    relativePositionToAbsolutePosition(binding.doc, binding.type, relative, binding.mapping);
  for (const [client, clockRanges] of written.clients) {
    for (const { clock, len } of clockRanges) {
      for (let at = clock; at < clock + len; ) {
        const item = Y.getItem(binding.doc.store, Y.createID(client, at));
        const next = item.id.clock + item.length;
        if (item instanceof Y.Item && !item.deleted) {
          if (item.content instanceof Y.ContentString) {
            const first = Math.max(at, item.id.clock);
            const last = Math.min(next, clock + len) - 1;
            const from = toPosition(
              Y.createRelativePositionFromJSON({ item: { client, clock: first }, assoc: 0 }),
            );
            const to = toPosition(
              Y.createRelativePositionFromJSON({ item: { client, clock: last }, assoc: -1 }),
            );
            if (from !== null && to !== null) ranges.push({ from, to });
          } else if (item.content instanceof Y.ContentType && item.content.type instanceof Y.XmlElement) {
            const start = toPosition(Y.createRelativePositionFromTypeIndex(item.content.type, 0));
            if (start !== null) blockStarts.add(start);
          }
        }
        at = next;
      }
    }
  }
  return { ranges, blockStarts };
}

/** Whether `head` stands by what a step wrote: at one of its characters, or in a paragraph it made. */
function standsByWritten(doc: ProseMirrorNode, head: number, written: Written): boolean {
  if (head < 0 || head > doc.content.size) return false;
  const $head = doc.resolve(head);
  if (!$head.parent.isTextblock) return false;
  if (written.ranges.some(({ from, to }) => from <= head && head <= to)) return true;
  return [...written.blockStarts].some(
    (start) => start >= 0 && start <= doc.content.size && doc.resolve(start).start() === $head.start(),
  );
}

function placeCaretAfterRedo(
  view: EditorView,
  binding: SyncBinding,
  undoManager: Y.UndoManager,
  caretAfter: KeptSelection | undefined,
): void {
  // The redo's own step, just put on the undo stack: what it wrote.
  const step = undoManager.undoStack[undoManager.undoStack.length - 1];
  if (step === undefined) return;
  const written = readWritten(binding, step.insertions);
  const kept = resolveKeptTextSelection(binding, caretAfter);
  const { doc } = view.state;
  let caret: number | null = null;
  if (kept !== null && standsByWritten(doc, kept.head, written)) caret = kept.head;
  else for (const { to } of written.ranges) if (caret === null || to > caret) caret = to;
  if (caret === null) return;
  selectNow(view, binding, TextSelection.create(doc, caret));
  step.meta.set(CARET_AFTER, keepSelection(binding, view.state));
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
      keepBeforeChange(selectionBeforeChangeKey, (state, tr) => {
        // Another's change or an undo, read from the Y.Doc (already changed), makes no step of this editor's.
        if ((tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin)
          return null;
        const binding = readSyncBinding(state);
        return binding ? keepSelection(binding, state) : null;
      }),
      new Plugin({
        key: new PluginKey('caretAfterUndoRedo'),
        view(view) {
          const binding = readSyncBinding(view.state);
          const undoManager = readUndoManager(view.state);
          if (!binding || !undoManager) return {};
          // Where the caret stands once this editor's change is in a step: the step's last change so far.
          const onChanged = ({ type, stackItem, origin }: StackItemEvent) => {
            if (type === 'undo' && origin === ySyncPluginKey)
              stackItem.meta.set(CARET_AFTER, keepSelection(binding, view.state));
          };
          // A new step of this editor's: the selection an undo restores is the one before its change.
          // Registered after y-tiptap's own listener, so it overwrites y-tiptap's.
          const onAdded = (event: StackItemEvent) => {
            onChanged(event);
            if (event.type !== 'undo' || event.origin !== ySyncPluginKey) return;
            const before = selectionBeforeChangeKey.getState(view.state);
            if (before?.kept && before.doc === view.state.doc) event.stackItem.meta.set(binding, before.kept);
          };
          // Registered after y-tiptap's own listener, so it runs after it.
          const onPopped = ({ type, stackItem }: StackItemEvent) => {
            if (type === 'redo') {
              placeCaretAfterRedo(
                view,
                binding,
                undoManager,
                stackItem.meta.get(CARET_AFTER) as KeptSelection | undefined,
              );
              return;
            }
            // The undone step's redo, just put on the redo stack, keeps where its change left the caret.
            const redo = undoManager.redoStack[undoManager.redoStack.length - 1];
            if (redo !== undefined && stackItem.meta.has(CARET_AFTER))
              redo.meta.set(CARET_AFTER, stackItem.meta.get(CARET_AFTER));
            restoreSelectionAfterUndo(
              view,
              binding,
              stackItem.meta.get(binding) as KeptSelection | undefined,
            );
          };
          undoManager.on('stack-item-added', onAdded);
          undoManager.on('stack-item-updated', onChanged);
          undoManager.on('stack-item-popped', onPopped);
          return {
            destroy: () => {
              undoManager.off('stack-item-added', onAdded);
              undoManager.off('stack-item-updated', onChanged);
              undoManager.off('stack-item-popped', onPopped);
            },
          };
        },
      }),
    ];
  },
});
