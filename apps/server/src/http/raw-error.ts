import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorBody } from './error-handling';
import { SECURITY_HEADERS } from './security-headers';

/**
 * Writes a whole HTTP answer carrying the API's JSON error straight on a socket, then closes it: for
 * what is answered before Hono sees a request (a request Node's parser refused, a CONNECT, a refused
 * WebSocket upgrade), with the security headers of every other answer.
 */
export function writeRawError(socket: Duplex, status: number, code: string, message: string): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ error: { code, message } } satisfies ErrorBody);
  const headers = Object.entries(SECURITY_HEADERS).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `${headers.join('')}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
