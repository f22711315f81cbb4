import { findBlockElement, getFragment, readDocument } from '@accord/ydoc';
import { RescueReplicas } from '@accord/ydoc/testing';
import { Transform } from '@tiptap/pm/transform';
import { initProseMirrorDoc, updateYFragment, ySyncPluginKey } from '@tiptap/y-tiptap';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import { writeSyncStep2, writeUpdate } from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createDocumentSchema } from '../editor/document-schema';
import { batchRemoteUpdates } from './batch-remote-updates';

const providers: WebsocketProvider[] = [];
afterEach(() => {
  for (const provider of providers.splice(0)) provider.destroy();
});

/** A stock provider that never connects: messages are handed to it as its socket would. */
function offlineProvider(doc: Y.Doc): WebsocketProvider {
  const provider = new WebsocketProvider('ws://localhost:1', 'room', doc, {
    connect: false,
    disableBc: true,
    WebSocketPolyfill: class {} as unknown as typeof WebSocket,
  });
  providers.push(provider);
  return provider;
}

/** Hands a message to the provider as y-websocket's socket does; returns the reply's length. */
function receive(provider: WebsocketProvider, message: Uint8Array): number {
  const decoder = decoding.createDecoder(message);
  const encoder = encoding.createEncoder();
  const type = decoding.readVarUint(decoder);
  provider.messageHandlers[type]?.(encoder, decoder, provider, true, type);
  return encoding.length(encoder);
}

function syncMessage(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** Another delegation typing "abc" in three updates, each as the server relays it. */
function typedElsewhere(): { doc: Y.Doc; messages: Uint8Array[] } {
  const doc = new Y.Doc();
  const messages: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => messages.push(syncMessage((e) => writeUpdate(e, update))));
  const text = doc.getText('t');
  for (const [i, character] of ['a', 'b', 'c'].entries()) text.insert(i, character);
  return { doc, messages };
}

/** A schedule run by hand: the frame comes when the test says. */
function manualFrames() {
  const pending: (() => void)[] = [];
  return {
    schedule: (flush: () => void) => {
      pending.push(flush);
      return () => pending.splice(pending.indexOf(flush), 1);
    },
    frame: () => {
      for (const flush of pending.splice(0)) flush();
    },
    get waiting() {
      return pending.length;
    },
  };
}

describe('others’ updates', () => {
  it('received within one frame reach the document at that frame, as one transaction and one observer call', () => {
    const remote = typedElsewhere();
    const doc = new Y.Doc();
    const provider = offlineProvider(doc);
    const frames = manualFrames();
    batchRemoteUpdates(provider, frames.schedule);
    const origins: unknown[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) => origins.push(transaction.origin));
    let observed = 0;
    doc.getText('t').observe(() => observed++);

    // Nothing is sent back: y-websocket sends a reply only when it is longer than its type.
    for (const message of remote.messages) expect(receive(provider, message)).toBeLessThanOrEqual(1);
    expect(doc.getText('t').toString()).toBe('');
    expect(frames.waiting).toBe(1);

    frames.frame();
    expect(doc.getText('t').toString()).toBe('abc');
    expect(origins).toEqual([provider]);
    expect(observed).toBe(1);
  });

  it('are not held while the server sends its state (sync step 2), nor after batching stops', () => {
    const remote = typedElsewhere();
    const doc = new Y.Doc();
    const provider = offlineProvider(doc);
    const frames = manualFrames();
    const stop = batchRemoteUpdates(provider, frames.schedule);

    receive(
      provider,
      syncMessage((e) => writeSyncStep2(e, remote.doc)),
    );
    expect(doc.getText('t').toString()).toBe('abc');
    expect(provider.synced).toBe(true);

    remote.doc.getText('t').insert(3, 'd');
    const last = remote.messages.at(-1) as Uint8Array;
    receive(provider, last);
    expect(doc.getText('t').toString()).toBe('abc');
    stop();
    expect(doc.getText('t').toString()).toBe('abcd');
    expect(frames.waiting).toBe(0);
    remote.doc.getText('t').insert(4, 'e');
    receive(provider, remote.messages.at(-1) as Uint8Array);
    expect(doc.getText('t').toString()).toBe('abcde');
  });
});

const schema = createDocumentSchema();
const replicas = new RescueReplicas();
afterEach(() => replicas.stop());

/** A change made in FR's editor (`edit` of its ProseMirror document), written to Yjs as the binding writes it. */
function editInEditor(doc: Y.Doc, edit: (transform: Transform) => void): void {
  const fragment = getFragment(doc);
  const { doc: before, meta } = initProseMirrorDoc(fragment, schema);
  const transform = new Transform(before);
  edit(transform);
  doc.transact(() => updateYFragment(doc, fragment, transform.doc, meta), ySyncPluginKey);
}

/** Where the text of the block at `index` starts in the editor's document. */
const blockStart = (transform: Transform, index: number) => {
  let start = 1;
  for (let i = 0; i < index; i++) start += transform.doc.child(i).nodeSize;
  return start;
};

/** The sync messages of what `doc` writes from now on, one a transaction, as the server relays them. */
function relay(doc: Y.Doc): Uint8Array[] {
  const messages: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => messages.push(syncMessage((e) => writeUpdate(e, update))));
  return messages;
}

describe('others’ updates that change the document’s shape', () => {
  // FR's Enter (or Backspace join) and FR's next keystroke come within one frame, while DE's own
  // characters in the paragraph have not reached FR: they must be rescued as when each came alone.
  it.each([
    {
      case: 'an Enter and the keystroke after it',
      change: (t: Transform) =>
        t.split(blockStart(t, 1) + 'Joi'.length, 1, [
          { type: t.doc.child(1).type, attrs: { ...t.doc.child(1).attrs, id: 'y' } },
        ]),
      next: (t: Transform) => t.insert(blockStart(t, 2), schema.text('A')),
      expected: ['Before. ', 'Joi', 'Aned [text] here. xyz', 'Next.'],
    },
    {
      case: 'a Backspace join and the keystroke after it',
      change: (t: Transform) => t.join(blockStart(t, 1) - 1),
      next: (t: Transform) => t.insert(blockStart(t, 0) + 'Before. Joi'.length, schema.text('B')),
      expected: ['Before. JoiBned [text] here. xyz', 'Next.'],
    },
  ])('keep the rescue of unsent characters after $case', async ({ change, next, expected }) => {
    const server = replicas.open();
    const fr = replicas.open(server);
    const de = replicas.open(server);
    const provider = offlineProvider(de);
    const frames = manualFrames();
    batchRemoteUpdates(provider, frames.schedule);
    const run = findBlockElement(de, 'x')?.toArray()[2];
    if (!(run instanceof Y.XmlText)) throw new Error('the paragraph ends with a text run');
    run.insert(' here.'.length, ' xyz');

    const messages = relay(fr);
    editInEditor(fr, change);
    editInEditor(fr, next);
    expect(messages).toHaveLength(2);
    for (const message of messages) receive(provider, message);
    frames.frame();
    await Promise.resolve();
    Y.applyUpdate(server, Y.encodeStateAsUpdate(fr));
    Y.applyUpdate(server, Y.encodeStateAsUpdate(de));
    Y.applyUpdate(fr, Y.encodeStateAsUpdate(server));

    for (const doc of [server, fr, de]) expect(readDocument(doc).blocks.map((b) => b.text)).toEqual(expected);
  });

  it('go in one transaction each, while the typing around them goes in merged', () => {
    const typist = replicas.open();
    const doc = replicas.open(typist);
    const provider = offlineProvider(doc);
    const frames = manualFrames();
    batchRemoteUpdates(provider, frames.schedule);
    let transactions = 0;
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      // Only a transaction that changes something makes the editor rebuild the document.
      if (transaction.changed.size > 0) transactions++;
    });

    const messages = relay(typist);
    const type = (text: string, block: number) =>
      editInEditor(typist, (t) => t.insert(blockStart(t, block), schema.text(text)));
    // A Backspace deleting a character is typing too.
    editInEditor(typist, (t) => t.delete(blockStart(t, 2), blockStart(t, 2) + 1));
    type('a', 2);
    type('b', 2);
    editInEditor(typist, (t) => t.join(blockStart(t, 2) - 1));
    type('c', 1);
    type('d', 1);
    expect(messages).toHaveLength(6);
    for (const message of messages) receive(provider, message);
    frames.frame();

    expect(transactions).toBe(3);
    expect(readDocument(doc).blocks.map((b) => b.text)).toEqual(
      readDocument(typist).blocks.map((b) => b.text),
    );
  });
});
