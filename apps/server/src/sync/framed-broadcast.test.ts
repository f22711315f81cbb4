import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { frameBinary, writeFramed } from './framed-broadcast';

let server: WebSocketServer | null = null;
const clients: WebSocket[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.terminate();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = null;
});

/** A server socket and the client at its other end, which records the binary messages it gets. */
async function openPair(): Promise<{ socket: WebSocket; received: Buffer[]; client: WebSocket }> {
  if (server === null) {
    server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
    await new Promise((resolve) => server?.once('listening', resolve));
  }
  const accepted = new Promise<WebSocket>((resolve) => server?.once('connection', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  clients.push(client);
  const received: Buffer[] = [];
  client.on('message', (data: Buffer, isBinary) => {
    if (isBinary) received.push(data);
  });
  await new Promise((resolve) => client.once('open', resolve));
  return { socket: await accepted, received, client };
}

const bytes = (length: number, seed: number) => Uint8Array.from({ length }, (_, i) => (i * 31 + seed) % 256);

describe('a message framed once for many sockets', () => {
  // Fails when a ws upgrade drops the internals this relies on (the fallback to send keeps it correct).
  it('writes the one framed buffer through the socket’s sender, without framing it again', async () => {
    const { socket, received } = await openPair();
    const internals = socket as unknown as { _sender: { sendFrame: (list: Uint8Array[]) => void } };
    const sendFrame = vi.spyOn(internals._sender, 'sendFrame');
    const send = vi.spyOn(socket, 'send');
    const framed = frameBinary(bytes(10, 1));
    writeFramed(socket, framed);
    expect(send).not.toHaveBeenCalled();
    expect(sendFrame).toHaveBeenCalledWith([framed.frame]);
    await vi.waitFor(() => expect(received).toHaveLength(1));
  });

  it('reaches every socket intact, at every length a frame header encodes differently', async () => {
    const pairs = [await openPair(), await openPair()];
    // 7-bit, 16-bit and 64-bit payload lengths.
    const messages = [bytes(1, 1), bytes(125, 2), bytes(126, 3), bytes(65_535, 4), bytes(65_536, 5)];
    for (const payload of messages) {
      const framed = frameBinary(payload);
      for (const { socket } of pairs) writeFramed(socket, framed);
    }
    for (const { received } of pairs) {
      await vi.waitFor(() => expect(received).toHaveLength(messages.length));
      // Compared as buffers: a deep equality over 64 KiB arrays takes most of a second.
      expect(received.map((data, i) => data.equals(messages[i] as Uint8Array))).toEqual(
        messages.map(() => true),
      );
      expect(received.map((data) => data.length)).toEqual(messages.map((m) => m.length));
    }
  });

  it('keeps its place after what the socket was sent before', async () => {
    const { socket, received } = await openPair();
    socket.send(bytes(3, 1));
    writeFramed(socket, frameBinary(bytes(3, 2)));
    socket.send(bytes(3, 3));
    await vi.waitFor(() => expect(received).toHaveLength(3));
    expect(received.map((data) => new Uint8Array(data))).toEqual([bytes(3, 1), bytes(3, 2), bytes(3, 3)]);
  });

  it('goes through send when the socket’s sender holds queued frames, and not at all once it closes', async () => {
    const send = vi.fn();
    const sendFrame = vi.fn();
    const busy = { readyState: WebSocket.OPEN, _sender: { _state: 1, sendFrame }, send };
    const framed = frameBinary(bytes(4, 1));
    writeFramed(busy as unknown as WebSocket, framed);
    expect(sendFrame).not.toHaveBeenCalled();
    expect(send).toHaveBeenCalledWith(framed.payload, { binary: true, compress: false });

    const { socket, client } = await openPair();
    const closed = new Promise((resolve) => socket.once('close', resolve));
    client.close();
    await closed;
    expect(() => writeFramed(socket, framed)).not.toThrow();
  });
});
