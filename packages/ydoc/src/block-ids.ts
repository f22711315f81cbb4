/**
 * Block ids are what positions and comments hang on, so the server keeps them unique and stable
 * whatever a client sends. The editor's unique-id plugin repairs only its own transactions (it skips
 * remote ones), and `readBlocks` can only rename a duplicate by document order, which would let a
 * paragraph inserted above another with the same id take that id, and its positions and comments,
 * from the paragraph that has held it all along. Here, after each change:
 *
 *   - a block without an id (a stock client), or with the id general reservations are kept under
 *     (`WHOLE_TEXT_ID`), gets a fresh one, written into the document;
 *   - of several blocks with one id, the one that held it before the change keeps it (the first in
 *     document order when none did: two clients moved the same paragraph at once), the others get
 *     fresh ones.
 *
 * A change that moves an id from one block to another without duplicating it (the editor splitting a
 * paragraph keeps the id with the text) is the editor's to make and is left alone.
 */
import * as Y from 'yjs';
import { BlockAttr, getFragment, readBlockIdAttribute } from './layout';

/** Which element holds each block id, as of the last scan. */
export type BlockIdOwners = ReadonlyMap<string, Y.XmlElement>;

/** True when `transaction` may have added, removed or re-id'd a block (not for text edits). */
export function touchesBlockIds(transaction: Y.Transaction, doc: Y.Doc): boolean {
  const fragment = getFragment(doc);
  for (const [type, keys] of transaction.changed) {
    if ((type as unknown) === fragment) return true;
    if (type instanceof Y.XmlElement && type.parent === fragment && keys.has(BlockAttr.id)) return true;
  }
  return false;
}

function readId(element: Y.XmlElement): string | null {
  return readBlockIdAttribute(element.getAttribute(BlockAttr.id) as unknown);
}

/** Who holds each block id now, the first in document order for a repeated one; writes nothing. */
export function readBlockIdOwners(doc: Y.Doc): Map<string, Y.XmlElement> {
  const owners = new Map<string, Y.XmlElement>();
  getFragment(doc).forEach((node) => {
    if (!(node instanceof Y.XmlElement)) return;
    const id = readId(node);
    if (id !== null && !owners.has(id)) owners.set(id, node);
  });
  return owners;
}

/**
 * Gives a fresh id (`newId`) to every block element that has none or shares one with a block that held
 * it before (see above), in one transaction with `origin` (none when nothing needs one). Returns who
 * holds each id now, to pass as `previous` next time.
 */
export function repairBlockIds(
  doc: Y.Doc,
  previous: BlockIdOwners,
  newId: () => string,
  origin: unknown,
): Map<string, Y.XmlElement> {
  const owners = new Map<string, Y.XmlElement>();
  const renames: Y.XmlElement[] = [];
  getFragment(doc).forEach((node) => {
    if (!(node instanceof Y.XmlElement)) return;
    const id = readId(node);
    if (id === null) {
      renames.push(node);
      return;
    }
    const holder = owners.get(id);
    if (holder === undefined) owners.set(id, node);
    else if (previous.get(id) === node) {
      // The earlier one in document order is the newcomer.
      renames.push(holder);
      owners.set(id, node);
    } else renames.push(node);
  });
  if (renames.length === 0) return owners;
  doc.transact(() => {
    for (const element of renames) {
      let id = newId();
      while (owners.has(id)) id = newId();
      element.setAttribute(BlockAttr.id, id);
      owners.set(id, element);
    }
  }, origin);
  return owners;
}
