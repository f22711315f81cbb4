import { isBlockKind } from '@accord/model';
import { FOOTNOTE_NODE } from '@accord/ydoc';
import { NodeSelection } from '@tiptap/pm/state';
import { type Editor, useEditorState } from '@tiptap/react';
import { BlockKindSelect } from './BlockKindSelect';
import type { FootnoteEdit } from './DocumentEditor';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl';

interface EditorToolbarProps {
  readonly editor: Editor;
  readonly onFootnote: (edit: FootnoteEdit) => void;
}

export function EditorToolbar({ editor, onFootnote }: EditorToolbarProps) {
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => {
      const { selection } = e.state;
      const block = selection.$from.parent;
      const footnote =
        selection instanceof NodeSelection && selection.node.type.name === FOOTNOTE_NODE
          ? selection.node
          : null;
      return {
        kind: isBlockKind(block.attrs.kind) ? block.attrs.kind : null,
        restarted: block.attrs.kind === 'numbered' && typeof block.attrs.start === 'number',
        bracket: e.isActive('bracket'),
        footnote: footnote
          ? { id: String(footnote.attrs.id), text: String(footnote.attrs.text ?? '') }
          : null,
      };
    },
  });

  return (
    <div className="toolbar" role="toolbar" aria-label="Formatting">
      <BlockKindSelect
        kind={state.kind}
        onApply={(kind, focusText) => {
          const chain = focusText ? editor.chain().focus() : editor.chain();
          (kind === state.kind ? chain : chain.setBlockKind(kind)).run();
        }}
      />
      <button
        type="button"
        aria-pressed={state.bracket}
        title={`Square brackets: not yet agreed (${MOD}+Shift+B)`}
        onClick={() => editor.chain().focus().toggleBracket().run()}
      >
        <span aria-hidden="true">[ ]</span> Brackets
      </button>
      <button
        type="button"
        title={state.footnote ? 'Edit the selected footnote (Enter)' : 'Insert a footnote at the cursor'}
        onClick={() => onFootnote(state.footnote ?? { id: null, text: '' })}
      >
        {state.footnote ? 'Edit footnote' : 'Footnote'}
      </button>
      <button
        type="button"
        aria-pressed={state.restarted}
        disabled={state.kind !== 'numbered'}
        title="Number this paragraph 1 and continue from there, as where an annex begins"
        onClick={() =>
          editor
            .chain()
            .focus()
            .setNumberingStart(state.restarted ? null : 1)
            .run()
        }
      >
        Restart numbering here
      </button>
    </div>
  );
}
