import { BLOCK_NODE, BlockAttr, getFragment } from '@accord/ydoc';
import * as Y from 'yjs';
import type { LatencyRecorder } from './latency';
import { readUpdateKey, SyncSocket, type SyncTarget } from './sync-socket';

const REMOTE = Symbol('remote');

export interface WriterOptions {
  /**
   * Apply what others write (a full client). Off for load writers: each types into its own paragraph,
   * so its edits never need others' structs, and applying thousands of updates a second would make
   * the bench, not the server, the bottleneck.
   */
  readonly applyRemote?: boolean;
  /** Records each edit's send time. */
  readonly recorder?: LatencyRecorder | null;
  /**
   * Apply the document the server sends at sync (default). Off for writers that only type into a
   * paragraph of their own (`typeOwnParagraph`), so thousands of them fit in the bench.
   */
  readonly loadDocument?: boolean;
  /** Also called with each durable message (Accord, `?acks=1`). */
  readonly onDurable?: (stateVector: Map<number, number>, arrivedAt: number) => void;
}

/**
 * A typist: a Y.Doc synced with the server over the real protocol (it gets the whole document first),
 * then edits as one Yjs transaction per keystroke, each sent at once as an Update message.
 */
export class Writer {
  readonly doc = new Y.Doc();
  socket!: SyncSocket;
  private applyRemote: boolean;
  edits = 0;

  private constructor(private readonly options: WriterOptions) {
    this.applyRemote = options.applyRemote ?? false;
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return;
      const key = this.options.recorder ? readUpdateKey(update) : null;
      if (key !== null) this.options.recorder?.recordSent(key.client, key.clock, performance.now());
      this.socket.sendUpdate(update);
    });
  }

  static async open(target: SyncTarget, options: WriterOptions = {}): Promise<Writer> {
    const writer = new Writer(options);
    writer.socket = await SyncSocket.open(target, {
      stateVector: () => Y.encodeStateVector(writer.doc),
      answerStep1: (sv) => Y.encodeStateAsUpdate(writer.doc, sv),
      onSynced: (update) => {
        if (update.length > 0 && options.loadDocument !== false) Y.applyUpdate(writer.doc, update, REMOTE);
      },
      onUpdate: (update) => {
        if (writer.applyRemote) Y.applyUpdate(writer.doc, update, REMOTE);
      },
      onDurable: options.onDurable ? (sv, at) => options.onDurable?.(Y.decodeStateVector(sv), at) : undefined,
    });
    await writer.socket.whenSynced;
    return writer;
  }

  get clientId(): number {
    return this.doc.clientID;
  }

  /** Types one character at the end of block `index` (one transaction, one update). */
  typeInto(index: number, char = 'x'): void {
    const fragment = getFragment(this.doc);
    const block = fragment.get(index % fragment.length);
    if (!(block instanceof Y.XmlElement)) throw new Error(`no block ${index}`);
    this.doc.transact(() => {
      let run = block.get(block.length - 1);
      if (!(run instanceof Y.XmlText)) {
        run = new Y.XmlText();
        block.insert(block.length, [run]);
      }
      run.insert(run.length, char);
    });
    this.edits += 1;
  }

  /**
   * Types one character into a paragraph of this writer's own, without knowing the document: the
   * first call inserts the paragraph (at the start of the fragment, as seen from an empty document),
   * later calls type at its end. Everything stays inside the document layout the server enforces.
   */
  typeOwnParagraph(char = 'x'): void {
    typeIntoOwnParagraph(this.doc, char);
    this.edits += 1;
  }

  /**
   * Starts from `base`, a document's initial state shared by every writer of a peer that stores no
   * content of its own; the first writer also sends it, which is how that content reaches the server.
   */
  applyBase(base: Uint8Array, send: boolean): void {
    if (this.options.loadDocument !== false) Y.applyUpdate(this.doc, base, REMOTE);
    if (send) this.socket.sendUpdate(base);
  }

  /** Runs `change` as one transaction (e.g. writing a document's initial content into an empty peer). */
  transact(change: (doc: Y.Doc) => void): void {
    this.doc.transact(() => change(this.doc));
  }

  close(): void {
    this.socket.close();
    this.doc.destroy();
  }
}

const ownParagraphs = new WeakMap<Y.Doc, Y.XmlText>();

/** See `Writer.typeOwnParagraph`; one transaction, one update. */
export function typeIntoOwnParagraph(doc: Y.Doc, char = 'x'): void {
  const text = ownParagraphs.get(doc);
  if (text !== undefined) {
    text.insert(text.length, char);
    return;
  }
  doc.transact(() => {
    const paragraph = new Y.XmlElement(BLOCK_NODE);
    paragraph.setAttribute(BlockAttr.id, `bench-${doc.clientID}`);
    paragraph.setAttribute(BlockAttr.kind, 'paragraph');
    const run = new Y.XmlText();
    paragraph.insert(0, [run]);
    getFragment(doc).insert(0, [paragraph]);
    run.insert(0, char);
    ownParagraphs.set(doc, run);
  });
}
