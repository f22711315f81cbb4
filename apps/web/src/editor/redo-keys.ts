import { Extension } from '@tiptap/core';

/**
 * The redo keys stay redo when there is nothing to redo. Collaboration's redo command then returns
 * false, and ProseMirror's keymap tries a shifted letter without its Shift: Ctrl+Shift+Z became
 * Collaboration's own Ctrl+Z and undid the user's last change, each extra press flipping it back and
 * forth.
 */
export const RedoKeys = Extension.create({
  name: 'redoKeys',
  // Before Collaboration's own bindings (priority 1000; among equals the later-registered goes first).
  priority: 1100,
  addKeyboardShortcuts() {
    const redo = () => {
      this.editor.commands.redo();
      return true;
    };
    return { 'Shift-Mod-z': redo, 'Mod-y': redo };
  },
});
