/**
 * A numbering restart (the annex's first paragraph starting again at 1) belongs on a numbered
 * paragraph. The editor's kind change hands a numbered paragraph's restart to the next numbered one
 * (`changeBlockKind`), but two delegates acting at once, one choosing "Restart numbering here" while
 * the other makes the paragraph a heading, merge into a heading that carries a restart: the readers
 * ignore it, so the annex silently went on from the cover note's count, and the restart came back
 * unbidden the day someone made the heading numbered again. The server repairs that after each
 * change, as the kind change would have done had the two come one after the other: the restart goes
 * to the next numbered paragraph unless that one restarts the count itself, and leaves the block
 * that shows no number.
 */
import * as Y from 'yjs';
import { BlockAttr, getFragment } from './layout';

/** True when `transaction` may have left a restart on a block that is not numbered. */
export function touchesRestarts(transaction: Y.Transaction, doc: Y.Doc): boolean {
  const fragment = getFragment(doc);
  for (const [type, keys] of transaction.changed) {
    if ((type as unknown) === fragment) return true;
    if (
      type instanceof Y.XmlElement &&
      type.parent === fragment &&
      (keys.has(BlockAttr.kind) || keys.has(BlockAttr.start))
    )
      return true;
  }
  return false;
}

function isRestart(value: unknown): value is number | string {
  const start = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isInteger(start) && start > 0;
}

/**
 * Moves every restart found on a block that is not numbered to the next numbered block that has
 * none (the nearest one when several wait for the same), in one transaction with `origin`; drops it
 * when there is no such block. Returns how many blocks it changed (0: nothing written).
 */
export function repairHiddenRestarts(doc: Y.Doc, origin: unknown): number {
  const cleared: Y.XmlElement[] = [];
  const given: [Y.XmlElement, number | string][] = [];
  let waiting: number | string | null = null;
  getFragment(doc).forEach((node) => {
    if (!(node instanceof Y.XmlElement)) return;
    const start = node.getAttribute(BlockAttr.start) as unknown;
    if (node.getAttribute(BlockAttr.kind) !== 'numbered') {
      if (start === undefined || start === null) return;
      cleared.push(node);
      if (isRestart(start)) waiting = start;
      return;
    }
    if (waiting !== null && !isRestart(start)) given.push([node, waiting]);
    waiting = null;
  });
  if (cleared.length === 0) return 0;
  doc.transact(() => {
    for (const element of cleared) element.removeAttribute(BlockAttr.start);
    // y-prosemirror stores attribute values as they are; the editor schema's `start` is a number.
    for (const [element, start] of given) element.setAttribute(BlockAttr.start, start as string);
  }, origin);
  return cleared.length + given.length;
}
