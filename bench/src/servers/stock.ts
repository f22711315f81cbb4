/**
 * The stock y-websocket server, as `@y/websocket-server`'s own `server.js` sets it up: `setupWSConnection`
 * on a `ws` server, documents in memory, no authentication, no persistence (YPERSISTENCE unset). It
 * runs on the workspace's `ws` 8, as the other servers do (its package lists `ws` ^6 only as an
 * optional dependency).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setupWSConnection } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';
import { serveBench } from './child-ipc';

const wss = new WebSocketServer({ noServer: true });
const server = createServer((_request, response) => {
  response.writeHead(200, { 'Content-Type': 'text/plain' });
  response.end('okay');
});
wss.on('connection', setupWSConnection);
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  serveBench((server.address() as AddressInfo).port);
});
process.on('SIGTERM', () => process.exit(0));
