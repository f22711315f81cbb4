import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import {
  ByteReader,
  decodeAwarenessUpdate,
  decodeClientMessage,
  decodeDurable,
  encodeAwarenessUpdate,
  encodeDurable,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  MalformedMessageError,
  MessageType,
} from './protocol';

function docWithText(text: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return doc;
}

describe('the sync protocol', () => {
  it('reads the messages a stock y-protocols client writes', () => {
    const doc = docWithText('hello');
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeSyncStep1(encoder, doc);
    const step1 = decodeClientMessage(encoding.toUint8Array(encoder));
    expect(step1.type).toBe('sync-step1');
    if (step1.type === 'sync-step1') expect(step1.stateVector).toEqual(Y.encodeStateVector(doc));

    const update = Y.encodeStateAsUpdate(doc);
    const message = decodeClientMessage(encodeUpdate(update));
    expect(message).toMatchObject({ type: 'update', exact: true });
    if (message.type === 'update') expect(message.update).toEqual(update);
  });

  it('writes messages a stock y-protocols client applies', () => {
    const server = docWithText('from the server');
    const client = new Y.Doc();
    for (const frame of [
      encodeSyncStep2(Y.encodeStateAsUpdate(server)),
      encodeUpdate(Y.encodeStateAsUpdate(server)),
    ]) {
      const decoder = decoding.createDecoder(frame);
      expect(decoding.readVarUint(decoder)).toBe(MessageType.sync);
      syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), client, null);
    }
    expect(client.getText('t').toString()).toBe('from the server');
    const step1 = decodeClientMessage(encodeSyncStep1(Y.encodeStateVector(server)));
    expect(step1.type).toBe('sync-step1');
  });

  it('round-trips the durable message carrying a state vector and a count of messages', () => {
    const vector = Y.encodeStateVector(docWithText('x'));
    const frame = encodeDurable(vector, 300);
    expect(frame[0]).toBe(100);
    expect(decodeDurable(frame)).toEqual({ stateVector: vector, messagesThrough: 300 });
    // A reader of the state vector alone (an older client) reads it unchanged.
    const decoder = decoding.createDecoder(frame);
    decoding.readVarUint(decoder);
    expect(decoding.readVarUint8Array(decoder)).toEqual(vector);
    expect(decodeDurable(encodeUpdate(new Uint8Array([0, 0])))).toBeNull();
  });

  it('round-trips awareness updates', () => {
    const entries = [
      { clientId: 7, clock: 3, state: '{"cursor":null}' },
      { clientId: 2 ** 40, clock: 0, state: 'null' },
    ];
    expect(decodeAwarenessUpdate(encodeAwarenessUpdate(entries))).toEqual(entries);
  });

  it.each([
    ['an empty frame', []],
    ['a sync message without its payload', [0, 0]],
    ['a length beyond the frame', [0, 2, 50, 1, 2]],
    ['an unknown sync type', [0, 9, 0]],
    ['an unterminated integer', [0xff, 0xff]],
  ])('refuses %s as malformed', (_, bytes) => {
    expect(() => decodeClientMessage(Uint8Array.from(bytes))).toThrow(MalformedMessageError);
  });

  it('never reads past the end of a view into a larger buffer', () => {
    const pool = Uint8Array.from([0, 2, 5, 1, 2, 3, 4, 5, 6, 7]);
    expect(() => decodeClientMessage(pool.subarray(0, 5))).toThrow(MalformedMessageError);
  });

  it('reports message types it does not speak instead of failing', () => {
    expect(decodeClientMessage(Uint8Array.from([42]))).toEqual({ type: 'unknown', messageType: 42 });
  });

  it('refuses an awareness update declaring more entries than a meeting has, before reading them', () => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 2_700_000);
    for (let i = 0; i < 3; i++) encoding.writeUint8Array(encoder, Uint8Array.of(1, 1, 0));
    expect(() => decodeAwarenessUpdate(encoding.toUint8Array(encoder))).toThrow(/awareness entries/);
  });

  it('refuses awareness text that is not UTF-8', () => {
    const bytes = Uint8Array.from([1, 1, 0, 2, 0xc3, 0x28]);
    expect(() => decodeAwarenessUpdate(bytes)).toThrow(MalformedMessageError);
  });

  it('reads large unsigned integers like lib0 writes them', () => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 2 ** 50 + 3);
    expect(new ByteReader(encoding.toUint8Array(encoder)).readVarUint()).toBe(2 ** 50 + 3);
  });
});
