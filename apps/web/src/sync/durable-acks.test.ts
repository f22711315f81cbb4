import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { getOwnClock, isDurable, readDurableAck, readSentKind, SentChanges } from './durable-acks';

function encodeDurablePayload(doc: Y.Doc, messagesThrough: number | null = null): decoding.Decoder {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint8Array(encoder, Y.encodeStateVector(doc));
  if (messagesThrough !== null) encoding.writeVarUint(encoder, messagesThrough);
  return decoding.createDecoder(encoding.toUint8Array(encoder));
}

const readDurableStateVector = (decoder: decoding.Decoder) => readDurableAck(decoder).stateVector;

describe('durability acks', () => {
  it('count a client as saved only once the durable vector reaches its own clock', () => {
    const client = new Y.Doc();
    const server = new Y.Doc();
    client.getText('t').insert(0, 'hello');
    const before = readDurableStateVector(encodeDurablePayload(server));
    expect(isDurable(before, client.clientID, getOwnClock(client))).toBe(false);

    Y.applyUpdate(server, Y.encodeStateAsUpdate(client));
    const after = readDurableStateVector(encodeDurablePayload(server));
    expect(isDurable(after, client.clientID, getOwnClock(client))).toBe(true);

    client.getText('t').insert(5, '!');
    expect(isDurable(after, client.clientID, getOwnClock(client))).toBe(false);
  });

  it('count a client that never edited as saved', () => {
    const client = new Y.Doc();
    expect(isDurable(new Map(), client.clientID, getOwnClock(client))).toBe(true);
  });

  it('ignore what other clients have on disk', () => {
    const client = new Y.Doc();
    const other = new Y.Doc();
    other.getText('t').insert(0, 'theirs');
    client.getText('t').insert(0, 'mine');
    const durable = readDurableStateVector(encodeDurablePayload(other));
    expect(isDurable(durable, client.clientID, getOwnClock(client))).toBe(false);
  });
});

describe('durable acks counting messages', () => {
  it('read the count of durable messages, and none from a server that does not send it', () => {
    const doc = new Y.Doc();
    expect(readDurableAck(encodeDurablePayload(doc, 7)).messagesThrough).toBe(7);
    expect(readDurableAck(encodeDurablePayload(doc)).messagesThrough).toBeNull();
  });

  it('tell SyncStep2 and Update messages from the rest', () => {
    expect(readSentKind(Uint8Array.of(0, 1, 0))).toBe('step2');
    expect(readSentKind(Uint8Array.of(0, 2, 0))).toBe('update');
    expect(readSentKind(Uint8Array.of(0, 0, 0))).toBeNull(); // SyncStep1
    expect(readSentKind(Uint8Array.of(1, 0))).toBeNull(); // awareness
  });

  it('count a change saved once the message that carried it is durable', () => {
    const sent = new SentChanges();
    sent.opened();
    sent.sentMessage('step2');
    sent.acknowledged(1);
    expect(sent.settled).toBe(true);
    // A deletion: the provider sends it as message 2, then reports the change.
    sent.sentMessage('update');
    sent.changed();
    expect(sent.settled).toBe(false);
    sent.acknowledged(1);
    expect(sent.settled).toBe(false);
    sent.acknowledged(2);
    expect(sent.settled).toBe(true);
  });

  it('wait for the next SyncStep2 after a change made with no socket, or lost with one', () => {
    const sent = new SentChanges();
    sent.opened();
    sent.sentMessage('update');
    sent.changed();
    // The socket closes before the ack; offline, another change.
    sent.changed();
    expect(sent.settled).toBe(false);
    sent.opened();
    sent.sentMessage('update'); // typed after reconnecting, before the SyncStep2 went out
    sent.changed();
    sent.acknowledged(1);
    expect(sent.settled).toBe(false);
    sent.sentMessage('step2'); // message 2: carries what the server lacks, every deletion included
    sent.acknowledged(1);
    expect(sent.settled).toBe(false);
    sent.acknowledged(2);
    expect(sent.settled).toBe(true);
  });

  it('trust the clocks alone when the server does not count messages', () => {
    const sent = new SentChanges();
    sent.opened();
    sent.sentMessage('update');
    sent.changed();
    sent.acknowledged(null);
    expect(sent.settled).toBe(true);
  });
});
