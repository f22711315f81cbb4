/**
 * Keeps what this user typed into a paragraph someone else joined onto the one before, or split in
 * two, or put a footnote in, before the typing reached them: `@accord/ydoc`'s `startJoinedTextRescue`
 * writes the characters again where the paragraph's text went (after a footnote put where they were
 * typed, when the server had not confirmed them: `readConfirmed`), as a Yjs transaction of its own
 * after the remote one. Here, for the editor:
 *
 * - the caret: y-prosemirror ties a caret to the character on its left, so one left where the
 *   characters go back in (caret-through-remote-edits.ts puts it after the copy of what preceded it)
 *   would stay before them; it is put after them, where it was before the join, so typing goes on in
 *   order; the same for a caret left where a split's characters are taken from (the first part's end);
 * - undo: the undo manager tracks the rescue's origin, so Ctrl+Z takes the rescued characters back as
 *   it takes back the typing they come from (that typing went with the paragraph: undoing it alone
 *   would change nothing and Ctrl+Z would go on to an older change). For the same reason the rescue
 *   is given the undo manager: typing that had reached the others, which their join, split or footnote
 *   wrote again as theirs, is taken back through that copy.
 */
import { JOINED_TEXT_RESCUE, type RescuedRun, startJoinedTextRescue } from '@accord/ydoc';
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, TextSelection } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { relativePositionToAbsolutePosition } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { readSyncBinding, readUndoManager, type SyncBinding } from './y-binding';

/**
 * Moves a caret standing where rescued characters went, or where they were taken from (a split leaves
 * them at the end of the first part, the caret after them), to after them.
 */
function placeCaretAfterRescue(view: EditorView, binding: SyncBinding, runs: readonly RescuedRun[]): void {
  const { selection } = view.state;
  if (!(selection instanceof TextSelection) || !selection.empty) return;
  const locate = (text: Y.XmlText, index: number, assoc: number) =>
    relativePositionToAbsolutePosition(
      binding.doc,
      binding.type,
      Y.createRelativePositionFromTypeIndex(text, index, assoc),
      binding.mapping,
    );
  for (const run of runs) {
    const stoodThere =
      locate(run.text, run.index, 0) === selection.head ||
      (run.from !== undefined && locate(run.from.text, run.from.index, 0) === selection.head);
    if (!stoodThere) continue;
    const end = locate(run.text, run.index + run.length, -1);
    if (end === null) return;
    view.dispatch(
      view.state.tr.setSelection(TextSelection.create(view.state.doc, end)).setMeta('addToHistory', false),
    );
    return;
  }
}

export interface JoinedTextRescueOptions {
  /**
   * What the server has confirmed, a state vector (the sync's durable acks): this user's characters
   * beyond it, typed where another puts a footnote, go after the footnote.
   * @default null: every character counts as seen
   */
  readonly readConfirmed: (() => ReadonlyMap<number, number>) | null;
}

export const JoinedTextRescue = Extension.create<JoinedTextRescueOptions>({
  name: 'joinedTextRescue',
  addOptions: () => ({ readConfirmed: null }),
  addProseMirrorPlugins() {
    const { readConfirmed } = this.options;
    return [
      new Plugin({
        key: new PluginKey('joinedTextRescue'),
        view(view) {
          const binding = readSyncBinding(view.state);
          if (!binding) return {};
          const undoManager = readUndoManager(view.state);
          undoManager?.addTrackedOrigin(JOINED_TEXT_RESCUE);
          const stop = startJoinedTextRescue(binding.doc, {
            origin: JOINED_TEXT_RESCUE,
            onRescue: (runs) => placeCaretAfterRescue(view, binding, runs),
            ...(readConfirmed ? { readConfirmed } : {}),
            ...(undoManager ? { undoManager } : {}),
          });
          return {
            destroy() {
              stop();
              undoManager?.removeTrackedOrigin(JOINED_TEXT_RESCUE);
            },
          };
        },
      }),
    ];
  },
});
