import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedlineUrl, request } from './client';

let server: Server | null = null;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** A server that sends the head and part of a body, then drops the connection. */
async function listenDroppingMidBody(): Promise<string> {
  const listening = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
    // Once the first bytes are written, the connection goes: the head is received, the body never whole.
    response.write('{"id":"u-', () => response.socket?.destroy());
  });
  server = listening;
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
}

/** A server that answers every request with one status, content type and body. */
async function listenAnswering(status: number, contentType: string, body: string): Promise<string> {
  const listening = createServer((_request, response) => {
    response.writeHead(status, { 'content-type': contentType });
    response.end(body);
  });
  server = listening;
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
}

/** What nginx 1.22 answers while the server behind it is down or slow. */
const nginxPage = (status: number, reason: string) =>
  `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n`;

describe('request', () => {
  it.each([
    [502, 'Bad Gateway'],
    [503, 'Service Temporarily Unavailable'],
    [504, 'Gateway Time-out'],
  ])(
    'answers a network failure when a reverse proxy answers %i for a server it cannot reach',
    async (status, reason) => {
      const base = await listenAnswering(status, 'text/html', nginxPage(status, reason));
      expect(await request('GET', `${base}/api/me`)).toEqual({
        ok: false,
        error: { code: 'network', message: 'The server cannot be reached.', status: 0 },
      });
    },
  );

  it("keeps the server's own 503, which says what is wrong", async () => {
    const body = { error: { code: 'busy', message: 'the server is reading 64 texts: try again' } };
    const base = await listenAnswering(503, 'application/json', JSON.stringify(body));
    expect(await request('GET', `${base}/api/me`)).toEqual({
      ok: false,
      error: { ...body.error, status: 503 },
    });
  });

  it('answers a network failure, not a rejection, when the connection drops while the answer comes', async () => {
    const base = await listenDroppingMidBody();
    expect(await request('GET', `${base}/api/me`)).toEqual({
      ok: false,
      error: { code: 'network', message: 'The server cannot be reached.', status: 0 },
    });
  });
});

describe('createRedlineUrl', () => {
  it.each([
    ['html', 'bold-underline', 'inline', '/api/documents/d1/diff?from=0&to=2&format=html'],
    [
      'html',
      'bold',
      'side-by-side',
      '/api/documents/d1/diff?from=0&to=2&format=html&insertions=bold&layout=side-by-side',
    ],
    [
      'html',
      'bold-underline',
      'side-by-side',
      '/api/documents/d1/diff?from=0&to=2&format=html&layout=side-by-side',
    ],
    // Word's redline has one layout: its URL stays the one it always was.
    ['docx', 'bold-underline', 'side-by-side', '/api/documents/d1/diff?from=0&to=2&format=docx'],
  ] as const)(
    'asks for the %s redline with %s insertions laid out %s as the screen shows it',
    (format, insertions, layout, url) => {
      expect(createRedlineUrl('d1', 0, 2, format, insertions, layout)).toBe(url);
    },
  );
});
