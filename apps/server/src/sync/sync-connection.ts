import type { WebSocket } from 'ws';
import type { User } from '../store/store';
import { type AwarenessUser, toAwarenessUser } from './awareness-identity';
import type { DocumentRoom } from './document-room';
import { type FramedMessage, SEND_OPTIONS, writeFramed } from './framed-broadcast';
import { CloseCode } from './protocol';
import type { TokenBucket } from './rate-limit';

export interface ConnectionOptions {
  /** Observer and archivist connections: their document updates are dropped. */
  readonly readOnly: boolean;
  /**
   * The role may change the header (`edit-header`: the Presidency, the Secretariat). Any other
   * writer's update that touches the `meta` map is refused and its connection closed (check-update.ts).
   */
  readonly mayChangeHeader: boolean;
  /** The client asked (`?acks=1`) for durable messages. */
  readonly acks: boolean;
}

/** An update held back until what it builds on has arrived (see check-update.ts). */
export interface WaitingUpdate {
  readonly update: Uint8Array;
  /** The client's Update message, relayed as it came once applied; null for a SyncStep2. */
  readonly frame: Uint8Array | null;
  /** The awaited clients and their state when it was last checked. */
  readonly watch: ReadonlyMap<number, number>;
  /** Its message's number (`SyncConnection.receive`). */
  readonly seq: number;
}

/** One client socket on one document, and who is behind it. */
export class SyncConnection {
  readonly awarenessUser: AwarenessUser;
  /** The awareness clientID this connection speaks for (the first one it announced). */
  ownedClientId: number | null = null;
  /** Frames received before the document was loaded, answered in order once it is. */
  pending: Buffer[] | null = [];
  /** Updates that build on structs the document does not have yet; applied once they can be placed. */
  waiting: WaitingUpdate[] = [];
  waitingBytes = 0;
  /** The server's SyncStep1 has gone out; relays may follow. */
  started = false;
  /** SyncStep2 and Update messages received, numbered from 1 (ack connections only). */
  private received = 0;
  /** The numbers of those not yet on disk. */
  private readonly notDurable = new Set<number>();
  closed = false;
  alive = true;

  constructor(
    readonly socket: WebSocket,
    readonly user: User,
    readonly room: DocumentRoom,
    readonly options: ConnectionOptions,
    readonly messageBucket: TokenBucket,
    readonly byteBucket: TokenBucket,
    private readonly maxBufferedBytes: number,
    private readonly onClosed: (connection: SyncConnection) => void,
  ) {
    this.awarenessUser = toAwarenessUser(user);
  }

  /** Numbers a SyncStep2 or Update message just received; it counts as not durable until `settle`. */
  receive(): number {
    if (!this.options.acks) return 0;
    this.received += 1;
    this.notDurable.add(this.received);
    return this.received;
  }

  /** The message is on disk, or needed no storage. */
  settle(seq: number): void {
    this.notDurable.delete(seq);
  }

  /** How many of this connection's first messages are all durable: what a durable message reports. */
  get durableThrough(): number {
    let first = this.received + 1;
    for (const seq of this.notDurable) if (seq < first) first = seq;
    return first - 1;
  }

  send(message: Uint8Array): void {
    if (this.mayWrite()) this.socket.send(message, SEND_OPTIONS);
  }

  /** A message framed once for all the connections it goes to (`framed-broadcast.ts`). */
  sendFramed(message: FramedMessage): void {
    if (this.mayWrite()) writeFramed(this.socket, message);
  }

  /** Open and keeping up; a reader too far behind is closed. */
  private mayWrite(): boolean {
    if (this.closed) return false;
    if (this.socket.bufferedAmount > this.maxBufferedBytes) {
      this.close(CloseCode.tryAgainLater, 'reading too slowly');
      return false;
    }
    return true;
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close(code, reason);
    // Leave the room now rather than after the closing handshake, which a hostile peer may stall.
    this.onClosed(this);
  }
}
