import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { getOwnClock, isDurable, readDurableStateVector } from './durable-acks';

function encodeDurablePayload(doc: Y.Doc): decoding.Decoder {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint8Array(encoder, Y.encodeStateVector(doc));
  return decoding.createDecoder(encoding.toUint8Array(encoder));
}

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
