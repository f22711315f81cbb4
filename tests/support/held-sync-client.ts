/**
 * A y-websocket protocol client whose network the test drives, as Yjs's own test helper
 * (`tests/testHelper.js`: `TestConnector.flushRandomMessage`) does with in-memory peers — except that
 * the peer here is the real server over a real socket.
 *
 * Nothing moves by itself. What the client's Y.Doc produces waits in `outbox` until `send` puts it on
 * the wire; what the server sends waits in `inbox` until `deliver` applies it. `settle` waits until the
 * server has handled every frame already on the wire: it sends query-awareness, which the server
 * answers on the same socket after everything before it. A client that never announces an awareness
 * state receives no other awareness message, so the answer is recognisable. `disconnect` drops the
 * socket and both queues, as a network cut loses what was in flight; the protocol's SyncStep1/2 on
 * the next `connect` repairs the loss.
 */
import { decodeDurable } from '@accord/server';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_QUERY_AWARENESS = 3;

export interface HeldSyncClientOptions {
  /** e.g. ws://127.0.0.1:1234/sync */
  readonly syncUrl: string;
  readonly documentId: string;
  readonly token: string;
  readonly doc?: Y.Doc;
  /** Opens the socket with `?acks=1`; the durable messages are kept in `durable`. */
  readonly acks?: boolean;
}

/** A durable message: the state on disk and how many of this socket's SyncStep2/Update messages are. */
export interface DurableAck {
  readonly stateVector: Map<number, number>;
  readonly messagesThrough: number;
}

export class HeldSyncClient {
  readonly doc: Y.Doc;
  /** Frames this client produced that are not on the wire yet. */
  outbox: Uint8Array[] = [];
  /** Frames the server sent that are not applied yet. */
  inbox: Uint8Array[] = [];
  /** Frames put on the wire, frames applied, frames lost in cuts. */
  readonly counts = { sent: 0, delivered: 0, lost: 0 };
  /** Close codes of connections the server ended, in order. */
  readonly serverCloses: number[] = [];
  /** Durable messages received (with `acks`), oldest first. */
  readonly durable: DurableAck[] = [];
  private ws: WebSocket | null = null;
  private settling: (() => void)[] = [];

  /** Everything the server holds of the document, fetched by a fresh client that then leaves. */
  static async fetchDocument(options: HeldSyncClientOptions): Promise<Y.Doc> {
    const reader = new HeldSyncClient(options);
    await reader.connect();
    await reader.send();
    await reader.settle();
    reader.deliver();
    reader.disconnect();
    return reader.doc;
  }

  constructor(private readonly options: HeldSyncClientOptions) {
    this.doc = options.doc ?? new Y.Doc();
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      // What the server sent is not sent back; local edits while offline go nowhere, as with the provider.
      if (origin === this || this.ws === null) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, update);
      this.outbox.push(encoding.toUint8Array(encoder));
    });
  }

  get connected(): boolean {
    return this.ws !== null;
  }

  /** Opens a socket and queues SyncStep1, as WebsocketProvider does on open. */
  async connect(): Promise<void> {
    if (this.ws !== null) return;
    const { syncUrl, documentId, token } = this.options;
    const acks = this.options.acks === true ? '&acks=1' : '';
    const ws = new WebSocket(`${syncUrl}/${encodeURIComponent(documentId)}?token=${token}${acks}`);
    ws.binaryType = 'nodebuffer';
    this.ws = ws;
    ws.on('message', (data: Buffer) => this.receive(ws, new Uint8Array(data)));
    ws.on('close', (code) => {
      if (this.ws !== ws) return;
      this.serverCloses.push(code);
      this.dropConnection();
    });
    ws.on('error', () => {});
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_request, response) =>
        reject(new Error(`the upgrade was refused with ${response.statusCode}`)),
      );
    });
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    this.outbox.push(encoding.toUint8Array(encoder));
  }

  /**
   * Connects and completes the opening exchange, as a provider does: SyncStep1 out, the server's
   * SyncStep2 and SyncStep1 in, this client's SyncStep2 out (the first message the server counts).
   */
  async join(): Promise<void> {
    await this.connect();
    await this.send();
    this.deliver();
    await this.send();
  }

  /** Cuts the connection: whatever was queued in either direction is lost. */
  disconnect(): void {
    const ws = this.ws;
    if (ws === null) return;
    this.dropConnection();
    ws.terminate();
  }

  /**
   * Puts up to `count` queued frames on the wire, oldest first, each handled by the server before the
   * next goes: the server relays what it applies in one turn of its event loop as one message, so one
   * frame per turn keeps what the others receive the same from run to run (a seed replays exactly).
   */
  async send(count = Number.POSITIVE_INFINITY): Promise<void> {
    for (let i = 0; i < count && this.outbox.length > 0 && this.ws !== null; i++) {
      this.ws.send(this.outbox.shift() as Uint8Array);
      this.counts.sent++;
      await this.settle();
    }
  }

  /** Applies up to `count` received frames, oldest first; answers (SyncStep2) go to the outbox. */
  deliver(count = Number.POSITIVE_INFINITY): void {
    for (let i = 0; i < count && this.inbox.length > 0; i++) {
      const frame = this.inbox.shift() as Uint8Array;
      this.counts.delivered++;
      const decoder = decoding.createDecoder(frame);
      if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) continue;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
      if (encoding.length(encoder) > 1 && this.ws !== null) this.outbox.push(encoding.toUint8Array(encoder));
    }
  }

  /** Resolves once the server has handled every frame this client put on the wire. */
  settle(): Promise<void> {
    const ws = this.ws;
    if (ws === null) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.settling.push(resolve);
      ws.send(Uint8Array.of(MESSAGE_QUERY_AWARENESS));
    });
  }

  /** Nothing is queued in either direction. */
  get idle(): boolean {
    return this.outbox.length === 0 && this.inbox.length === 0;
  }

  private receive(ws: WebSocket, frame: Uint8Array): void {
    if (this.ws !== ws) return;
    const type = frame[0];
    if (type === MESSAGE_AWARENESS) {
      this.settling.shift()?.();
      return;
    }
    const durable = decodeDurable(frame);
    if (durable !== null) {
      const { stateVector, messagesThrough } = durable;
      this.durable.push({ stateVector: Y.decodeStateVector(stateVector), messagesThrough });
      return;
    }
    this.inbox.push(frame);
  }

  private dropConnection(): void {
    this.ws = null;
    this.counts.lost += this.outbox.length + this.inbox.length;
    this.outbox = [];
    this.inbox = [];
    for (const resolve of this.settling.splice(0)) resolve();
  }
}
