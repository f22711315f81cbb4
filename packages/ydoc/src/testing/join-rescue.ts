/**
 * The fixture of the join-rescue tests (`rescue-joined-text.test.ts` here, the editor's
 * `joined-text-rescue.test.ts` in the web app): a text of three paragraphs, the middle one, to be
 * joined onto the first, holding a bracketed span and a footnote; replicas of it that rescue their
 * own characters, as the editor's do; and updates sent between them by hand, as a socket would.
 */
import { type CouncilDocument, EMPTY_METADATA, normalizeDocument } from '@accord/model';
import * as Y from 'yjs';
import { writeDocument } from '../layout';
import { type JoinedTextRescueOptions, startJoinedTextRescue } from '../rescue-joined-text';

/** "Before. " (w), "Joined [text]¹ here." (x, footnote f1 after the bracket), "Next." (n). */
export const JOIN_RESCUE_DOCUMENT: CouncilDocument = normalizeDocument({
  metadata: EMPTY_METADATA,
  blocks: [
    { id: 'w', kind: 'numbered', number: null, text: 'Before. ' },
    { id: 'x', kind: 'numbered', number: null, text: 'Joined [text] here.' },
    { id: 'n', kind: 'numbered', number: null, text: 'Next.' },
  ],
  footnotes: [{ id: 'f1', number: 0, blockId: 'x', offset: 'Joined [text]'.length, text: 'A note.' }],
});

/** The replicas of one test file, each rescuing its own characters; `stop` (after each test) ends every rescue. */
export class RescueReplicas {
  private readonly stops: (() => void)[] = [];

  /**
   * A replica of `source` (a document, or what another replica holds), its rescue started with
   * `options`, or with the options made for the replica (one that names the replica's undo manager).
   */
  open(
    source: Y.Doc | CouncilDocument = JOIN_RESCUE_DOCUMENT,
    options?: JoinedTextRescueOptions | ((doc: Y.Doc) => JoinedTextRescueOptions),
  ): Y.Doc {
    const doc = new Y.Doc();
    if (source instanceof Y.Doc) Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
    else writeDocument(doc, source);
    this.stops.push(startJoinedTextRescue(doc, typeof options === 'function' ? options(doc) : options));
    return doc;
  }

  /**
   * A replica with client id `clientId`, which decides how Yjs orders two inserts at one place (see
   * `CLIENT_ORDERS`); otherwise as `open`.
   */
  openAs(
    clientId: number,
    source: Y.Doc | CouncilDocument = JOIN_RESCUE_DOCUMENT,
    options?: JoinedTextRescueOptions | ((doc: Y.Doc) => JoinedTextRescueOptions),
  ): Y.Doc {
    return this.open(source, (doc) => {
      doc.clientID = clientId;
      return (typeof options === 'function' ? options(doc) : options) ?? {};
    });
  }

  stop(): void {
    for (const stop of this.stops.splice(0)) stop();
  }
}

/** Sends `to` what `from` has that it lacks, as one remote update. */
export function sendUpdate(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), 'remote');
}

/**
 * Both orders Yjs may give DE's and FR's inserts at one place (by client id): a race that goes right
 * for one order of ids goes wrong for the other.
 */
export const CLIENT_ORDERS = [
  { case: 'whose id Yjs puts after the joining client’s', de: 2 ** 30, fr: 1 },
  { case: 'whose id Yjs puts before the joining client’s', de: 1, fr: 2 ** 30 },
] as const;
