import Database from 'better-sqlite3';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { DatabaseLostError } from '../store/store';
import { ApiError } from './api-error';
import { createErrorHandler } from './error-handling';

function appThrowing(error: unknown) {
  const logged: unknown[] = [];
  const app = new Hono();
  app.onError(createErrorHandler((_message, e) => logged.push(e)));
  app.get('/', () => {
    throw error;
  });
  return { app, logged };
}

describe('storage faults', () => {
  it.each([
    ['SQLITE_BUSY', 503, 'storage-busy'],
    ['SQLITE_BUSY_SNAPSHOT', 503, 'storage-busy'],
    ['SQLITE_LOCKED', 503, 'storage-busy'],
    ['SQLITE_FULL', 507, 'storage-full'],
    ['SQLITE_IOERR_WRITE', 503, 'storage-unavailable'],
    ['SQLITE_READONLY', 503, 'storage-unavailable'],
  ])(
    'answers %s with %i %s, logged, and asks a client to try again when it may',
    async (code, status, name) => {
      const { app, logged } = appThrowing(new Database.SqliteError('it failed', code));
      const response = await app.request('/');
      expect(response.status).toBe(status);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(name);
      expect(response.headers.get('retry-after')).toBe(status === 503 ? '1' : null);
      expect(logged).toHaveLength(1);
    },
  );

  it('logs a run of refusals for the same fault once, and a fault of another kind when it comes', async () => {
    const logged: string[] = [];
    const app = new Hono();
    app.onError(createErrorHandler((message) => logged.push(message)));
    app.get('/:code', (c) => {
      const error = new Database.SqliteError('it failed', c.req.param('code'));
      // As an upload's refusal once its text is live: its own message, the fault as the cause.
      if (c.req.query('upload') !== undefined)
        throw new ApiError(507, 'storage-full', 'not issued', { cause: error });
      throw error;
    });
    for (const path of [
      '/SQLITE_FULL',
      '/SQLITE_FULL',
      '/SQLITE_FULL?upload',
      '/SQLITE_IOERR_WRITE',
      '/SQLITE_IOERR_WRITE',
    ])
      expect((await app.request(path)).status).toBeGreaterThanOrEqual(503);
    expect(logged).toEqual([
      expect.stringMatching(/^GET \/SQLITE_FULL failed, refused 507 storage-full \(SQLITE_FULL\); /),
      expect.stringMatching(
        /^GET \/SQLITE_IOERR_WRITE failed, refused 503 storage-unavailable \(SQLITE_IOERR_WRITE\); /,
      ),
    ]);
  });

  it('still answers a bug, and an SQLite error that is one (a constraint), with a plain 500', async () => {
    for (const error of [
      new Error('bug'),
      new Database.SqliteError('UNIQUE failed', 'SQLITE_CONSTRAINT_UNIQUE'),
    ]) {
      const response = await appThrowing(error).app.request('/');
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({
        error: { code: 'internal', message: 'the server failed to handle this request' },
      });
    }
  });
});

describe('a database lost under a change', () => {
  it.each([
    [
      false,
      'the server’s data directory was deleted or moved while it runs; nothing was written: the server must be stopped and the directory put back',
    ],
    [
      true,
      'the server’s data directory was deleted or moved while it runs; this change went to the lost file alone, where the next start does not look (back in place, the directory holds it): the server must be stopped and the directory put back',
    ],
  ])(
    'is a 503 storage-unavailable saying what became of the change (found once written: %s), not logged',
    async (written, message) => {
      const { app, logged } = appThrowing(new DatabaseLostError('gone', written));
      const response = await app.request('/');
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ error: { code: 'storage-unavailable', message } });
      expect(response.headers.get('retry-after')).toBeNull();
      expect(logged).toEqual([]);
    },
  );
});

describe('requests the client aborted', () => {
  it('are answered 400 request-aborted and not logged as a failure of the server', async () => {
    // What Node gives a handler reading the body of a request whose connection closed.
    const aborted = Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    const { app, logged } = appThrowing(aborted);
    const response = await app.request('/');
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('request-aborted');
    expect(logged).toEqual([]);
  });
});
