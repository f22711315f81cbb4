import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { answerClientError, answerConnect, answerUnmetExpectation } from './client-errors';

let server: Server | null = null;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** Sends `head` raw to a server answering only through `answerClientError`, and reads the answer. */
async function answerTo(head: string): Promise<{ status: string; headers: string; body: string }> {
  server = createServer((_request, response) => response.end('ok'));
  server.on('clientError', answerClientError);
  server.on('checkExpectation', answerUnmetExpectation);
  server.on('connect', answerConnect);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const answer = await new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(head));
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString();
    });
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
  const [lines = '', body = ''] = answer.split('\r\n\r\n');
  return { status: lines.split('\r\n')[0] as string, headers: lines, body };
}

describe('answerClientError', () => {
  it('answers a request line and headers over Node’s limit with a JSON 431', async () => {
    const answer = await answerTo(`GET /${'x'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    expect(answer.status).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(answer.headers).toMatch(/\r\nContent-Type: application\/json\r\n/);
    expect(answer.headers).toMatch(/\r\nX-Content-Type-Options: nosniff\r\n/i);
    expect(JSON.parse(answer.body)).toEqual({
      error: { code: 'headers-too-large', message: expect.stringContaining('16,384 bytes') },
    });
  });

  it('answers bytes that are no HTTP with a JSON 400', async () => {
    const answer = await answerTo('\u0001\u0002 nonsense\r\n\r\n');
    expect(answer.status).toBe('HTTP/1.1 400 Bad Request');
    expect(JSON.parse(answer.body)).toEqual({
      error: { code: 'bad-request', message: 'the request cannot be read as HTTP/1.1' },
    });
  });

  it('answers an expectation other than 100-continue with a JSON 417, the request not handled', async () => {
    const answer = await answerTo(
      'PUT / HTTP/1.1\r\nHost: localhost\r\nExpect: a-miracle\r\nContent-Length: 2\r\n\r\n{}',
    );
    expect(answer.status).toBe('HTTP/1.1 417 Expectation Failed');
    expect(answer.headers).toMatch(/\r\ncontent-type: application\/json\r\n/i);
    expect(JSON.parse(answer.body)).toEqual({
      error: { code: 'expectation-failed', message: 'Expect: only 100-continue is met, not "a-miracle"' },
    });
  });

  it('answers a CONNECT with a JSON 405: this server is no proxy', async () => {
    const answer = await answerTo('CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n');
    expect(answer.status).toBe('HTTP/1.1 405 Method Not Allowed');
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'method-not-allowed' } });
  });
});
