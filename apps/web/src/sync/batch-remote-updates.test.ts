import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import { writeSyncStep2, writeUpdate } from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
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
