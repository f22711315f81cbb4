/**
 * The body of the drafting room: the Tiptap editor bound to the live Y.Doc, its toolbar, the margin
 * beside each block and the footnotes at the foot of the text.
 */
import type { CouncilDocument } from '@accord/model';
import { FOOTNOTE_NODE, FRAGMENT_NAME } from '@accord/ydoc';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { NodeSelection } from '@tiptap/pm/state';
import { type Editor, EditorContent, useEditor } from '@tiptap/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Me } from '../api/client';
import { CaretAfterUndoRedo } from '../editor/caret-after-undo-redo';
import { CaretThroughRemoteEdits } from '../editor/caret-through-remote-edits';
import { createDocumentExtensions } from '../editor/document-schema';
import { JoinedTextRescue } from '../editor/joined-text-rescue';
import { KeepBlockAttributesOnUndo } from '../editor/keep-block-attributes';
import { LiveNumbering } from '../editor/live-numbering';
import { PasteParagraphs, ReadClipboardIds } from '../editor/paste-paragraphs';
import { PastedMarkers } from '../editor/pasted-markers';
import { RedoKeys } from '../editor/redo-keys';
import type { DocumentConnection } from '../sync/connect-document';
import { BlockMargins, type MarginData } from './BlockMargins';
import { followCaretActivity } from './caret-activity';
import { createCaret } from './create-caret';
import { EditorToolbar } from './EditorToolbar';
import { FootnoteDialog } from './FootnoteDialog';
import { FootnoteList } from './FootnoteList';

interface DocumentEditorProps {
  readonly connection: DocumentConnection;
  readonly live: CouncilDocument;
  readonly editable: boolean;
  readonly me: Me;
  readonly margin: MarginData;
  /**
   * Puts focus at the start of the text once it shows, for a document just made from a form.
   * @default false
   */
  readonly focusText?: boolean;
}

/**
 * What the footnote dialog is doing: writing a new footnote (id null), or changing the footnote with
 * this id, found again on save since others may have edited the text meanwhile.
 */
export type FootnoteEdit = { readonly id: string | null; readonly text: string } | null;

/** The position of the footnote with this id in the editor's document, if it is still there. */
export function findFootnotePos(editor: Editor, id: string): number | null {
  let found: number | null = null;
  editor.state.doc.descendants((node, pos) => {
    if (found !== null) return false;
    if (node.type.name === FOOTNOTE_NODE && node.attrs.id === id) found = pos;
    return node.isBlock;
  });
  return found;
}

/** The key pressed alone, without Shift, Ctrl, Alt or Cmd. */
function isPlainKey(event: KeyboardEvent, key: string): boolean {
  return event.key === key && !event.shiftKey && !event.ctrlKey && !event.altKey && !event.metaKey;
}

/** The margin button of the block with this id, beside the editor whose element is `editorDom`. */
function findMarginButton(editorDom: Element, blockId: unknown): HTMLElement | null {
  if (typeof blockId !== 'string') return null;
  return (
    editorDom
      .closest('.draft-body')
      ?.querySelector<HTMLElement>(`.block-margin[data-block-id="${CSS.escape(blockId)}"] button`) ?? null
  );
}

/** ProseMirror's own room between the caret and the window's edge when it scrolls the caret into view. */
const CARET_SCROLL_MARGIN_PX = 5;

/**
 * Where the window's top edge is for the caret: below the room's toolbar, which stays at the top of the
 * screen over the text (`position: sticky`). ProseMirror, which scrolls the caret into view as one
 * types, knew only the window's edge, so a line under the toolbar stayed there, typed into unseen (a
 * phone turned to landscape mid-edit). Read when ProseMirror scrolls: the toolbar's height changes with
 * the width (it wraps on a phone), and there is none for those who may not edit.
 */
function keepBelowToolbar(draft: { readonly current: Element | null }, margin: number) {
  const edge = () => {
    const toolbar = draft.current?.querySelector(':scope > .toolbar');
    return Math.max(0, toolbar?.getBoundingClientRect().bottom ?? 0);
  };
  return {
    get top() {
      return edge() + margin;
    },
    bottom: margin,
    left: margin,
    right: margin,
  };
}

export function DocumentEditor({
  connection,
  live,
  editable,
  me,
  margin,
  focusText = false,
}: DocumentEditorProps) {
  const [footnoteEdit, setFootnoteEdit] = useState<FootnoteEdit>(null);
  // The room's draft, whose toolbar ProseMirror keeps the caret below when it scrolls.
  const draft = useRef<HTMLDivElement>(null);
  const caretScroll = useMemo(
    () => ({
      scrollThreshold: keepBelowToolbar(draft, 0),
      scrollMargin: keepBelowToolbar(draft, CARET_SCROLL_MARGIN_PX),
    }),
    [],
  );
  // Followed before the editor's caret plugin listens, so a caret drawn anew for a change knows it.
  const caretActivity = useMemo(() => followCaretActivity(connection.provider.awareness), [connection]);
  useEffect(() => () => caretActivity.stop(), [caretActivity]);

  const editor = useEditor(
    {
      extensions: [
        ...createDocumentExtensions({ writeIds: editable }),
        LiveNumbering,
        CaretThroughRemoteEdits,
        JoinedTextRescue.configure({ readConfirmed: () => connection.readDurable() }),
        RedoKeys,
        CaretAfterUndoRedo,
        KeepBlockAttributesOnUndo,
        PastedMarkers,
        ReadClipboardIds,
        PasteParagraphs,
        Collaboration.configure({
          document: connection.doc,
          field: FRAGMENT_NAME,
          provider: connection.provider,
        }),
        CollaborationCaret.configure({
          provider: connection.provider,
          // A placeholder: the server replaces it with the identity of the session.
          user: { name: me.name, delegation: me.delegation },
          render: (user) => {
            const caret = createCaret(user);
            caretActivity.track(caret, user);
            return caret;
          },
        }),
      ],
      editable,
      autofocus: focusText ? 'start' : false,
      editorProps: {
        ...caretScroll,
        attributes: {
          class: 'council-body',
          // Chromium exposes an editable <div> as a generic element, on which ARIA allows neither a
          // name nor aria-readonly: as a multi-line text box, the text is announced with both.
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-label': 'Document text',
          ...(editable ? {} : { 'aria-readonly': 'true' }),
        },
        handleClickOn: (_view, _pos, node) => {
          if (!editable || node.type.name !== FOOTNOTE_NODE) return false;
          setFootnoteEdit({ id: String(node.attrs.id), text: String(node.attrs.text ?? '') });
          return true;
        },
        handleKeyDown: (view, event) => {
          const { selection } = view.state;
          // Tab goes to the margin of the paragraph holding the caret, not to the first paragraph's:
          // a delegate reading paragraph 30 states a position with Tab and Enter, not 30 Tabs.
          if (isPlainKey(event, 'Tab')) {
            const margin = findMarginButton(view.dom, selection.$from.node(1)?.attrs.id);
            if (margin) {
              event.preventDefault();
              margin.focus();
              return true;
            }
          }
          if (
            editable &&
            event.key === 'Enter' &&
            selection instanceof NodeSelection &&
            selection.node.type.name === FOOTNOTE_NODE
          ) {
            setFootnoteEdit({
              id: String(selection.node.attrs.id),
              text: String(selection.node.attrs.text ?? ''),
            });
            return true;
          }
          return false;
        },
      },
    },
    [connection, editable],
  );

  // The footnote list's Edit button the dialog was opened from, if it was: focus goes back there when
  // the dialog closes, and otherwise (the toolbar, Enter or a click on a footnote) to the text at the
  // caret. The dialog then closes after the edit is made, so no other focus (the browser's, to the
  // element that had it before the dialog opened) comes after it.
  const footnoteOpener = useRef<HTMLElement | null>(null);
  const editFootnote = useCallback((id: string, text: string) => {
    footnoteOpener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setFootnoteEdit({ id, text });
  }, []);

  const saveFootnote = (text: string) => {
    if (footnoteEdit === null) return;
    if (footnoteEdit.id === null) {
      editor.chain().insertFootnote(text).run();
    } else {
      const pos = findFootnotePos(editor, footnoteEdit.id);
      if (pos !== null) editor.chain().setFootnoteText(pos, text).run();
    }
  };
  const closeFootnote = () => {
    const opener = footnoteOpener.current;
    footnoteOpener.current = null;
    setFootnoteEdit(null);
    if (opener?.isConnected) opener.focus();
    else editor.commands.focus();
  };

  return (
    <div className="draft" ref={draft}>
      {editable && <EditorToolbar editor={editor} onFootnote={(edit) => setFootnoteEdit(edit)} />}
      <div className="draft-body">
        <EditorContent editor={editor} />
        <BlockMargins editor={editor} blocks={live.blocks} margin={margin} />
      </div>
      <FootnoteList footnotes={live.footnotes} onEdit={editable ? editFootnote : null} />
      <FootnoteDialog
        initialText={footnoteEdit?.text ?? null}
        title={footnoteEdit?.id === null ? 'New footnote' : 'Edit footnote'}
        onSave={saveFootnote}
        onClose={closeFootnote}
      />
    </div>
  );
}
