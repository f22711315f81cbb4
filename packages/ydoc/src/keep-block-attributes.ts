/**
 * Keeps the attributes (id, kind, start) of a paragraph this client's undo takes back but cannot
 * delete: one its step created (pasted paragraphs, an Enter's second part) that someone else typed
 * into meanwhile. y-prosemirror's undo manager never deletes a paragraph or a text run still holding
 * text (its `deleteFilter`), but it deleted the paragraph's attributes with the rest of the step, so
 * the other's words stayed in a paragraph without id or kind: a new block to the server (`block-ids`
 * gives it a fresh id, so positions and comments on it are lost), a numbered paragraph a plain one.
 *
 * The filter is told nothing of the step being undone, so the step is read as the undo manager's
 * transaction begins: the top of the stack it pops.
 */
import * as Y from 'yjs';
import { BLOCK_NODE } from './layout';

type StackItem = Y.UndoManager['undoStack'][number];

/** Wraps `undoManager`'s delete filter (see above); returns the function that puts the old one back. */
export function keepBlockAttributesOnUndo(undoManager: Y.UndoManager): () => void {
  const { doc } = undoManager;
  const filter = undoManager.deleteFilter;
  let step: StackItem | null = null;
  const onBeforeTransaction = (transaction: Y.Transaction) => {
    if (transaction.origin !== undoManager) return;
    const stack = undoManager.undoing ? undoManager.undoStack : undoManager.redoStack;
    step = stack[stack.length - 1] ?? null;
  };
  const onAfterTransaction = (transaction: Y.Transaction) => {
    if (transaction.origin === undoManager) step = null;
  };
  undoManager.deleteFilter = (item) =>
    filter(item) && !(step !== null && isAttributeOfKeptBlock(item, step.insertions));
  doc.on('beforeTransaction', onBeforeTransaction);
  doc.on('afterTransaction', onAfterTransaction);
  return () => {
    undoManager.deleteFilter = filter;
    doc.off('beforeTransaction', onBeforeTransaction);
    doc.off('afterTransaction', onAfterTransaction);
  };
}

/**
 * Whether `item` is an attribute of a paragraph the step created (`inserted`, what it takes back) that
 * holds content the step did not write, so the paragraph stays.
 */
function isAttributeOfKeptBlock(item: Y.Item, inserted: StackItem['insertions']): boolean {
  const element = item.parent;
  if (item.parentSub === null || !(element instanceof Y.XmlElement) || element.nodeName !== BLOCK_NODE)
    return false;
  const own = element._item;
  if (own === null || own.deleted || !Y.isDeleted(inserted, own.id)) return false;
  const isOthers = (child: Y.Item) => !child.deleted && child.countable && !Y.isDeleted(inserted, child.id);
  for (let child = element._start; child !== null; child = child.right) {
    if (isOthers(child)) return true;
    const run = child.content instanceof Y.ContentType ? child.content.type : null;
    if (child.deleted || !(run instanceof Y.XmlText)) continue;
    for (let unit = run._start; unit !== null; unit = unit.right) if (isOthers(unit)) return true;
  }
  return false;
}
