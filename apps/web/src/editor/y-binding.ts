/**
 * What the editor's extensions read of y-tiptap's plugin states, which its types leave out: the sync
 * binding (the Y.Doc, its fragment and the mapping to ProseMirror nodes) and the undo manager.
 */
import type { EditorState } from '@tiptap/pm/state';
import {
  getRelativeSelection,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
  yUndoPluginKey,
} from '@tiptap/y-tiptap';
import type * as Y from 'yjs';

/** A selection as y-tiptap keeps it (`getRelativeSelection`), before a transaction or with an undo step. */
export interface KeptSelection {
  readonly type: unknown;
  readonly anchor: unknown;
  readonly head: unknown;
}

export interface SyncBinding {
  readonly doc: Y.Doc;
  readonly type: Parameters<typeof relativePositionToAbsolutePosition>[1];
  readonly mapping: Parameters<typeof relativePositionToAbsolutePosition>[3];
  /** The selection the binding puts back at the next Yjs change; null for the one then current. */
  beforeTransactionSelection: KeptSelection | null;
}

export function readSyncBinding(state: EditorState): SyncBinding | undefined {
  return (ySyncPluginKey.getState(state) as { binding?: SyncBinding } | undefined)?.binding;
}

export function readUndoManager(state: EditorState): Y.UndoManager | undefined {
  return (yUndoPluginKey.getState(state) as { undoManager?: Y.UndoManager } | undefined)?.undoManager;
}

/** The editor's selection as y-tiptap keeps it, in the Y.Doc's terms: it follows the text it stands by. */
export function keepSelection(binding: SyncBinding, state: EditorState): KeptSelection {
  return getRelativeSelection(binding as unknown as Parameters<typeof getRelativeSelection>[0], state);
}

/** A kept text selection's anchor and head in the document now; null for another kind, or one gone. */
export function resolveKeptTextSelection(
  binding: SyncBinding,
  kept: KeptSelection | null | undefined,
): { anchor: number; head: number } | null {
  if (kept?.type !== 'text' || !kept.anchor || !kept.head) return null;
  const resolve = (relative: unknown) =>
    relativePositionToAbsolutePosition(
      binding.doc,
      binding.type,
      relative as Y.RelativePosition,
      binding.mapping,
    );
  const anchor = resolve(kept.anchor);
  const head = resolve(kept.head);
  return anchor == null || head == null ? null : { anchor, head };
}
