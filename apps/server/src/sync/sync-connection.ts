import type { WebSocket } from 'ws';
import type { User } from '../store/store';
import { type AwarenessUser, toAwarenessUser } from './awareness-identity';
import type { DocumentRoom } from './document-room';
import { CloseCode } from './protocol';
import type { TokenBucket } from './rate-limit';

const SEND_OPTIONS = { binary: true, compress: false } as const;

export interface ConnectionOptions {
  /** Observer and archivist connections: their document updates are dropped. */
  readonly readOnly: boolean;
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

  send(frame: Uint8Array): void {
    if (this.closed) return;
    if (this.socket.bufferedAmount > this.maxBufferedBytes) {
      this.close(CloseCode.tryAgainLater, 'reading too slowly');
      return;
    }
    this.socket.send(frame, SEND_OPTIONS);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close(code, reason);
    // Leave the room now rather than after the closing handshake, which a hostile peer may stall.
    this.onClosed(this);
  }
}
