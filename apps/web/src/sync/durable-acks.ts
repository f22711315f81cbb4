/**
 * The server's durability acks (message type 100 on the sync socket, sent only to connections opened
 * with `?acks=1`; see apps/server's sync protocol): a state vector of everything on disk. This client's
 * edits are durable once that vector's clock for our clientID has reached our own clock.
 */
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';

export const MESSAGE_DURABLE = 100;

/** Reads the payload of a durable message, after its type: the durable state vector. */
export function readDurableStateVector(decoder: decoding.Decoder): Map<number, number> {
  return Y.decodeStateVector(decoding.readVarUint8Array(decoder));
}

/** How far this client's own edits go: the next clock Yjs will give our clientID. */
export function getOwnClock(doc: Y.Doc): number {
  return Y.getState(doc.store, doc.clientID);
}

/** Whether every edit this client made up to `ownClock` is durable on the server. */
export function isDurable(durable: ReadonlyMap<number, number>, clientId: number, ownClock: number): boolean {
  return (durable.get(clientId) ?? 0) >= ownClock;
}
