/**
 * A minimal WebSocket client (RFC 6455) straight on a TCP socket, for the light receivers and writers:
 * one `data` event may carry many frames, each timestamped with the time the chunk arrived. It is far
 * cheaper than a full client, so one bench process can hold hundreds of sockets and still measure the
 * server rather than itself. Binary messages only; pings are answered; fragmented messages reassembled.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

export interface RawWebSocketHandlers {
  /** A whole message; `arrivedAt` is `performance.now()` when its last byte arrived. */
  onMessage(payload: Buffer, arrivedAt: number): void;
  onClose?(code: number | null): void;
}

export class UpgradeRefused extends Error {
  constructor(readonly status: number) {
    super(`upgrade refused with HTTP ${status}`);
  }
}

export class RawWebSocket {
  private pending: Buffer | null = null;
  private fragments: Buffer[] | null = null;
  private closed = false;
  closeCode: number | null = null;

  private constructor(
    private readonly socket: Socket,
    private readonly handlers: RawWebSocketHandlers,
    head: Buffer,
  ) {
    socket.on('data', (chunk: Buffer) => {
      if (this.queued === null) this.receive(chunk, performance.now());
      else this.queued.push([Buffer.from(chunk), performance.now()]);
    });
    socket.on('close', () => this.finish());
    socket.on('error', () => this.finish());
    if (head.length > 0) this.queued?.push([Buffer.from(head), performance.now()]);
  }

  /** Frames that arrived before `start` (with the upgrade answer, or right after). */
  private queued: [Buffer, number][] | null = [];

  /** Begins delivering messages; call once the handlers can take them. */
  start(): void {
    const queued = this.queued ?? [];
    this.queued = null;
    for (const [chunk, at] of queued) this.receive(chunk, at);
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Opens `ws://host:port/path`; rejects with UpgradeRefused when the server answers otherwise than 101. */
  static open(
    host: string,
    port: number,
    path: string,
    handlers: RawWebSocketHandlers,
    timeoutMs = 30_000,
  ): Promise<RawWebSocket> {
    return new Promise((resolveOpen, reject) => {
      const socket = connect({ host, port, noDelay: true });
      let response = Buffer.alloc(0);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no answer to the upgrade of ${path} within ${timeoutMs} ms`));
      }, timeoutMs);
      const fail = (error: Error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(error);
      };
      socket.once('error', fail);
      socket.once('connect', () => {
        const key = randomBytes(16).toString('base64');
        socket.write(
          `GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
            `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
        );
      });
      const onData = (chunk: Buffer) => {
        response = Buffer.concat([response, chunk]);
        const end = response.indexOf('\r\n\r\n');
        if (end < 0) return;
        socket.off('data', onData);
        socket.off('error', fail);
        clearTimeout(timer);
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(response.subarray(0, end).toString('latin1'))?.[1]);
        if (status !== 101) {
          socket.destroy();
          reject(new UpgradeRefused(status));
          return;
        }
        resolveOpen(new RawWebSocket(socket, handlers, response.subarray(end + 4)));
      };
      socket.on('data', onData);
    });
  }

  /** Sends one binary message (masked, as a client must). */
  send(payload: Uint8Array): void {
    if (this.closed) return;
    this.socket.write(encodeFrame(OPCODE.binary, payload));
  }

  close(code = 1000): void {
    if (this.closed) return;
    const body = Buffer.alloc(2);
    body.writeUInt16BE(code);
    this.socket.end(encodeFrame(OPCODE.close, body));
    this.finish();
  }

  /** Drops the connection without a closing handshake. */
  destroy(): void {
    this.socket.destroy();
    this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.handlers.onClose?.(this.closeCode);
  }

  private receive(chunk: Buffer, arrivedAt: number): void {
    let data = this.pending === null ? chunk : Buffer.concat([this.pending, chunk]);
    this.pending = null;
    let pos = 0;
    while (data.length - pos >= 2) {
      const first = data[pos] as number;
      const second = data[pos + 1] as number;
      let length = second & 0x7f;
      let header = 2;
      if (length === 126) {
        if (data.length - pos < 4) break;
        length = data.readUInt16BE(pos + 2);
        header = 4;
      } else if (length === 127) {
        if (data.length - pos < 10) break;
        length = Number(data.readBigUInt64BE(pos + 2));
        header = 10;
      }
      if (data.length - pos < header + length) break;
      const payload = data.subarray(pos + header, pos + header + length);
      pos += header + length;
      this.frame(first & 0x80, first & 0x0f, payload, arrivedAt);
    }
    if (pos < data.length) {
      data = data.subarray(pos);
      // Keep a copy: the chunk's buffer may be reused.
      this.pending = Buffer.from(data);
    }
  }

  private frame(fin: number, opcode: number, payload: Buffer, arrivedAt: number): void {
    switch (opcode) {
      case OPCODE.binary:
      case OPCODE.text:
        if (fin) this.handlers.onMessage(payload, arrivedAt);
        else this.fragments = [Buffer.from(payload)];
        return;
      case OPCODE.continuation:
        if (this.fragments === null) return;
        this.fragments.push(Buffer.from(payload));
        if (fin) {
          const whole = Buffer.concat(this.fragments);
          this.fragments = null;
          this.handlers.onMessage(whole, arrivedAt);
        }
        return;
      case OPCODE.ping:
        if (!this.closed) this.socket.write(encodeFrame(OPCODE.pong, payload));
        return;
      case OPCODE.close:
        this.closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
        this.socket.end();
        this.finish();
        return;
      default:
        return;
    }
  }
}

function encodeFrame(opcode: number, payload: Uint8Array): Buffer {
  const length = payload.length;
  const header = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + 4 + length);
  frame[0] = 0x80 | opcode;
  if (header === 2) frame[1] = 0x80 | length;
  else if (header === 4) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  const mask = (Math.random() * 0x100000000) >>> 0;
  frame.writeUInt32BE(mask, header);
  const m0 = mask >>> 24;
  const m1 = (mask >>> 16) & 0xff;
  const m2 = (mask >>> 8) & 0xff;
  const m3 = mask & 0xff;
  const start = header + 4;
  for (let i = 0; i < length; i++) {
    const m = (i & 3) === 0 ? m0 : (i & 3) === 1 ? m1 : (i & 3) === 2 ? m2 : m3;
    frame[start + i] = (payload[i] as number) ^ m;
  }
  return frame;
}
