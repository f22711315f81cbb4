/**
 * The floor: a raw `ws` broadcast relay. Every frame a socket sends goes to every other socket on the
 * same path, untouched. No Yjs, no state, no storage, no authentication: no server can relay for less.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { serveBench } from './child-ipc';

const SEND_OPTIONS = { binary: true, compress: false } as const;
const rooms = new Map<string, Set<WebSocket>>();
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, clientTracking: false });
const server = createServer((_request, response) => response.end('relay'));

server.on('upgrade', (request, socket, head) => {
  const path = (request.url ?? '/').split('?')[0] ?? '/';
  wss.handleUpgrade(request, socket, head, (ws) => {
    let room = rooms.get(path);
    if (room === undefined) {
      room = new Set();
      rooms.set(path, room);
    }
    const members = room;
    members.add(ws);
    ws.on('message', (data: Buffer) => {
      for (const other of members) if (other !== ws) other.send(data, SEND_OPTIONS);
    });
    const leave = () => {
      members.delete(ws);
      if (members.size === 0 && rooms.get(path) === members) rooms.delete(path);
    };
    ws.on('close', leave);
    ws.on('error', leave);
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  serveBench((server.address() as AddressInfo).port);
});
process.on('SIGTERM', () => process.exit(0));
