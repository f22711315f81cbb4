import { type IncomingMessage, maxHeaderSize, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { excerpt } from './api-error';
import type { ErrorBody } from './error-handling';
import { writeRawError } from './raw-error';
import { SECURITY_HEADERS } from './security-headers';

/*
 * What Node's HTTP server would otherwise answer itself, before the app sees the request: a request
 * its parser refuses, an expectation it cannot meet, a CONNECT. Each gets the status Node gives it
 * (405 for CONNECT) with the JSON error and the security headers of every other answer.
 */

/** What Node's HTTP parser could not take, as the API says it: status, code and message. */
interface ClientErrorAnswer {
  readonly status: 400 | 408 | 431;
  readonly code: string;
  readonly message: string;
}

/** How a request Node's parser refused is answered (Node's own status, the API's error body). */
export function describeClientError(
  error: NodeJS.ErrnoException,
  maxBytes = maxHeaderSize,
): ClientErrorAnswer {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        code: 'headers-too-large',
        message: `the request line and headers are over ${maxBytes.toLocaleString('en')} bytes (a path or a token that long is no one's)`,
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        code: 'request-timeout',
        message: 'the request did not arrive in time',
      };
    default:
      return {
        status: 400,
        code: 'bad-request',
        message: 'the request cannot be read as HTTP/1.1',
      };
  }
}

/**
 * The HTTP server's `clientError` listener: a request Node's parser refuses before the app sees it (a
 * request line and headers over `maxHeaderSize`, bytes that are no HTTP) is answered with the JSON
 * error body and the security headers of every other answer, where Node wrote a bare status line.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  // As Node does: nothing is written into a response already under way on this (kept-alive) socket.
  const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent === true) {
    socket.destroy();
    return;
  }
  const { status, code, message } = describeClientError(error);
  writeRawError(socket, status, code, message);
}

/**
 * The HTTP server's `connect` listener: this server is no proxy, and a CONNECT is answered 405 with
 * the JSON error, where Node closed the connection without a word.
 */
export function answerConnect(_request: IncomingMessage, socket: Duplex): void {
  socket.on('error', () => socket.destroy());
  writeRawError(socket, 405, 'method-not-allowed', 'CONNECT: this server is no proxy; its API is under /api');
}

/**
 * The HTTP server's `checkExpectation` listener: a request expecting anything but `100-continue` is
 * answered 417 with the JSON error and the security headers, where Node wrote a bare 417 (the
 * expectation is refused, as HTTP allows, and the request is not handled).
 */
export function answerUnmetExpectation(request: IncomingMessage, response: ServerResponse): void {
  const body = JSON.stringify({
    error: {
      code: 'expectation-failed',
      message: `Expect: only 100-continue is met, not ${JSON.stringify(excerpt(request.headers.expect ?? ''))}`,
    },
  } satisfies ErrorBody);
  response.shouldKeepAlive = false;
  response.writeHead(417, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    connection: 'close',
  });
  response.end(body);
}
