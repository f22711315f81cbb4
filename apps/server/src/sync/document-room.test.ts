import { BLOCK_NODE, FOOTNOTE_NODE, getFragment, getMeta } from '@accord/ydoc';
import * as decoding from 'lib0/decoding';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { DocumentRoom, reshapesDocument } from './document-room';
import type { FramedMessage } from './framed-broadcast';
import { encodeUpdate } from './protocol';
import type { SyncConnection } from './sync-connection';

/** A connection that records what it is sent. */
function fakeConnection(room: DocumentRoom): SyncConnection & { readonly frames: Uint8Array[] } {
  const frames: Uint8Array[] = [];
  const connection = {
    started: true,
    closed: false,
    frames,
    send: (frame: Uint8Array) => frames.push(frame),
    sendFramed: (message: FramedMessage) => frames.push(message.payload),
  };
  room.connections.add(connection as unknown as SyncConnection);
  return connection as unknown as SyncConnection & { readonly frames: Uint8Array[] };
}

function typed(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

/** The Update message a client sends for `text`. */
const typedFrame = (text: string) => encodeUpdate(typed(text));

/** Applies Update messages to a fresh document and returns its text. */
function textOf(frames: readonly Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const frame of frames) {
    const decoder = decoding.createDecoder(frame);
    expect([decoding.readVarUint(decoder), decoding.readVarUint(decoder)]).toEqual([0, 2]);
    Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
  }
  return doc.getText('t').toString();
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('relaying updates from a document room', () => {
  it('passes a lone update on as the frame it came in, to everyone but its sender', async () => {
    const room = new DocumentRoom('d');
    const [writer, reader] = [fakeConnection(room), fakeConnection(room)];
    const update = typed('a');
    const frame = encodeUpdate(update);
    room.relay(update, frame, writer);
    expect(reader.frames).toEqual([]);
    await nextTurn();
    expect(reader.frames).toEqual([frame]);
    expect(writer.frames).toEqual([]);
  });

  it('merges the updates of one turn of the event loop into one message', async () => {
    const room = new DocumentRoom('d');
    const [first, second, reader] = [fakeConnection(room), fakeConnection(room), fakeConnection(room)];
    room.relay(typed('a'), null, first);
    room.relay(typed('b'), null, second);
    room.relay(typed('c'), null, null);
    await nextTurn();
    expect(reader.frames).toHaveLength(1);
    expect(textOf(reader.frames).split('').sort().join('')).toBe('abc');
    // With several sources each gets the merge, its own part included (Yjs ignores what it has).
    expect(first.frames).toHaveLength(1);
    expect(second.frames).toHaveLength(1);
  });

  it('leaves out the one sender of a merged batch', async () => {
    const room = new DocumentRoom('d');
    const [writer, reader] = [fakeConnection(room), fakeConnection(room)];
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    doc.getText('t').insert(0, 'x');
    doc.getText('t').insert(1, 'y');
    for (const update of updates) room.relay(update, null, writer);
    await nextTurn();
    expect(writer.frames).toEqual([]);
    expect(textOf(reader.frames)).toBe('xy');
  });
});

describe('relaying a busy document', () => {
  it('holds updates that follow a relay within the interval and sends them merged once it has passed', async () => {
    // The room's clock and timers are faked, so a loaded machine cannot stretch the interval or the
    // turns between the relays (turns still pass for real).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const interval = 40;
      const room = new DocumentRoom('d', interval);
      const [writer, reader] = [fakeConnection(room), fakeConnection(room)];
      room.relay(typed('a'), null, writer);
      await nextTurn();
      expect(reader.frames).toHaveLength(1);
      room.relay(typed('b'), null, writer);
      await nextTurn();
      room.relay(typed('c'), null, writer);
      await nextTurn();
      vi.advanceTimersByTime(interval - 1);
      expect(reader.frames).toHaveLength(1);
      vi.advanceTimersByTime(1);
      expect(reader.frames).toHaveLength(2);
      expect(textOf(reader.frames.slice(1)).split('').sort().join('')).toBe('bc');
      expect(writer.frames).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('sends held updates at once when asked to (before the server answers a query)', async () => {
    const room = new DocumentRoom('d', 60_000);
    const [writer, reader] = [fakeConnection(room), fakeConnection(room)];
    room.relay(typed('a'), null, writer);
    await nextTurn();
    room.relay(typed('b'), null, writer);
    expect(reader.frames).toHaveLength(1);
    room.flushRelays();
    expect(reader.frames).toHaveLength(2);
    room.flushRelays();
    expect(reader.frames).toHaveLength(2);
    // Two independent inserts at 0: their order is Yjs's (by client id), not the order sent.
    expect(textOf(reader.frames).split('').sort().join('')).toBe('ab');
    // Cancelling the held relay's timer left Node's immediates working (clearImmediate on a timeout
    // once broke them: a later test's setImmediate never ran).
    await nextTurn();
  });

  it('with no interval, sends the updates of each turn at the end of that turn', async () => {
    const room = new DocumentRoom('d', 0);
    const [writer, reader] = [fakeConnection(room), fakeConnection(room)];
    for (const text of ['a', 'b', 'c']) {
      room.relay(typed(text), null, writer);
      await nextTurn();
    }
    expect(reader.frames).toHaveLength(3);
  });
});

describe('relaying a checked update before it is applied', () => {
  it('sends it at once to everyone but its sender when nothing is held', () => {
    const room = new DocumentRoom('d', 40);
    const [writer, reader] = [fakeConnection(room), fakeConnection(room)];
    const update = typed('a');
    const frame = encodeUpdate(update);
    expect(room.relayAhead(frame, writer)).toBe(true);
    expect(reader.frames).toEqual([frame]);
    expect(writer.frames).toEqual([]);
  });

  it('never lets it overtake an update that is held', async () => {
    const room = new DocumentRoom('d', 0);
    const [writer, reader] = [fakeConnection(room), fakeConnection(room)];
    room.relay(typed('a'), null, writer);
    expect(room.relayAhead(typedFrame('b'), writer)).toBe(false);
    room.relay(typed('b'), null, writer);
    await nextTurn();
    expect(reader.frames).toHaveLength(1);
    expect(textOf(reader.frames).split('').sort().join('')).toBe('ab');
    expect(room.relayAhead(typedFrame('c'), writer)).toBe(true);
    expect(reader.frames).toHaveLength(2);
  });

  it('sends the rest of that turn at its end, merged, and holds what comes later', async () => {
    const room = new DocumentRoom('d', 60_000);
    const [writer, reader] = [fakeConnection(room), fakeConnection(room)];
    expect(room.relayAhead(typedFrame('a'), writer)).toBe(true);
    expect(room.relayAhead(typedFrame('b'), writer)).toBe(false);
    room.relay(typed('b'), null, writer);
    room.relay(typed('c'), null, writer);
    expect(reader.frames).toHaveLength(1);
    await nextTurn();
    expect(reader.frames).toHaveLength(2);
    expect(textOf(reader.frames.slice(1)).split('').sort().join('')).toBe('bc');
    room.relay(typed('d'), null, writer);
    await nextTurn();
    expect(reader.frames).toHaveLength(2);
    room.flushRelays();
  });

  it('relays ahead in a room of 300 as in a small one', () => {
    const room = new DocumentRoom('d', 0);
    const writer = fakeConnection(room);
    const readers = Array.from({ length: 300 }, () => fakeConnection(room));
    expect(room.relayAhead(typedFrame('a'), writer)).toBe(true);
    expect(readers.every((reader) => reader.frames.length === 1)).toBe(true);
    expect(writer.frames).toHaveLength(0);
  });

  it('leaves it to the merged relay while the document is busy (within the interval)', () => {
    const room = new DocumentRoom('d', 60_000);
    const writer = fakeConnection(room);
    fakeConnection(room);
    expect(room.relayAhead(typedFrame('a'), writer)).toBe(true);
    expect(room.relayAhead(typedFrame('b'), writer)).toBe(false);
  });
});

describe('the whole document for clients that have nothing yet', () => {
  it('is encoded once and reused until the document changes', () => {
    const room = new DocumentRoom('d');
    room.doc.getText('t').insert(0, 'first');
    const once = room.getFullState();
    expect(room.getFullState()).toBe(once);
    room.doc.getText('t').insert(5, ' second');
    const again = room.getFullState();
    expect(again).not.toBe(once);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, again);
    expect(copy.getText('t').toString()).toBe('first second');
    room.dropFullState();
  });

  it('can start from the snapshot a document was loaded from', () => {
    const room = new DocumentRoom('d');
    const snapshot = typed('stored');
    Y.applyUpdate(room.doc, snapshot);
    room.keepFullState(snapshot);
    expect(room.getFullState()).toBe(snapshot);
    room.doc.getText('t').insert(0, '!');
    expect(room.getFullState()).not.toBe(snapshot);
    room.dropFullState();
  });
});

describe('relaying an update that reshapes the document', () => {
  it('sends it as a message of its own, between the merges of the updates before and after it', async () => {
    const room = new DocumentRoom('d');
    const [first, second, reader] = [fakeConnection(room), fakeConnection(room), fakeConnection(room)];
    room.relay(typed('a'), null, first);
    room.relay(typed('b'), null, second);
    room.relay(typed('X'), null, first, true);
    room.relay(typed('c'), null, second);
    room.relay(typed('d'), null, first);
    await nextTurn();
    // Another delegation's keystroke never rides in the message of a split, a join or a footnote.
    expect(reader.frames.map((frame) => textOf([frame]).split('').sort().join(''))).toEqual([
      'ab',
      'X',
      'cd',
    ]);
  });
});

describe('reshapesDocument', () => {
  /** A document of one paragraph holding one run of text, and what `change` does to it. */
  function judge(change: (paragraph: Y.XmlElement, run: Y.XmlText, doc: Y.Doc) => void): boolean {
    const doc = new Y.Doc();
    const paragraph = new Y.XmlElement(BLOCK_NODE);
    const run = new Y.XmlText('The Council recalls');
    paragraph.insert(0, [run]);
    getFragment(doc).insert(0, [paragraph]);
    let judged: boolean | null = null;
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      judged = reshapesDocument(transaction);
    });
    doc.transact(() => change(paragraph, run, doc));
    return judged as unknown as boolean;
  }

  it.each<[string, (paragraph: Y.XmlElement, run: Y.XmlText, doc: Y.Doc) => void, boolean]>([
    ['typing', (_p, run) => run.insert(3, 'x'), false],
    ['a deletion within the text', (_p, run) => run.delete(0, 4), false],
    ['square brackets marked', (_p, run) => run.format(4, 7, { bracket: {} }), false],
    ['a header field', (_p, _r, doc) => getMeta(doc).set('subject', 'Cyber'), false],
    [
      'a new paragraph (Enter)',
      (_p, _r, doc) => getFragment(doc).insert(1, [new Y.XmlElement(BLOCK_NODE)]),
      true,
    ],
    ['a paragraph deleted (a join)', (_p, _r, doc) => getFragment(doc).delete(0, 1), true],
    ['a footnote put in', (paragraph) => paragraph.insert(1, [new Y.XmlElement(FOOTNOTE_NODE)]), true],
    ['a kind changed', (paragraph) => paragraph.setAttribute('kind', 'bullet'), true],
  ])('%s', (_name, change, expected) => {
    expect(judge(change)).toBe(expected);
  });
});
