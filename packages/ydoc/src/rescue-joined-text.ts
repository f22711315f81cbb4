/**
 * Keeps the characters this client typed into a paragraph that someone else joined onto the one before
 * before those characters reached them.
 *
 * A Backspace at the start of paragraph X reaches Yjs (through y-prosemirror) as: X's element deleted,
 * and X's content, as the joining client knew it, written again as new items at the end of the
 * paragraph W before it. Characters another client had typed into X and not yet sent are integrated
 * into X's deleted text on every replica and vanish for everyone, their author included, although the
 * text they belonged to lives on in W.
 *
 * Each client rescues its own: after a transaction that is not its own (`transaction.local` false)
 * deletes a paragraph X, it compares what W (the nearest earlier paragraph still there) gained at its
 * end in that transaction with X's content just before it. What the joining client could not have seen
 * of ours is the last of our characters in X in the order we sent them (a peer knows a prefix of each
 * client's clock, and our ids are used one after the other), as many as the copy is shorter than X.
 * When the copy is exactly X's content without those (text, and footnotes by name and id, one position
 * each), they are written into W where they stood, after the copied text they followed, with their
 * format attributes (the `bracket` mark), in a transaction of this client with `origin`, so they reach
 * everyone. Anything else is left alone: a copy that already holds them (nothing was missing), a
 * deletion (W gained nothing), a change that also took from W (a selection from inside W into X,
 * deleted, may have taken our characters on purpose), a copy that differs otherwise (another client's
 * unsent characters, a footnote of ours, our own unsent deletions in X), or a paragraph whose text goes
 * elsewhere. One deletion reads as a join all the same: a selection from the very end of W over the
 * last characters we sent into X, at its start; those come back (seen, and visible, not lost).
 *
 * Only this client's characters, by the client ids this Y.Doc has written with (Yjs changes
 * `doc.clientID` when a remote update uses it): two clients never both write the same characters.
 *
 * A split is the same loss the other way: an Enter in X deletes X's text from the caret on and writes
 * it again in a new paragraph N after X (see `planSplitRescue`). Our unsent characters in that text
 * stay behind at the end of X, or go with a text run the split deleted whole; they are written into
 * N after the copied text they followed, and deleted from X where they stayed.
 *
 * A footnote inserted inside a text run T is the same loss within a paragraph (see
 * `planFootnoteRescue`): y-prosemirror deletes T's text after it and writes that again as a new run
 * after the footnote, so our unsent characters in that text stay behind in T, before the footnote;
 * they are written into the new run after the copied text they followed. And a footnote put exactly
 * where our characters stand, which its author could not see, was put where we typed them: ours and
 * theirs are two inserts at one place, which Yjs orders by client id, and here the footnote's element
 * always comes after the run holding ours. Our characters the server has not confirmed
 * (`readConfirmed`) at the end of T, right before the new footnote, go after it, where the caret was.
 *
 * A footnote deleted from between two text runs L and R is a join within the paragraph (see
 * `planFootnoteRemovalRescue`): y-prosemirror writes R's text again at the end of L, and deletes the
 * footnote and R; our characters in R that had not reached its author are written into L as for a join.
 *
 * A join also brings back what this client had cut from X and the joining client had not yet seen (a
 * deletion made offline, or the text an Enter moved into a new paragraph, then in the text twice): see
 * `planCopiedCutRemoval`. Those parts of the copy are deleted again, when the copy is exactly X's
 * content with some of our cuts, each whole where it stood, and without the last of our characters
 * (written back as above). This client's cuts are recorded as it makes them (`recordOwnCuts`): by the
 * time a join arrives, their characters are gone. Others' typing after the copy, brought by the same
 * update (all that was missed offline), is not taken for part of it, nor the joining client's next
 * keystrokes at the join, before it (`findCopyStart`): our characters go after those, where the
 * editor puts our caret.
 *
 * Undo: a join's, split's or footnote's copy (a footnote inserted or deleted) is the other client's,
 * so an undo step that typed our characters in it would take back nothing; given this client's undo
 * manager, the rescue adds each copy of our characters to the steps that typed them
 * (`followCopiesInUndo`), and to the redo steps that delete them (words an undo brought back, ours, which a redo would otherwise delete only where
 * they had been, leaving the copy on screen). Redo of characters
 * already undone when a join, split or footnote came: Yjs writes a redone character after the one it
 * followed, in its own text run, so it came back in the first part of a split (or before the
 * footnote), or not at all from a joined paragraph; the copy lacks it (its author never saw it). The
 * rescue writes such characters where they go in the copy, deleted at once and kept, and has the redo
 * steps write those instead (`planRedoMoves`, `writeRedoPlaceholders`), in a transaction no undo
 * manager tracks (one that did would clear the redo stack). The same for characters (anyone's) this
 * client deleted before the join, split or footnote, which an undo step writes again.
 *
 * Timing: deleted items keep their content only until the transaction's cleanup garbage-collects them
 * (`gc` is on by default), which follows the `afterTransaction` event, so the plan is made there, with
 * relative positions in W. It is carried out in a microtask, as a transaction of its own once the remote
 * one and its observers are over: an editor bound to the document (y-prosemirror) then sees it as a
 * change of its own, with the selection it had after the join, rather than inside the remote batch.
 */
import * as Y from 'yjs';
import { BLOCK_NODE, FootnoteAttr, getFragment } from './layout';

/** The default origin of a rescue transaction. */
export const JOINED_TEXT_RESCUE = Symbol('joined-text-rescue');

/** The origin of the transactions that write a redo's placeholders: no undo manager's to track. */
const REDO_PLACEHOLDERS = Symbol('redo-placeholders');

export interface JoinedTextRescueOptions {
  /**
   * The origin of the transactions that write rescued characters back, e.g. one the editor's undo
   * manager tracks, so that Ctrl+Z takes back the rescued copy of what the user typed.
   * @default JOINED_TEXT_RESCUE
   */
  readonly origin?: unknown;
  /**
   * Called after each rescue with what was written, e.g. to put the caret after the characters when it
   * stood where they went (it stood after them before the join).
   * @default none
   */
  readonly onRescue?: (runs: readonly RescuedRun[]) => void;
  /**
   * What the server has confirmed, a state vector: our characters beyond it may not have reached the
   * client that put a footnote right after them, so they go after it (see above). Read when a remote
   * change arrives.
   * @default none: every character counts as seen, and a footnote stays after them
   */
  readonly readConfirmed?: () => ReadonlyMap<number, number>;
  /**
   * This client's undo manager: a step of it that typed characters another client's join, split or
   * footnote wrote again (as that client's) takes back their copies, so Ctrl+Z still takes back what
   * was typed, not nothing or an older change. Redo brings the copies back.
   * @default none
   */
  readonly undoManager?: Y.UndoManager;
}

/** Characters written back: `length` UTF-16 units at `index` of `text`, as they stood just after. */
export interface RescuedRun {
  readonly text: Y.XmlText;
  readonly index: number;
  readonly length: number;
  /**
   * Where the characters were taken from, as it stands just after (a split leaves them behind at the
   * end of the paragraph split): a caret after them there follows them.
   */
  readonly from?: { readonly text: Y.XmlText; readonly index: number };
}

/** One position of a paragraph's content: a UTF-16 unit of text, or an inline element (a footnote). */
interface Position {
  readonly item: Y.Item;
  /** The unit's offset in its item; 0 for an element. */
  readonly offset: number;
  /** The text unit, or null for an element. */
  readonly char: string | null;
  readonly attributes: Readonly<Record<string, unknown>>;
  /** The Y.XmlText holding the unit, or the paragraph holding the element. */
  readonly parent: Y.XmlText | Y.XmlElement;
  /** The unit's index in its Y.XmlText, or the element's index among the paragraph's children. */
  readonly index: number;
}

/** One of our positions, and the position another client's join, split or footnote wrote it again as. */
interface CopiedPosition {
  readonly original: Y.ID;
  readonly copy: Y.ID;
}

/**
 * What a join, split or footnote means for this client's undo manager, gathered while planning: the
 * copies of our characters, and where the text of characters an undo took away (a redo would write
 * them again where that text was) went.
 */
interface UndoFollow {
  readonly copies: CopiedPosition[];
  readonly redoMoves: RedoMove[];
  /**
   * Whether a step of either stack writes this character again (ours an undo took away, or anyone's we
   * deleted); null: both stacks are empty.
   */
  readonly isRedoable: ((id: Y.ID) => boolean) | null;
}

/**
 * Characters a step would write again (ours an undo took away, anyone's we deleted) in text another
 * client's join or split wrote again elsewhere, and the place they go in the copy, after the copied
 * text they followed.
 */
interface RedoMove {
  readonly at: Y.RelativePosition;
  readonly runs: readonly { readonly text: string; readonly attributes: Record<string, unknown> }[];
  readonly originals: readonly Y.ID[];
}

/** Where a run of our characters goes in W (or N), and what it is. */
interface Segment {
  /** In a Y.XmlText: insert there. In W's children: insert a new Y.XmlText there. */
  readonly at: Y.RelativePosition;
  readonly runs: readonly { readonly text: string; readonly attributes: Record<string, unknown> }[];
  /**
   * Our characters of the run still standing where the text was taken from (a split leaves them at
   * the end of X), one id each, to delete there once the run is written in N.
   */
  readonly removals: readonly Y.ID[];
}

/**
 * Starts rescuing this client's characters from paragraphs others join onto the one before (see above);
 * returns the function that stops it.
 */
export function startJoinedTextRescue(doc: Y.Doc, options: JoinedTextRescueOptions = {}): () => void {
  const origin = options.origin ?? JOINED_TEXT_RESCUE;
  const ownClients = [doc.clientID];
  const cuts: OwnCuts = { positions: new Map(), runLengths: new Map() };
  let stopped = false;

  const onAfterTransaction = (transaction: Y.Transaction) => {
    if (!ownClients.includes(doc.clientID)) ownClients.push(doc.clientID);
    // Placeholders for a redo, deleted as they are written: no cut of the user's.
    if (transaction.origin === REDO_PLACEHOLDERS) return;
    if (transaction.local) {
      recordOwnCuts(transaction, cuts);
      return;
    }
    const confirmed = options.readConfirmed?.() ?? null;
    const { undoManager } = options;
    const follow: UndoFollow = {
      copies: [],
      redoMoves: [],
      isRedoable:
        undoManager && undoManager.undoStack.length + undoManager.redoStack.length > 0
          ? (id) => isRedoable(undoManager, id)
          : null,
    };
    const segments = planRescue(transaction, getFragment(doc), ownClients, confirmed, cuts, follow);
    if (undoManager && follow.copies.length > 0) followCopiesInUndo(undoManager, follow.copies);
    if (segments.length === 0 && follow.redoMoves.length === 0) return;
    queueMicrotask(() => {
      if (stopped) return;
      if (undoManager && follow.redoMoves.length > 0)
        writeRedoPlaceholders(doc, undoManager, follow.redoMoves);
      if (segments.length === 0) return;
      const runs = writeSegments(doc, segments, origin);
      if (runs.length > 0) options.onRescue?.(runs);
    });
  };
  doc.on('afterTransaction', onAfterTransaction);
  return () => {
    stopped = true;
    doc.off('afterTransaction', onAfterTransaction);
  };
}

/**
 * The positions this client deleted, by id (a character, a footnote), and the number of positions of
 * each text run it deleted whole: read before the transaction's cleanup, which forgets the characters
 * and merges deleted items, format marks among them.
 */
interface OwnCuts {
  readonly positions: Map<number, Set<number>>;
  readonly runLengths: Map<string, number>;
}

function recordOwnCuts(transaction: Y.Transaction, cuts: OwnCuts): void {
  Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
    if (!(struct instanceof Y.Item) || !struct.countable) return;
    const { client, clock } = struct.id;
    const run = typeOf(struct);
    if (run instanceof Y.XmlText) {
      let length = 0;
      for (let item = run._start; item !== null; item = item.right)
        if (item.countable && Y.isDeleted(transaction.deleteSet, item.id)) length += item.length;
      cuts.runLengths.set(`${client}:${clock}`, length);
      return;
    }
    const clocks = cuts.positions.get(client) ?? new Set<number>();
    for (let k = 0; k < struct.length; k++) clocks.add(clock + k);
    cuts.positions.set(client, clocks);
  });
}

function existedBefore(transaction: Y.Transaction, item: Y.Item): boolean {
  return item.id.clock < (transaction.beforeState.get(item.id.client) ?? 0);
}

function wasVisibleBefore(transaction: Y.Transaction, item: Y.Item): boolean {
  return existedBefore(transaction, item) && (!item.deleted || Y.isDeleted(transaction.deleteSet, item.id));
}

function isParagraph(item: Y.Item): boolean {
  const { content } = item;
  return (
    content instanceof Y.ContentType &&
    content.type instanceof Y.XmlElement &&
    content.type.nodeName === BLOCK_NODE
  );
}

/** The type an item holds, if it holds one. */
function typeOf(item: Y.Item): unknown {
  return item.content instanceof Y.ContentType ? item.content.type : null;
}

/** The positions of a paragraph's content among the items `visible` keeps, in order. */
function readPositions(paragraph: Y.XmlElement, visible: (item: Y.Item) => boolean): Position[] {
  const positions: Position[] = [];
  let childIndex = 0;
  for (let child = paragraph._start; child !== null; child = child.right) {
    if (!visible(child) || !child.countable) continue;
    const type = typeOf(child);
    if (type instanceof Y.XmlText) {
      readTextPositions(type, visible, positions);
    } else {
      positions.push({
        item: child,
        offset: 0,
        char: null,
        attributes: {},
        parent: paragraph,
        index: childIndex,
      });
    }
    childIndex++;
  }
  return positions;
}

function readTextPositions(text: Y.XmlText, visible: (item: Y.Item) => boolean, into: Position[]): void {
  let attributes: Record<string, unknown> = {};
  let index = 0;
  for (let item = text._start; item !== null; item = item.right) {
    if (!visible(item)) continue;
    const { content } = item;
    if (content instanceof Y.ContentFormat) {
      attributes = { ...attributes };
      if (content.value === null) delete attributes[content.key];
      else attributes[content.key] = content.value;
    } else if (content instanceof Y.ContentString) {
      for (let offset = 0; offset < content.str.length; offset++) {
        into.push({
          item,
          offset,
          char: content.str[offset] ?? '',
          attributes,
          parent: text,
          index: index++,
        });
      }
    } else if (item.countable) {
      // An embed inside the text run: not this layout's, but a position all the same.
      for (let offset = 0; offset < item.length; offset++) {
        into.push({ item, offset, char: null, attributes, parent: text, index: index++ });
      }
    }
  }
}

/** An attribute as the element last had it, deleted or not (content stays until garbage collection). */
function readRawAttribute(element: Y.XmlElement, key: string): unknown {
  const entry = element._map.get(key);
  if (entry === undefined) return undefined;
  const values = entry.content.getContent();
  return values[values.length - 1];
}

function describeElement(position: Position): string | null {
  const type = typeOf(position.item);
  if (!(type instanceof Y.XmlElement)) return null;
  return JSON.stringify([type.nodeName, readRawAttribute(type, FootnoteAttr.id)]);
}

function isSameContent(a: Position, b: Position): boolean {
  if (a.char !== null || b.char !== null) return a.char === b.char;
  const name = describeElement(a);
  return name !== null && name === describeElement(b);
}

/**
 * The runs of our characters to write back for each paragraph `transaction` deleted that was joined
 * onto the one before without them, and for each paragraph it split without them; none when there is
 * nothing to rescue or any doubt.
 */
function planRescue(
  transaction: Y.Transaction,
  fragment: Y.XmlFragment,
  ownClients: readonly number[],
  confirmed: ReadonlyMap<number, number> | null,
  cuts: OwnCuts,
  follow: UndoFollow,
): Segment[] {
  const changed: ReadonlyMap<unknown, unknown> = transaction.changed;
  const segments: Segment[] = [];
  // The paragraphs a join or a split wrote into or cut: their new footnotes are the copy's, left to
  // the rules for those.
  const joinedOrSplit = new Set<Y.Item>();
  if (changed.has(fragment)) {
    for (let item = fragment._start; item !== null; item = item.right) {
      if (!isParagraph(item) || !existedBefore(transaction, item)) continue;
      if (item.deleted) {
        if (!Y.isDeleted(transaction.deleteSet, item.id)) continue;
        const before = paragraphBefore(item);
        if (before !== null) joinedOrSplit.add(before);
        segments.push(...planParagraphRescue(transaction, item, ownClients, cuts, follow));
        continue;
      }
      let next = item.right;
      while (next !== null && (next.deleted || !next.countable)) next = next.right;
      if (next !== null && isParagraph(next) && !existedBefore(transaction, next)) {
        joinedOrSplit.add(item);
        segments.push(...planSplitRescue(transaction, item, next, ownClients, follow));
      }
    }
  }
  // A footnote inserted, perhaps, in a paragraph nothing else happened to; in the same transaction as
  // others' joins and splits elsewhere when the updates of a frame are applied as one.
  for (const type of changed.keys()) {
    if (!(type instanceof Y.XmlElement) || type.parent !== fragment) continue;
    const item = type._item;
    if (item && !item.deleted && existedBefore(transaction, item) && !joinedOrSplit.has(item))
      segments.push(
        ...planFootnoteRescue(transaction, type, ownClients, confirmed, follow),
        ...planFootnoteRemovalRescue(transaction, type, ownClients, follow),
      );
  }
  return segments;
}

/** The nearest paragraph before `item` that is still there. */
function paragraphBefore(item: Y.Item): Y.Item | null {
  let before = item.left;
  while (before !== null && (before.deleted || !isParagraph(before))) before = before.left;
  return before;
}

function planParagraphRescue(
  transaction: Y.Transaction,
  removed: Y.Item,
  ownClients: readonly number[],
  cuts: OwnCuts,
  follow: UndoFollow,
): Segment[] {
  const before = paragraphBefore(removed);
  const joined = typeOf(removed) as Y.XmlElement;
  const reversed = planReversedJoinRescue(transaction, removed, joined, ownClients, follow);
  if (reversed !== null || before === null) return reversed ?? [];
  const target = typeOf(before) as Y.XmlElement;

  // A join only adds to the paragraph before: a change that also took some of it away (a selection
  // from inside it into X, deleted) is left alone, as it may have taken our characters on purpose.
  if (hasLostContent(transaction, target)) return [];
  const { now, displaced } = setAsideDisplaced(transaction, target, ownClients);
  let copyStart = now.length;
  while (copyStart > 0 && !existedBefore(transaction, (now[copyStart - 1] as Position).item)) copyStart--;
  let copyEnd = now.length;
  // Others' typing after the copy, in the same update (one that brings what was missed offline), is
  // not the copy: the joining client wrote it all at once.
  const joiner = now[copyStart]?.item.id.client;
  while (copyEnd > copyStart && (now[copyEnd - 1] as Position).item.id.client !== joiner) copyEnd--;
  const written = now.slice(copyStart, copyEnd);
  if (written.length === 0) return [];
  const moved: Segment[] =
    displaced.length === 0
      ? []
      : [
          {
            at: locateInsertion(target, now[copyStart - 1], written[0]),
            runs: collectRuns(displaced),
            removals: displaced.map(idOf),
          },
        ];

  const content = readPositions(joined, (item) => wasVisibleBefore(transaction, item));
  const start = findCopyStart(written, content, ownClients);
  const copy = written.slice(start);
  // The position just before the copy: the joining client's typing at the join, or W's text.
  const beforeCopy = start > 0 ? written[start - 1] : now[copyStart - 1];
  pairOwnCopies(content, copy, ownClients, follow.copies);
  planRedoMoves(transaction, joined, null, content, copy, target, beforeCopy, ownClients, follow);
  const rescued = planCopyRescue(content, copy, target, beforeCopy, ownClients);
  if (rescued.length > 0) return [...moved, ...rescued];
  return [...moved, ...planCopiedCutRemoval(transaction, joined, copy, target, beforeCopy, ownClients, cuts)];
}

/**
 * Where X's copy begins among what the joining client wrote at W's end in this transaction: its next
 * keystrokes at the join, brought by the same update, come before it (a caret after W's text), each
 * put right before the copy's first character. The longest end of it that is X's content without the
 * last of our characters and follows such keystrokes; 0 when none is.
 */
function findCopyStart(
  written: readonly Position[],
  content: readonly Position[],
  ownClients: readonly number[],
): number {
  if (findMissingOwn(content, written, ownClients) !== null) return 0;
  const ours = content.filter((p) => ownClients.includes(p.item.id.client)).length;
  const last = Math.min(written.length - 1, written.length - content.length + ours);
  for (let start = Math.max(1, written.length - content.length); start <= last; start++) {
    const first = written[start] as Position;
    const typedBefore = (written[start - 1] as Position).item.rightOrigin;
    if (first.offset !== 0 || !Y.compareIDs(typedBefore, first.item.id)) continue;
    if (findMissingOwn(content, written.slice(start), ownClients) !== null) return start;
  }
  return 0;
}

/**
 * y-prosemirror may write a join the other way round, keeping the second paragraph's element (its
 * diff matches elements from both ends, then keeps the one still mapped to its node, else the one
 * whose children differ less, the longer; in the browser, when joining into the last paragraph), so a
 * Backspace joining a paragraph onto W comes as W deleted and W's text, as the joining client knew
 * it, written again at the start of the paragraph after it. Our characters in W it lacked go there, after the copied text they followed,
 * with the same checks as a join's; our characters typed at that paragraph's start that went before
 * the copy go after it (`findDisplacedStart`). Null when the paragraph after gained no text at its
 * start in this transaction (not a join written that way).
 */
function planReversedJoinRescue(
  transaction: Y.Transaction,
  removed: Y.Item,
  joined: Y.XmlElement,
  ownClients: readonly number[],
  follow: UndoFollow,
): Segment[] | null {
  let after = removed.right;
  while (after !== null && (after.deleted || !isParagraph(after))) after = after.right;
  if (after === null || !existedBefore(transaction, after)) return null;
  const target = typeOf(after) as Y.XmlElement;
  const all = readPositions(target, (item) => !item.deleted);
  const displaced = findDisplacedStart(transaction, all, ownClients);
  const now = all.slice(displaced.length);
  let copyEnd = 0;
  while (copyEnd < now.length && !existedBefore(transaction, (now[copyEnd] as Position).item)) copyEnd++;
  if (copyEnd === 0) return null;
  if (hasLostContent(transaction, target)) return [];
  const copy = now.slice(0, copyEnd);
  const content = readPositions(joined, (item) => wasVisibleBefore(transaction, item));
  if (findMissingOwn(content, copy, ownClients) === null) return null;
  pairOwnCopies(content, copy, ownClients, follow.copies);
  planRedoMoves(transaction, joined, null, content, copy, target, undefined, ownClients, follow);
  const rescued = planCopyRescue(content, copy, target, undefined, ownClients);
  if (displaced.length === 0) return rescued;
  // Before the paragraph's first old character: our rescued characters of W go after the copy's last.
  const next = now[copyEnd];
  const moved: Segment = {
    at: locateInsertion(target, next?.char != null ? undefined : copy[copyEnd - 1], next),
    runs: collectRuns(displaced),
    removals: displaced.map(idOf),
  };
  return [moved, ...rescued];
}

/**
 * The mirror of `setAsideDisplaced`, for a join written the other way round: our characters typed at
 * the very start of the paragraph kept, unseen by the joining client, and the copy it put there were
 * two inserts at one place (the same left neighbour, and the copy not put before them), which Yjs
 * orders by client id, so they may stand before the copy. Those characters, to be written again after
 * it; none when the paragraph does not start with ours followed by new text put where they were.
 */
function findDisplacedStart(
  transaction: Y.Transaction,
  positions: readonly Position[],
  ownClients: readonly number[],
): Position[] {
  let end = 0;
  while (end < positions.length && existedBefore(transaction, (positions[end] as Position).item)) end++;
  const displaced = positions.slice(0, end);
  const first = displaced[0];
  const copied = positions[end];
  if (first === undefined || copied === undefined || copied.offset !== 0) return [];
  const isOwnText = (p: Position) =>
    p.char !== null && p.parent === copied.parent && ownClients.includes(p.item.id.client);
  if (!displaced.every(isOwnText)) return [];
  const { origin, rightOrigin } = copied.item;
  const sawThem = displaced.some((p) => Y.compareIDs(rightOrigin, idOf(p)));
  return first.offset === 0 && Y.compareIDs(origin, first.item.origin) && !sawThem ? displaced : [];
}

/**
 * W's positions without our characters the join's copy was put before: typed at W's end and unseen by
 * the joining client, they and the copy were two inserts at one place (the same left neighbour, and
 * the copy not put before them), which Yjs orders by client id, so they may stand after the copy's
 * first characters. Those runs are set aside, to be written again before the copy.
 */
function setAsideDisplaced(
  transaction: Y.Transaction,
  target: Y.XmlElement,
  ownClients: readonly number[],
): { now: Position[]; displaced: Position[] } {
  const all = readPositions(target, (item) => !item.deleted);
  const isOld = (p: Position) => existedBefore(transaction, p.item);
  const isOwnOld = (p: Position) => isOld(p) && p.char !== null && ownClients.includes(p.item.id.client);
  const keyOf = (id: Y.ID | null) => (id === null ? 'start' : `${id.client}:${id.clock}`);
  // The left neighbours new runs were put after, per text run, in order.
  const newOrigins = new Map<unknown, Set<string>>();
  const displaced: Position[] = [];
  for (let i = 0; i < all.length; i++) {
    const p = all[i] as Position;
    if (p.offset !== 0) continue;
    const origins = newOrigins.get(p.parent) ?? new Set<string>();
    newOrigins.set(p.parent, origins);
    if (!isOld(p)) {
      origins.add(`${keyOf(p.item.origin)}>${keyOf(p.item.rightOrigin)}`);
      continue;
    }
    if (!isOwnOld(p)) continue;
    const origin = keyOf(p.item.origin);
    const lost = [...origins].some(
      (key) => key.startsWith(`${origin}>`) && key !== `${origin}>${keyOf(p.item.id)}`,
    );
    if (!lost) continue;
    let j = i;
    while (j < all.length && isOwnOld(all[j] as Position) && (all[j] as Position).parent === p.parent)
      displaced.push(all[j++] as Position);
    i = j - 1;
  }
  if (displaced.length === 0) return { now: all, displaced };
  return { now: all.filter((p) => !displaced.includes(p)), displaced };
}

/** One step of a joined paragraph's content: a position that was there, or a run this client cut. */
type JoinedStep = { readonly kept: Position } | { readonly cut: number };

/**
 * A join's copy is X's content as the joining client knew it: what this client had cut from X and not
 * yet sent (a deletion made offline, or the text an Enter moved into a new paragraph) comes back in W,
 * a second time for a split's text. When the copy is X's content with some of this client's cuts, each
 * whole and where it was (its characters are gone, its length is known), those parts of the copy are
 * deleted again. Anything else is left alone.
 */
function planCopiedCutRemoval(
  transaction: Y.Transaction,
  joined: Y.XmlElement,
  copy: readonly Position[],
  target: Y.XmlElement,
  before: Position | undefined,
  ownClients: readonly number[],
  cuts: OwnCuts,
): Segment[] {
  const steps = readJoinedSteps(transaction, joined, cuts);
  const isOwn = (position: Position) => ownClients.includes(position.item.id.client);
  // reach[i][j]: the first i steps can make the copy's first j positions; a position of ours may be
  // missing from it (not yet sent, to rescue as a join's), a cut may be in it or not.
  const reach = [new Uint8Array(copy.length + 1)];
  (reach[0] as Uint8Array)[0] = 1;
  for (const step of steps) {
    const from = reach[reach.length - 1] as Uint8Array;
    const to = new Uint8Array(copy.length + 1);
    for (let j = 0; j <= copy.length; j++) {
      if (!from[j]) continue;
      if ('cut' in step) {
        to[j] = 1;
        if (j + step.cut <= copy.length) to[j + step.cut] = 1;
        continue;
      }
      if (j < copy.length && isSameFormattedContent(step.kept, copy[j] as Position)) to[j + 1] = 1;
      if (isOwn(step.kept)) to[j] = 1;
    }
    reach.push(to);
  }
  if (!(reach[steps.length] as Uint8Array)[copy.length]) return [];
  // Back from the end: the copy's positions that stand for cuts, and our positions it lacks, each
  // with the number of copy positions before it.
  const removals: Y.ID[] = [];
  const missing: { position: Position; at: number }[] = [];
  let j = copy.length;
  for (let i = steps.length; i > 0; i--) {
    const step = steps[i - 1] as JoinedStep;
    const previous = reach[i - 1] as Uint8Array;
    if ('kept' in step) {
      if (j > 0 && previous[j - 1] && isSameFormattedContent(step.kept, copy[j - 1] as Position)) j--;
      else missing.unshift({ position: step.kept, at: j });
      continue;
    }
    if (previous[j]) continue;
    for (let k = j - step.cut; k < j; k++) {
      const position = copy[k] as Position;
      removals.push(Y.createID(position.item.id.client, position.item.id.clock + position.offset));
    }
    j -= step.cut;
  }
  if (removals.length === 0) return [];
  // What the joining client lacked of ours must be the last of our characters in the order we sent
  // them, as for a join's rescue; a footnote of ours is not rescued.
  const sendOrder = (p: Position) =>
    ownClients.indexOf(p.item.id.client) * 2 ** 40 + p.item.id.clock + p.offset;
  const ours = steps.flatMap((step) => ('kept' in step && isOwn(step.kept) ? [step.kept] : []));
  const latest = new Set([...ours].sort((a, b) => sendOrder(b) - sendOrder(a)).slice(0, missing.length));
  if (missing.some(({ position }) => position.char === null || !latest.has(position))) return [];

  const first = copy[0] as Position;
  const segments: Segment[] = [
    { at: Y.createRelativePositionFromTypeIndex(first.parent, first.index), runs: [], removals },
  ];
  for (let k = 0; k < missing.length; ) {
    const at = (missing[k] as { at: number }).at;
    const group: Position[] = [];
    while (k < missing.length && (missing[k] as { at: number }).at === at)
      group.push((missing[k++] as { position: Position }).position);
    segments.push({
      at: locateInsertion(target, at > 0 ? copy[at - 1] : before, copy[at]),
      runs: collectRuns(group),
      removals: [],
    });
  }
  return segments;
}

/** X's content before the join, with this client's cuts in it. */
function readJoinedSteps(transaction: Y.Transaction, joined: Y.XmlElement, cuts: OwnCuts): JoinedStep[] {
  const steps: JoinedStep[] = [];
  // How many positions of a deleted item (merged, maybe, with its deleted neighbours) were this
  // client's cuts before this transaction.
  const countOwnCut = (item: Y.Item) => {
    if (!item.deleted || !existedBefore(transaction, item) || Y.isDeleted(transaction.deleteSet, item.id))
      return 0;
    const { client, clock } = item.id;
    let count = 0;
    for (let k = 0; k < item.length; k++) {
      const run = cuts.runLengths.get(`${client}:${clock + k}`);
      if (run !== undefined) count += run;
      else if (cuts.positions.get(client)?.has(clock + k)) count++;
    }
    return count;
  };
  let childIndex = 0;
  for (let child = joined._start; child !== null; child = child.right) {
    if (wasVisibleBefore(transaction, child) && child.countable) {
      const type = typeOf(child);
      if (type instanceof Y.XmlText) {
        const positions: Position[] = [];
        readTextPositions(type, (item) => wasVisibleBefore(transaction, item), positions);
        // The run's positions and cuts in the order of its items.
        let next = 0;
        for (let item = type._start; item !== null; item = item.right) {
          const cut = countOwnCut(item);
          if (cut > 0) steps.push({ cut });
          while (next < positions.length && (positions[next] as Position).item === item)
            steps.push({ kept: positions[next++] as Position });
        }
      } else {
        steps.push({
          kept: { item: child, offset: 0, char: null, attributes: {}, parent: joined, index: childIndex },
        });
      }
      childIndex++;
    } else {
      const cut = countOwnCut(child);
      if (cut > 0) steps.push({ cut });
    }
  }
  return steps;
}

function isSameFormattedContent(a: Position, b: Position): boolean {
  return isSameContent(a, b) && JSON.stringify(a.attributes) === JSON.stringify(b.attributes);
}

/**
 * An Enter in paragraph X reaches Yjs (through y-prosemirror) as: X's text from the caret on deleted,
 * and a new paragraph N after X holding that text, as the splitting client knew it, written again as
 * new items. Our characters in that text that had not reached the splitting client stay behind: at the
 * end of X when they were typed into a text run the split cut, gone with a run it deleted whole (after
 * a footnote). They belong in N, after the copied text they followed: written there, and deleted from
 * X where they stayed. The same checks as a join's: X lost only a tail of its content (ours still in it
 * excepted), and N ends with that tail without the last of our characters, as many as it is shorter.
 *
 * Paragraphs pasted inside X are the same split with text around it: the first pasted paragraph's text
 * ends X (X gained it, after the tail it lost), whole new paragraphs follow, and the last, new too, ends
 * with the tail's copy. So X may gain new text where the tail was, and the copy is the end of the last
 * of the new paragraphs after X.
 */
function planSplitRescue(
  transaction: Y.Transaction,
  split: Y.Item,
  added: Y.Item,
  ownClients: readonly number[],
  follow: UndoFollow,
): Segment[] {
  const paragraph = typeOf(split) as Y.XmlElement;
  if (!hasLostContent(transaction, paragraph)) return [];
  let last = added;
  for (let item = added.right; item !== null; item = item.right) {
    if (item.deleted || !item.countable) continue;
    if (!isParagraph(item) || existedBefore(transaction, item)) break;
    last = item;
  }
  const target = typeOf(last) as Y.XmlElement;
  const content = readPositions(paragraph, (item) => wasVisibleBefore(transaction, item));
  let kept = 0;
  while (kept < content.length && !(content[kept] as Position).item.deleted) kept++;
  const tail = content.slice(kept);
  const now = readPositions(paragraph, (item) => !item.deleted);
  const stayed = tail.filter((p) => !p.item.deleted);
  // X kept its start, and after it only our characters stayed, among what it gained (a paste's text).
  if (now.slice(0, kept).some((p, i) => !isSamePosition(p, content[i] as Position))) return [];
  const after = now.slice(kept).filter((p) => existedBefore(transaction, p.item));
  if (after.length !== stayed.length || after.some((p, i) => !isSamePosition(p, stayed[i] as Position)))
    return [];
  if (stayed.some((p) => !ownClients.includes(p.item.id.client))) return [];
  const written = readPositions(target, (item) => !item.deleted);
  if (written.some((p) => existedBefore(transaction, p.item))) return [];
  const ours = tail.filter((p) => ownClients.includes(p.item.id.client)).length;
  // The fewest of our characters missing from the end of the new text that makes it the tail's copy.
  for (let missing = stayed.length; missing <= ours; missing++) {
    const length = tail.length - missing;
    if (length <= 0 || length > written.length) continue;
    const copy = written.slice(written.length - length);
    const lacking = findMissingOwn(tail, copy, ownClients);
    if (lacking === null || stayed.some((p) => !lacking.has(p))) continue;
    const before = written[written.length - length - 1];
    const segments = planCopyRescue(tail, copy, target, before, ownClients);
    pairOwnCopies(tail, copy, ownClients, follow.copies);
    planRedoMoves(transaction, paragraph, tail[0] ?? null, tail, copy, target, before, ownClients, follow);
    return segments;
  }
  return [];
}

function isSamePosition(a: Position, b: Position): boolean {
  return a.item === b.item && a.offset === b.offset;
}

/**
 * A footnote (any inline element) another client inserted in `paragraph` right after a text run T that
 * was there: y-prosemirror wrote it as T's text after the footnote deleted and written again as a new
 * run after it, as that client knew it. Our characters in that text that had not reached them stayed
 * in T, before the footnote: with the same checks as a split's (T lost only a tail, ours still in it
 * excepted; the new run is that tail without the last of our characters), they are written into the
 * new run after the copied text they followed, and deleted from T. Then our characters the server has
 * not confirmed at the very end of what T kept, right before the footnote, were typed where its author
 * put it, unseen: they go right after it, before any copied text.
 */
function planFootnoteRescue(
  transaction: Y.Transaction,
  paragraph: Y.XmlElement,
  ownClients: readonly number[],
  confirmed: ReadonlyMap<number, number> | null,
  follow: UndoFollow,
): Segment[] {
  const segments: Segment[] = [];
  const now = readPositions(paragraph, (item) => !item.deleted);
  for (let child = paragraph._start; child !== null; child = child.right) {
    if (child.deleted || !child.countable || existedBefore(transaction, child)) continue;
    if (!(typeOf(child) instanceof Y.XmlElement)) continue;
    let left = child.left;
    while (left !== null && (left.deleted || !left.countable)) left = left.left;
    const run = left === null ? null : typeOf(left);
    if (left === null || !(run instanceof Y.XmlText) || !existedBefore(transaction, left)) continue;
    const at = now.findIndex((p) => p.item === child);
    const footnote = now[at];
    if (footnote === undefined) continue;
    const right = child.right;
    const copied = right === null ? null : typeOf(right);
    const copy: Position[] = [];
    if (right !== null && !right.deleted && !existedBefore(transaction, right) && copied instanceof Y.XmlText)
      readTextPositions(copied, (item) => !item.deleted, copy);

    const content: Position[] = [];
    readTextPositions(run, (item) => wasVisibleBefore(transaction, item), content);
    let kept = 0;
    while (kept < content.length && !(content[kept] as Position).item.deleted) kept++;
    const tail = content.slice(kept);
    const stayed = tail.filter((p) => !p.item.deleted);
    let cut: Segment[] = [];
    if (stayed.length > 0) {
      // T gained nothing, and of its tail only our characters stayed, all of them rescued.
      const inRun: Position[] = [];
      readTextPositions(run, (item) => !item.deleted, inRun);
      if (inRun.some((p) => !existedBefore(transaction, p.item))) continue;
      if (stayed.some((p) => !ownClients.includes(p.item.id.client))) continue;
      if (copy.length === 0) continue;
      cut = planCopyRescue(tail, copy, paragraph, footnote, ownClients);
      if (cut.flatMap((segment) => segment.removals).length !== stayed.length) continue;
    }
    pairOwnCopies(tail, copy, ownClients, follow.copies);
    if (tail[0] !== undefined)
      planRedoMoves(transaction, run, tail[0], tail, copy, paragraph, footnote, ownClients, follow);
    const isUnconfirmedOwn = (p: Position) =>
      confirmed !== null &&
      p.char !== null &&
      ownClients.includes(p.item.id.client) &&
      p.item.id.clock + p.offset >= (confirmed.get(p.item.id.client) ?? 0);
    let first = kept;
    while (first > 0 && isUnconfirmedOwn(content[first - 1] as Position)) first--;
    const atFootnote = content.slice(first, kept);
    // Written first: what is written later at the same place goes after them.
    if (atFootnote.length > 0)
      segments.push({
        at: locateInsertion(paragraph, footnote, copy[0]),
        runs: collectRuns(atFootnote),
        removals: atFootnote.map((p) => Y.createID(p.item.id.client, p.item.id.clock + p.offset)),
      });
    segments.push(...cut);
  }
  return segments;
}

/**
 * A footnote (any inline element) another client deleted from between two text runs L and R of
 * `paragraph`: y-prosemirror wrote it as R's text written again at the end of L, as that client knew
 * it, and the footnote and R deleted: a join within the paragraph. Our characters R held that had not
 * reached them are written into L after the copied text they followed, as for a join; the copies of
 * our characters follow the undo steps that typed them, and characters a step would write again in R
 * (ones we deleted, for an undo) go where the copy puts their text. Only when L lost nothing and what
 * it gained at its end is R's content without the last of our characters.
 */
function planFootnoteRemovalRescue(
  transaction: Y.Transaction,
  paragraph: Y.XmlElement,
  ownClients: readonly number[],
  follow: UndoFollow,
): Segment[] {
  const segments: Segment[] = [];
  const removedNow = (item: Y.Item) =>
    item.countable && existedBefore(transaction, item) && Y.isDeleted(transaction.deleteSet, item.id);
  for (let child = paragraph._start; child !== null; child = child.right) {
    if (!removedNow(child) || !(typeOf(child) instanceof Y.XmlElement)) continue;
    // The runs either side as they stood before: children deleted earlier are no longer there.
    let left = child.left;
    while (left !== null && !(left.countable && wasVisibleBefore(transaction, left))) left = left.left;
    let right = child.right;
    while (right !== null && !(right.countable && wasVisibleBefore(transaction, right))) right = right.right;
    if (left === null || right === null || left.deleted || !removedNow(right)) continue;
    const [kept, removed] = [typeOf(left), typeOf(right)];
    if (!(kept instanceof Y.XmlText) || !(removed instanceof Y.XmlText)) continue;
    const now: Position[] = [];
    readTextPositions(kept, (item) => !item.deleted, now);
    let copyStart = now.length;
    while (copyStart > 0 && !existedBefore(transaction, (now[copyStart - 1] as Position).item)) copyStart--;
    const before: Position[] = [];
    readTextPositions(kept, (item) => wasVisibleBefore(transaction, item), before);
    // L kept all it had, in order, and only gained at its end.
    if (before.length !== copyStart || before.some((p, i) => !isSamePosition(p, now[i] as Position)))
      continue;
    const copy = now.slice(copyStart);
    const content: Position[] = [];
    readTextPositions(removed, (item) => wasVisibleBefore(transaction, item), content);
    if (copy.length === 0 || content.length === 0) continue;
    const beforeCopy = now[copyStart - 1];
    pairOwnCopies(content, copy, ownClients, follow.copies);
    planRedoMoves(transaction, removed, null, content, copy, paragraph, beforeCopy, ownClients, follow);
    segments.push(...planCopyRescue(content, copy, paragraph, beforeCopy, ownClients));
  }
  return segments;
}

/** Characters as runs of the same format attributes. */
function collectRuns(
  positions: readonly Position[],
): { text: string; attributes: Record<string, unknown> }[] {
  const runs: { text: string; attributes: Record<string, unknown> }[] = [];
  let runAttributes: Readonly<Record<string, unknown>> | null = null;
  for (const position of positions) {
    const last = runs[runs.length - 1];
    if (last && runAttributes === position.attributes) last.text += position.char ?? '';
    else runs.push({ text: position.char ?? '', attributes: { ...position.attributes } });
    runAttributes = position.attributes;
  }
  return runs;
}

/**
 * The runs of our characters that `content` (a paragraph's content as it was) holds and `copy` (its
 * copy, made elsewhere by another client) lacks, each to be written after the copied text it
 * followed in `target` (`before`: the position just before the copy there, if any); none unless the
 * copy is exactly `content` without the last of our characters in the order we sent them.
 */
function planCopyRescue(
  content: readonly Position[],
  copy: readonly Position[],
  target: Y.XmlElement,
  before: Position | undefined,
  ownClients: readonly number[],
): Segment[] {
  const missing = findMissingOwn(content, copy, ownClients);
  if (missing === null || missing.size === 0) return [];
  // Our footnotes are not rescued: one inside a copied run of text would mean splitting the copy.
  if ([...missing].some((p) => p.char === null)) return [];

  const segments: Segment[] = [];
  let copied = 0;
  let runs: { text: string; attributes: Record<string, unknown> }[] = [];
  let removals: Y.ID[] = [];
  let runAttributes: Readonly<Record<string, unknown>> | null = null;
  const flush = () => {
    if (runs.length === 0) return;
    const after = copied > 0 ? copy[copied - 1] : before;
    segments.push({ at: locateInsertion(target, after, copy[copied]), runs, removals });
    runs = [];
    removals = [];
    runAttributes = null;
  };
  for (const position of content) {
    if (!missing.has(position)) {
      flush();
      copied++;
      continue;
    }
    const char = position.char as string;
    const last = runs[runs.length - 1];
    if (last && runAttributes === position.attributes) last.text += char;
    else runs.push({ text: char, attributes: { ...position.attributes } });
    runAttributes = position.attributes;
    if (!position.item.deleted && position.parent instanceof Y.XmlText) {
      const { client, clock } = position.item.id;
      removals.push(Y.createID(client, clock + position.offset));
    }
  }
  flush();
  return segments;
}

/**
 * The positions of ours that `content` (a paragraph's content as it was) holds and `copy` (its copy,
 * made elsewhere by another client) lacks: the last of our characters in the order we sent them, as
 * many as the copy is shorter; null unless the copy is exactly `content` without them.
 */
function findMissingOwn(
  content: readonly Position[],
  copy: readonly Position[],
  ownClients: readonly number[],
): Set<Position> | null {
  const missingCount = content.length - copy.length;
  const sendOrder = (p: Position) => [ownClients.indexOf(p.item.id.client), p.item.id.clock + p.offset];
  const ours = content
    .filter((p) => ownClients.includes(p.item.id.client))
    .sort((a, b) => {
      const [ca = 0, ka = 0] = sendOrder(a);
      const [cb = 0, kb = 0] = sendOrder(b);
      return cb - ca || kb - ka;
    });
  if (missingCount < 0 || missingCount > ours.length) return null;
  const missing = new Set(ours.slice(0, missingCount));
  const kept = content.filter((p) => !missing.has(p));
  if (kept.some((p, i) => !isSameContent(p, copy[i] as Position))) return null;
  return missing;
}

function idOf(position: Position): Y.ID {
  return Y.createID(position.item.id.client, position.item.id.clock + position.offset);
}

/** Each of our positions in `content` that `copy` wrote again, with its copy, when the copy is exact. */
function pairOwnCopies(
  content: readonly Position[],
  copy: readonly Position[],
  ownClients: readonly number[],
  into: CopiedPosition[],
): void {
  const missing = findMissingOwn(content, copy, ownClients);
  if (missing === null) return;
  let copied = 0;
  for (const position of content) {
    if (missing.has(position)) continue;
    const copyPosition = copy[copied++] as Position;
    if (ownClients.includes(position.item.id.client))
      into.push({ original: idOf(position), copy: idOf(copyPosition) });
  }
}

/**
 * Adds to each undo step that typed some of our positions the copies another client wrote of them:
 * undoing it deletes those too, and its redo writes them back. The same for each redo step that
 * deletes some (text an undo brought back, as ours, which a redo deletes again). The copies are the
 * other client's items, but only ours are ever paired with them.
 */
function followCopiesInUndo(undoManager: Y.UndoManager, copies: readonly CopiedPosition[]): void {
  for (const step of [...undoManager.undoStack, ...undoManager.redoStack]) {
    const added = Y.createDeleteSet();
    for (const { original, copy } of copies)
      if (Y.isDeleted(step.insertions, original)) addToDeleteSet(added, copy);
    // Sorted and merged, as the undo manager reads them.
    if (added.clients.size > 0) step.insertions = Y.mergeDeleteSets([step.insertions, added]);
  }
}

/**
 * Whether a step writes this character again: a redo step, ours an undo took away; an undo step, one
 * we deleted.
 */
function isRedoable(undoManager: Y.UndoManager, id: Y.ID): boolean {
  return [...undoManager.undoStack, ...undoManager.redoStack].some(
    (step) => Y.isDeleted(step.deletions, id) && !Y.isDeleted(step.insertions, id),
  );
}

/**
 * Characters taken away from `source` (X, or the text run a footnote cut, from `from` on, or all of
 * it) that a step would write again there (ours an undo took away, for a redo; anyone's we deleted,
 * for an undo): Yjs puts a redone character after the one it
 * followed, in its own text run, and that text went to `copy` (another client's join, split or
 * footnote did not copy characters it never saw). Each
 * run of them is to go after the copy of the text it followed in `target` (`before`: the position just
 * before the copy there, if any); none unless the copy is exact.
 */
function planRedoMoves(
  transaction: Y.Transaction,
  source: Y.XmlElement | Y.XmlText,
  from: Position | null,
  content: readonly Position[],
  copy: readonly Position[],
  target: Y.XmlElement,
  before: Position | undefined,
  ownClients: readonly number[],
  follow: UndoFollow,
): void {
  const { isRedoable } = follow;
  if (isRedoable === null) return;
  const isUndone = (item: Y.Item) =>
    item.deleted &&
    existedBefore(transaction, item) &&
    !Y.isDeleted(transaction.deleteSet, item.id) &&
    item.content instanceof Y.ContentString;
  const visible = (item: Y.Item) => wasVisibleBefore(transaction, item) || isUndone(item);
  const withUndone: Position[] = [];
  if (source instanceof Y.XmlText) readTextPositions(source, visible, withUndone);
  else withUndone.push(...readPositions(source, visible));
  const start = from === null ? 0 : withUndone.findIndex((p) => isSamePosition(p, from));
  const missing = findMissingOwn(content, copy, ownClients);
  if (start < 0 || missing === null) return;
  let copied = 0;
  let undone: Position[] = [];
  const flush = () => {
    if (undone.length === 0) return;
    const after = copied > 0 ? copy[copied - 1] : before;
    follow.redoMoves.push({
      at: locateInsertion(target, after, copy[copied]),
      runs: collectRuns(undone),
      originals: undone.map(idOf),
    });
    undone = [];
  };
  for (const position of withUndone.slice(start)) {
    if (wasVisibleBefore(transaction, position.item)) {
      flush();
      if (!missing.has(position)) copied++;
    } else if (position.char !== null && isRedoable(idOf(position))) undone.push(position);
  }
  flush();
}

/**
 * Writes each redo move's characters where they go, deleted at once and kept (not garbage-collected),
 * and has the redo steps that would write the originals again write these instead: redo then brings
 * the characters back where their text went, and undo takes them back from there.
 */
function writeRedoPlaceholders(doc: Y.Doc, undoManager: Y.UndoManager, moves: readonly RedoMove[]): void {
  const pairs: { original: Y.ID; placeholder: Y.ID }[] = [];
  doc.transact(() => {
    for (const move of moves) {
      const at = Y.createAbsolutePositionFromRelativePosition(move.at, doc);
      if (at === null || !(at.type instanceof Y.XmlText) || at.type._item?.deleted) continue;
      const text = at.type;
      const client = doc.clientID;
      const firstClock = Y.getState(doc.store, client);
      let index = at.index;
      for (const run of move.runs) {
        text.insert(index, run.text, run.attributes);
        index += run.text.length;
      }
      // The characters' ids in the order written (format marks written around them take ids too).
      const placeholders: Y.Item[] = [];
      for (let clock = firstClock; clock < Y.getState(doc.store, client); ) {
        const item = Y.getItem(doc.store, Y.createID(client, clock));
        if (!(item instanceof Y.Item)) break;
        if (item.content instanceof Y.ContentString) placeholders.push(item);
        clock = item.id.clock + item.length;
      }
      text.delete(at.index, index - at.index);
      let k = 0;
      for (const item of placeholders) {
        item.keep = true;
        for (let offset = 0; offset < item.length; offset++) {
          const original = move.originals[k++];
          if (original) pairs.push({ original, placeholder: Y.createID(client, item.id.clock + offset) });
        }
      }
    }
  }, REDO_PLACEHOLDERS);
  for (const step of [...undoManager.undoStack, ...undoManager.redoStack]) {
    const redone = Y.createDeleteSet();
    const skipped = Y.createDeleteSet();
    for (const { original, placeholder } of pairs) {
      if (!Y.isDeleted(step.deletions, original) || Y.isDeleted(step.insertions, original)) continue;
      addToDeleteSet(redone, placeholder);
      addToDeleteSet(skipped, original);
    }
    if (redone.clients.size === 0) continue;
    step.deletions = Y.mergeDeleteSets([step.deletions, redone]);
    // A step never redoes what it lists as inserted (made and deleted in one step).
    step.insertions = Y.mergeDeleteSets([step.insertions, skipped]);
  }
}

function addToDeleteSet(set: ReturnType<typeof Y.createDeleteSet>, id: Y.ID): void {
  const ranges = set.clients.get(id.client) ?? [];
  ranges.push({ clock: id.clock, len: 1 });
  set.clients.set(id.client, ranges);
}

/** Whether `transaction` deleted any of a paragraph's text or inline elements. */
function hasLostContent(transaction: Y.Transaction, paragraph: Y.XmlElement): boolean {
  const lost = (item: Y.Item) =>
    item.countable &&
    item.deleted &&
    existedBefore(transaction, item) &&
    Y.isDeleted(transaction.deleteSet, item.id);
  for (let child = paragraph._start; child !== null; child = child.right) {
    if (lost(child)) return true;
    const type = typeOf(child);
    if (!(type instanceof Y.XmlText) || child.deleted) continue;
    for (let item = type._start; item !== null; item = item.right) if (lost(item)) return true;
  }
  return false;
}

/**
 * Where to write between W's positions `after` and `before` (either missing at an edge of W): after the
 * character `after` if it is one, else before the character `before`, else a new Y.XmlText among W's
 * children after the element `after` (or at W's start).
 */
function locateInsertion(
  paragraph: Y.XmlElement,
  after: Position | undefined,
  before: Position | undefined,
): Y.RelativePosition {
  if (after?.char != null) return Y.createRelativePositionFromTypeIndex(after.parent, after.index + 1, -1);
  if (before?.char != null) return Y.createRelativePositionFromTypeIndex(before.parent, before.index, 0);
  return Y.createRelativePositionFromTypeIndex(paragraph, after === undefined ? 0 : after.index + 1, -1);
}

function writeSegments(doc: Y.Doc, segments: readonly Segment[], origin: unknown): RescuedRun[] {
  const written: RescuedRun[] = [];
  doc.transact(() => {
    for (const segment of mergeSegmentsAtOnePlace(segments)) {
      if (segment.runs.length === 0) {
        removeCharacters(doc, segment.removals);
        continue;
      }
      const at = Y.createAbsolutePositionFromRelativePosition(segment.at, doc);
      // W went meanwhile: the characters go with it.
      if (at === null || at.type._item?.deleted) continue;
      let text: Y.XmlText;
      let index = at.index;
      if (at.type instanceof Y.XmlText) text = at.type;
      else if (at.type instanceof Y.XmlElement) {
        text = new Y.XmlText();
        at.type.insert(at.index, [text]);
        index = 0;
      } else continue;
      const start = index;
      for (const run of segment.runs) {
        text.insert(index, run.text, run.attributes);
        index += run.text.length;
      }
      const from = removeCharacters(doc, segment.removals);
      written.push({ text, index: start, length: index - start, ...(from ? { from } : {}) });
    }
  }, origin);
  return written;
}

/**
 * Consecutive segments written at one place as one, in the order planned: written one by one, a run
 * put after a character would go before the runs written there already (our characters typed at W's
 * end, set aside, and those typed at X's start, both right after W's text).
 */
function mergeSegmentsAtOnePlace(segments: readonly Segment[]): Segment[] {
  const merged: Segment[] = [];
  for (const segment of segments) {
    const last = merged[merged.length - 1];
    if (
      last !== undefined &&
      last.runs.length > 0 &&
      segment.runs.length > 0 &&
      Y.compareRelativePositions(last.at, segment.at)
    )
      merged[merged.length - 1] = {
        at: last.at,
        runs: [...last.runs, ...segment.runs],
        removals: [...last.removals, ...segment.removals],
      };
    else merged.push(segment);
  }
  return merged;
}

/**
 * Deletes the characters with these ids (ours, left behind by a split) that are still there, last
 * first; returns where the first of them stood once they are gone.
 */
function removeCharacters(doc: Y.Doc, removals: readonly Y.ID[]): { text: Y.XmlText; index: number } | null {
  let from: { text: Y.XmlText; index: number } | null = null;
  for (const id of [...removals].reverse()) {
    if (Y.getItem(doc.store, id).deleted) continue;
    const at = Y.createAbsolutePositionFromRelativePosition(new Y.RelativePosition(null, null, id, 0), doc);
    // A footnote among a paragraph's children goes too (a copy of one this client cut).
    if (at?.type instanceof Y.XmlElement) at.type.delete(at.index, 1);
    if (at === null || !(at.type instanceof Y.XmlText)) continue;
    at.type.delete(at.index, 1);
    from = { text: at.type, index: at.index };
  }
  return from;
}
