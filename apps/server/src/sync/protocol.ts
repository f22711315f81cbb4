/**
 * The sync socket speaks the y-websocket protocol, so a stock `WebsocketProvider` works unchanged, plus
 * one message of Accord's own that only clients asking for it ever see.
 *
 * Every frame is binary: a varUint message type, then its payload (lib0 encoding: varUint, and
 * varUint8Array = varUint length + bytes).
 *
 *   type 0  sync             varUint syncType, varUint8Array payload (y-protocols/sync)
 *                              0 SyncStep1   payload = the sender's state vector
 *                              1 SyncStep2   payload = an update with what the other side lacks
 *                              2 Update      payload = an update
 *   type 1  awareness        varUint8Array awareness update (y-protocols/awareness):
 *                              varUint count, then count × (varUint clientID, varUint clock, varString JSON state)
 *   type 3  query-awareness  no payload; the server answers with a type 1 message holding every state
 *   type 100 durable         server → client only, and only to connections opened with `?acks=1`:
 *                              varUint8Array state vector (Y.encodeStateVector) of the document as it was
 *                              when a group commit was cut. Every update the server had applied at
 *                              that moment is on disk. A client's edit is durable once the vector's
 *                              clock for the client's clientID exceeds the edit's clock. Then
 *                              varUint: how many of the connection's SyncStep2 and Update messages,
 *                              counted from the first on this socket, are all on disk (or needed no
 *                              storage); this also covers deletions, which no clock records.
 *
 * Flow: on connect (once the stored state is loaded) the server sends SyncStep1 and the awareness
 * states it knows; an ack connection then also gets a durable message for the state loaded. The client
 * sends SyncStep1 (answered with SyncStep2) and SyncStep2, then Updates as it edits. Updates that change
 * the document are relayed to the other connections and appended to the update log; after each commit
 * the ack connections whose updates it holds get a durable message (connections that only read get
 * none after the first). An ack connection that sends an update the document already had (a resend
 * after a reconnect, or a deletion of what is deleted) gets one once everything applied before it is
 * on disk, at once if it already is. Read-only connections (observer,
 * archivist) are answered but their SyncStep2 and Updates are dropped: never applied, stored or relayed.
 * Awareness changes go to every connection (the sender's own included), merged per AWARENESS_BATCH_MS
 * into one message holding the latest state of each client that changed.
 */
import * as encoding from 'lib0/encoding';
import { MAX_AWARENESS_ENTRIES } from './limits';

export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3, durable: 100 } as const;
export const SyncType = { step1: 0, step2: 1, update: 2 } as const;

/** Close codes (RFC 6455) the server uses. */
export const CloseCode = {
  /** Server shutting down. */
  goingAway: 1001,
  /** A message type the server does not speak. */
  unsupported: 1003,
  /** A message that cannot be decoded, or an update Yjs refuses. */
  malformed: 1007,
  /**
   * What the connection may not do: too many messages (the per-connection rate limit), writing as
   * another user's client, changing the header without the right.
   */
  policy: 1008,
  /** A frame over MAX_MESSAGE_BYTES (sent by `ws` itself). */
  tooBig: 1009,
  /** The stored state could not be loaded. */
  internalError: 1011,
  /** The client reads too slowly: its send buffer is over the limit. */
  tryAgainLater: 1013,
  /**
   * The session the socket was opened with ended (signed out, replaced by a sign-in, expired): HTTP's
   * 401 in the private range. y-websocket does not reconnect after a 44xx close, where it would only be
   * refused; the web app asks who is signed in instead.
   */
  sessionEnded: 4401,
} as const;

export type ClientMessage =
  | { readonly type: 'sync-step1'; readonly stateVector: Uint8Array }
  | { readonly type: 'sync-step2'; readonly update: Uint8Array }
  | { readonly type: 'update'; readonly update: Uint8Array; readonly exact: boolean }
  | { readonly type: 'awareness'; readonly update: Uint8Array }
  | { readonly type: 'query-awareness' }
  | { readonly type: 'unknown'; readonly messageType: number };

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class MalformedMessageError extends Error {
  override readonly name = 'MalformedMessageError';
}

/**
 * A bounds-checked reader. lib0's decoder trusts lengths, and a `ws` Buffer may be a view into a larger
 * pool, so a lying length could read bytes of other messages.
 */
export class ByteReader {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.bytes.length;
  }

  readVarUint(): number {
    let num = 0;
    let mult = 1;
    for (let shift = 0; shift < 53; shift += 7) {
      if (this.pos >= this.bytes.length) throw new MalformedMessageError('unexpected end of message');
      const byte = this.bytes[this.pos++] as number;
      num += (byte & 0x7f) * mult;
      if (byte < 0x80) return num;
      mult *= 128;
    }
    throw new MalformedMessageError('integer out of range');
  }

  readVarUint8Array(): Uint8Array {
    const length = this.readVarUint();
    if (length > this.bytes.length - this.pos) throw new MalformedMessageError('length beyond the message');
    const view = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return view;
  }

  readVarString(): string {
    try {
      return utf8.decode(this.readVarUint8Array());
    } catch (error) {
      if (error instanceof MalformedMessageError) throw error;
      throw new MalformedMessageError('text that is not UTF-8');
    }
  }
}

/** Decodes a frame from a client. Throws MalformedMessageError when it cannot be read. */
export function decodeClientMessage(frame: Uint8Array): ClientMessage {
  const reader = new ByteReader(frame);
  const messageType = reader.readVarUint();
  switch (messageType) {
    case MessageType.sync: {
      const syncType = reader.readVarUint();
      const payload = reader.readVarUint8Array();
      if (syncType === SyncType.step1) return { type: 'sync-step1', stateVector: payload };
      if (syncType === SyncType.step2) return { type: 'sync-step2', update: payload };
      if (syncType === SyncType.update) return { type: 'update', update: payload, exact: reader.done };
      throw new MalformedMessageError(`unknown sync message ${syncType}`);
    }
    case MessageType.awareness:
      return { type: 'awareness', update: reader.readVarUint8Array() };
    case MessageType.queryAwareness:
      return { type: 'query-awareness' };
    default:
      return { type: 'unknown', messageType };
  }
}

function encodeWith(messageType: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageType);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return encodeWith(MessageType.sync, (e) => {
    encoding.writeVarUint(e, SyncType.step1);
    encoding.writeVarUint8Array(e, stateVector);
  });
}

export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return encodeWith(MessageType.sync, (e) => {
    encoding.writeVarUint(e, SyncType.step2);
    encoding.writeVarUint8Array(e, update);
  });
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  return encodeWith(MessageType.sync, (e) => {
    encoding.writeVarUint(e, SyncType.update);
    encoding.writeVarUint8Array(e, update);
  });
}

export function encodeAwarenessMessage(awarenessUpdate: Uint8Array): Uint8Array {
  return encodeWith(MessageType.awareness, (e) => encoding.writeVarUint8Array(e, awarenessUpdate));
}

export function encodeDurable(stateVector: Uint8Array, messagesThrough: number): Uint8Array {
  return encodeWith(MessageType.durable, (e) => {
    encoding.writeVarUint8Array(e, stateVector);
    encoding.writeVarUint(e, messagesThrough);
  });
}

/** Reads a durable message; null if the frame is not one. */
export function decodeDurable(
  frame: Uint8Array,
): { readonly stateVector: Uint8Array; readonly messagesThrough: number } | null {
  const reader = new ByteReader(frame);
  if (reader.readVarUint() !== MessageType.durable) return null;
  const stateVector = reader.readVarUint8Array();
  return { stateVector, messagesThrough: reader.readVarUint() };
}

export interface AwarenessEntry {
  readonly clientId: number;
  readonly clock: number;
  /** The state as JSON text; "null" when the client left. */
  readonly state: string;
}

/** Refuses (MalformedMessageError) a count above `maxEntries` before reading any entry. */
export function decodeAwarenessUpdate(
  update: Uint8Array,
  maxEntries = MAX_AWARENESS_ENTRIES,
): AwarenessEntry[] {
  const reader = new ByteReader(update);
  const count = reader.readVarUint();
  if (count > maxEntries) throw new MalformedMessageError(`more than ${maxEntries} awareness entries`);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = reader.readVarUint();
    const clock = reader.readVarUint();
    entries.push({ clientId, clock, state: reader.readVarString() });
  }
  return entries;
}

export function encodeAwarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.state);
  }
  return encoding.toUint8Array(encoder);
}
