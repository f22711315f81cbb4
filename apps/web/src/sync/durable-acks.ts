/**
 * The server's durability acks (message type 100 on the sync socket, sent only to connections opened
 * with `?acks=1`; see apps/server's sync protocol): a state vector of everything on disk, and how many
 * of the socket's SyncStep2 and Update messages are. This client's edits are durable once that
 * vector's clock for our clientID has reached our own clock and the count has reached the last message
 * that carried a change of ours (a deletion adds no clock).
 */
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';

export const MESSAGE_DURABLE = 100;

export interface DurableAck {
  /** What is on disk, by clientID. */
  readonly stateVector: Map<number, number>;
  /** How many of this socket's SyncStep2 and Update messages are on disk; null from a server that does not say. */
  readonly messagesThrough: number | null;
}

/** Reads the payload of a durable message, after its type. */
export function readDurableAck(decoder: decoding.Decoder): DurableAck {
  const stateVector = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
  const messagesThrough = decoding.hasContent(decoder) ? decoding.readVarUint(decoder) : null;
  return { stateVector, messagesThrough };
}

/** What kind of sync message `frame` is, if it carries changes: a SyncStep2 or an Update. */
export function readSentKind(frame: Uint8Array): 'step2' | 'update' | null {
  // messageSync (0), then the sync type: both below 128, so one byte each.
  if (frame[0] !== 0) return null;
  return frame[1] === 1 ? 'step2' : frame[1] === 2 ? 'update' : null;
}

/**
 * Whether the server has on disk every change this client sent, counted in messages: the server
 * numbers the SyncStep2 and Update messages it receives on a socket and says in each durable message
 * how many of them are on disk. A deletion adds no clock, so clocks alone would call it saved at once.
 */
export class SentChanges {
  /** SyncStep2 and Update messages sent on the current socket. */
  private sent = 0;
  /** The Update message the provider has just sent, for the change being reported. */
  private justSent: number | null = null;
  /** The last message on this socket holding a change of ours. */
  private through = 0;
  /** A change not sent on any socket: the next SyncStep2 carries it (with every deletion). */
  private resend = false;
  /** The latest count of durable messages on this socket. */
  private durable = 0;

  /** A socket opened: what the last one had not confirmed goes in this one's SyncStep2. */
  opened(): void {
    if (this.durable < this.through) this.resend = true;
    this.sent = 0;
    this.justSent = null;
    this.through = 0;
    this.durable = 0;
  }

  /** A SyncStep2 or Update message went out on the socket. */
  sentMessage(kind: 'step2' | 'update'): void {
    this.sent += 1;
    if (kind === 'update') this.justSent = this.sent;
    else if (this.resend) {
      this.through = this.sent;
      this.resend = false;
    }
  }

  /** A change of this client's: the provider has just sent it as an Update, unless no socket was open. */
  changed(): void {
    if (this.justSent !== null) this.through = Math.max(this.through, this.justSent);
    else this.resend = true;
    this.justSent = null;
  }

  /** A durable message arrived; a server that does not count messages confirms by clocks alone. */
  acknowledged(messagesThrough: number | null): void {
    this.durable = Math.max(this.durable, messagesThrough ?? Number.POSITIVE_INFINITY);
  }

  /** Every change sent is on disk, as far as counting messages tells. */
  get settled(): boolean {
    return !this.resend && this.durable >= this.through;
  }
}

/** How far this client's own edits go: the next clock Yjs will give our clientID. */
export function getOwnClock(doc: Y.Doc): number {
  return Y.getState(doc.store, doc.clientID);
}

/** Whether every edit this client made up to `ownClock` is durable on the server. */
export function isDurable(durable: ReadonlyMap<number, number>, clientId: number, ownClock: number): boolean {
  return (durable.get(clientId) ?? 0) >= ownClock;
}
