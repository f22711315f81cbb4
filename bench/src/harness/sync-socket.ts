/**
 * The client side of each server's sync protocol over a RawWebSocket, doing only what a client must:
 *
 *   yws         y-websocket (Accord, stock): on open send SyncStep1; answer the server's SyncStep1 with
 *               a SyncStep2; synced once the server's SyncStep2 arrives. Accord adds type 100 (durable).
 *   hocuspocus  every message starts with the document name (varString); on open send an Auth message
 *               (type 2, Token) and, once Authenticated, SyncStep1; the server answers with SyncStep2
 *               and its own SyncStep1 as a SyncReply (type 4), which is answered like the yws one.
 *   relay       no handshake: the raw relay forwards frames, so the socket is synced once open.
 *
 * Incoming updates are handed over as the update's bytes; `readUpdateKey` reads the first struct's
 * (client, clock) out of them without decoding the rest.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { RawWebSocket } from './raw-websocket';

export type Wire = 'yws' | 'hocuspocus' | 'relay';

const MESSAGE = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3, syncReply: 4, durable: 100 } as const;
const SYNC = { step1: 0, step2: 1, update: 2 } as const;
const AUTH = { token: 0, denied: 1, authenticated: 2 } as const;

/** An update that changes nothing: no structs, empty delete set. */
export const EMPTY_UPDATE = new Uint8Array([0, 0]);
/** An empty state vector: "send me everything". */
export const EMPTY_STATE_VECTOR = new Uint8Array([0]);

export interface SyncTarget {
  readonly wire: Wire;
  readonly host: string;
  readonly port: number;
  /** The upgrade path, query included. */
  readonly path: string;
  /** Hocuspocus only: the document name every message is prefixed with, and the auth token. */
  readonly documentName: string;
  readonly token: string;
}

export interface SyncSocketHandlers {
  /** The server's SyncStep1: returns the update to answer with (default: an empty one). */
  answerStep1?(stateVector: Uint8Array): Uint8Array;
  /** The state vector to send in our SyncStep1 (default: empty, i.e. ask for everything). */
  stateVector?(): Uint8Array;
  onSynced?(update: Uint8Array, arrivedAt: number): void;
  onUpdate?(update: Uint8Array, arrivedAt: number): void;
  /**
   * Instead of onUpdate: the clock ranges [from, to) of each client the update holds. An update with
   * one struct (one keystroke) is read without decoding it: its range is [clock, clock + 1), enough to
   * find the keystroke by its first clock; a merged one (several structs) is decoded.
   */
  onUpdateRange?(client: number, from: number, to: number, arrivedAt: number): void;
  onDurable?(stateVector: Uint8Array, arrivedAt: number): void;
  onAwareness?(update: Uint8Array, arrivedAt: number): void;
  onClose?(code: number | null): void;
}

/**
 * A varUint reader over one message at a time, shared and reset per message: the receive path runs
 * hundreds of thousands of times a second in S2 and must not allocate.
 */
const reader = { bytes: new Uint8Array(0) as Uint8Array, pos: 0 };

/**
 * The clock ranges of a merged update, decoded once for all receivers: a server sends every receiver
 * the same bytes, and 300 receivers share the load generator's one core, where a browser would each
 * have their own.
 */
let lastMerged: { readonly bytes: Buffer; readonly ranges: readonly [number, number, number][] } | null =
  null;

function rangesOf(update: Uint8Array): readonly [number, number, number][] {
  if (lastMerged?.bytes.equals(update)) return lastMerged.ranges;
  const ranges = Y.decodeUpdate(update).structs.map(
    (struct) =>
      [struct.id.client, struct.id.clock, struct.id.clock + struct.length] as [number, number, number],
  );
  lastMerged = { bytes: Buffer.from(update), ranges };
  return ranges;
}

function readVarUint(): number {
  let num = 0;
  let mult = 1;
  const bytes = reader.bytes;
  for (;;) {
    const byte = bytes[reader.pos++];
    if (byte === undefined) throw new Error('message ends early');
    num += (byte & 0x7f) * mult;
    if (byte < 0x80) return num;
    mult *= 128;
  }
}

function readVarUint8Array(): Uint8Array {
  const length = readVarUint();
  const view = reader.bytes.subarray(reader.pos, reader.pos + length);
  reader.pos += length;
  return view;
}

/**
 * The first struct's client and clock of a Yjs (v1) update, or null when it has none: an update starts
 * with the number of clients, then per client the number of structs, the client id and the first clock.
 */
export function readUpdateKey(update: Uint8Array): { client: number; clock: number } | null {
  const saved = reader.bytes;
  const savedPos = reader.pos;
  reader.bytes = update;
  reader.pos = 0;
  try {
    if (readVarUint() === 0) return null;
    readVarUint();
    const client = readVarUint();
    return { client, clock: readVarUint() };
  } finally {
    reader.bytes = saved;
    reader.pos = savedPos;
  }
}

export class SyncSocket {
  synced = false;
  readonly whenSynced: Promise<void>;
  private resolveSynced!: () => void;
  private rejectSynced!: (error: Error) => void;
  private readonly prefix: Uint8Array;

  private constructor(
    readonly target: SyncTarget,
    private readonly handlers: SyncSocketHandlers,
  ) {
    this.whenSynced = new Promise((resolve, reject) => {
      this.resolveSynced = resolve;
      this.rejectSynced = reject;
    });
    this.whenSynced.catch(() => {});
    if (target.wire === 'hocuspocus') {
      const e = encoding.createEncoder();
      encoding.writeVarString(e, target.documentName);
      this.prefix = encoding.toUint8Array(e);
    } else {
      this.prefix = new Uint8Array(0);
    }
  }

  socket!: RawWebSocket;

  static async open(target: SyncTarget, handlers: SyncSocketHandlers = {}): Promise<SyncSocket> {
    const sync = new SyncSocket(target, handlers);
    sync.socket = await RawWebSocket.open(target.host, target.port, target.path, {
      onMessage: (payload, at) => sync.receive(payload, at),
      onClose: (code) => {
        if (!sync.synced) sync.rejectSynced(new Error(`closed (${code}) before synced`));
        handlers.onClose?.(code);
      },
    });
    sync.start();
    sync.socket.start();
    return sync;
  }

  get isOpen(): boolean {
    return this.socket.isOpen;
  }

  private start(): void {
    switch (this.target.wire) {
      case 'relay':
        this.markSynced(new Uint8Array(0), performance.now());
        return;
      case 'yws':
        this.sendSyncStep1();
        return;
      case 'hocuspocus':
        this.send((e) => {
          encoding.writeVarUint(e, MESSAGE.auth);
          encoding.writeVarUint(e, AUTH.token);
          encoding.writeVarString(e, this.target.token);
        });
        return;
    }
  }

  private sendSyncStep1(): void {
    const sv = this.handlers.stateVector?.() ?? EMPTY_STATE_VECTOR;
    this.send((e) => {
      encoding.writeVarUint(e, MESSAGE.sync);
      encoding.writeVarUint(e, SYNC.step1);
      encoding.writeVarUint8Array(e, sv);
    });
  }

  private markSynced(update: Uint8Array, at: number): void {
    if (this.synced) return;
    this.synced = true;
    this.handlers.onSynced?.(update, at);
    this.resolveSynced();
  }

  private send(write: (e: encoding.Encoder) => void): void {
    const e = encoding.createEncoder();
    if (this.prefix.length > 0) encoding.writeUint8Array(e, this.prefix);
    write(e);
    this.socket.send(encoding.toUint8Array(e));
  }

  /** Sends an Update message carrying `update`. */
  sendUpdate(update: Uint8Array): void {
    this.send((e) => {
      encoding.writeVarUint(e, MESSAGE.sync);
      encoding.writeVarUint(e, SYNC.update);
      encoding.writeVarUint8Array(e, update);
    });
  }

  /** Sends an awareness message carrying an encoded awareness update. */
  sendAwareness(update: Uint8Array): void {
    this.send((e) => {
      encoding.writeVarUint(e, MESSAGE.awareness);
      encoding.writeVarUint8Array(e, update);
    });
  }

  /** Sends an already encoded message (the prefix is added for Hocuspocus). */
  sendRaw(message: Uint8Array): void {
    if (this.prefix.length === 0) this.socket.send(message);
    else this.send((e) => encoding.writeUint8Array(e, message));
  }

  close(): void {
    this.socket.close();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private receive(payload: Buffer, at: number): void {
    reader.bytes = payload;
    reader.pos = 0;
    if (this.prefix.length > 0) {
      const nameLength = readVarUint();
      reader.pos += nameLength;
    }
    const type = readVarUint();
    switch (type) {
      case MESSAGE.sync:
      case MESSAGE.syncReply: {
        const syncType = readVarUint();
        if (syncType === SYNC.update && this.handlers.onUpdateRange !== undefined) {
          const length = readVarUint();
          const start = reader.pos;
          const clients = readVarUint();
          if (clients === 0) return;
          const structs = readVarUint();
          if (clients === 1 && structs === 1) {
            const client = readVarUint();
            const clock = readVarUint();
            this.handlers.onUpdateRange(client, clock, clock + 1, at);
            return;
          }
          const update = reader.bytes.subarray(start, start + length);
          for (const [client, from, to] of rangesOf(update))
            this.handlers.onUpdateRange(client, from, to, at);
          return;
        }
        const body = readVarUint8Array();
        if (syncType === SYNC.update) this.handlers.onUpdate?.(body, at);
        else if (syncType === SYNC.step2) this.markSynced(body, at);
        else if (syncType === SYNC.step1) {
          if (this.target.wire === 'relay' && this.handlers.answerStep1 === undefined) return;
          const answer = this.handlers.answerStep1?.(body) ?? EMPTY_UPDATE;
          this.send((e) => {
            encoding.writeVarUint(e, MESSAGE.sync);
            encoding.writeVarUint(e, SYNC.step2);
            encoding.writeVarUint8Array(e, answer);
          });
        }
        return;
      }
      case MESSAGE.awareness:
        this.handlers.onAwareness?.(readVarUint8Array(), at);
        return;
      case MESSAGE.auth: {
        if (this.target.wire !== 'hocuspocus') return;
        const authType = readVarUint();
        if (authType === AUTH.authenticated) this.sendSyncStep1();
        else if (authType === AUTH.denied) {
          this.rejectSynced(new Error('hocuspocus refused the token'));
          this.socket.close();
        }
        return;
      }
      case MESSAGE.durable:
        this.handlers.onDurable?.(readVarUint8Array(), at);
        return;
      default:
        return;
    }
  }
}
