/**
 * This user's undo of their own paste (or Enter) keeps a paragraph another delegation typed into
 * meanwhile with its id and kind, the other's words in it: `@accord/ydoc`'s `keepBlockAttributesOnUndo`
 * on the editor's undo manager. Without it the paragraph stayed (y-tiptap never deletes one still
 * holding text) but lost its id and kind, so the server took it for a new paragraph.
 */
import { keepBlockAttributesOnUndo } from '@accord/ydoc';
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { readUndoManager } from './y-binding';

export const KeepBlockAttributesOnUndo = Extension.create({
  name: 'keepBlockAttributesOnUndo',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('keepBlockAttributesOnUndo'),
        view(view) {
          const undoManager = readUndoManager(view.state);
          if (!undoManager) return {};
          return { destroy: keepBlockAttributesOnUndo(undoManager) };
        },
      }),
    ];
  },
});
