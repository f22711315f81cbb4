import { createRoute, z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { createNotFoundHandler } from './allowed-methods';
import { badRequest, excerpt, MAX_ECHO_CHARS } from './api-error';
import { createErrorHandler, MAX_ERROR_MESSAGE_CHARS } from './error-handling';
import { freeText } from './free-text';
import { createRouter } from './router';
import { jsonBody } from './schemas';

const NoteSchema = z.object({
  note: freeText({ maxChars: 10, tooLongCode: 'note-too-long', what: 'a note' }),
  count: z.number().int().optional(),
  markdown: freeText().optional(),
});

const app = createRouter().openapi(
  createRoute({
    method: 'post',
    path: '/notes',
    request: { body: jsonBody(NoteSchema) },
    responses: { 200: { description: 'Stored' } },
  }),
  (c) => c.json(c.req.valid('json'), 200),
);
app.get('/chatty', () => {
  throw badRequest('chatty', 'm'.repeat(5_000));
});
app.onError(
  createErrorHandler(() => {
    throw new Error('no request here is a bug');
  }),
);
app.notFound(createNotFoundHandler([]));

const post = async (body: unknown) => {
  const response = await app.request('/notes', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { error?: unknown } };
};

describe('freeText', () => {
  it.each([
    ['text at the limit', { note: 'x'.repeat(10) }],
    ['an empty string', { note: '' }],
    ['a surrogate pair (one astral character)', { note: '𝄞👍🏽' }],
    ['Markdown of any length', { note: 'x', markdown: 'y'.repeat(100_000) }],
  ])('accepts %s as given', async (_, body) => {
    expect(await post(body)).toEqual({ status: 200, body });
  });

  it.each([
    ['a lone high surrogate', 'lone \ud800'],
    ['a lone low surrogate', '\udc00'],
    ['a reversed pair', '\udd1e\ud834'],
  ])('refuses %s with 400 ill-formed-text naming the field', async (_, note) => {
    const { status, body } = await post({ note });
    expect(status).toBe(400);
    expect(body.error).toEqual({
      code: 'ill-formed-text',
      message: 'note: holds a lone UTF-16 surrogate (ill-formed Unicode); send well-formed text',
    });
  });

  it('refuses ill-formed Markdown, which has no limit', async () => {
    const { status, body } = await post({ note: 'x', markdown: '# Title \ud800' });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      code: 'ill-formed-text',
      message: expect.stringMatching(/^markdown: /),
    });
  });

  it('refuses text over the limit with 413 and the field’s code, naming the field and the limit', async () => {
    expect(await post({ note: 'x'.repeat(11) })).toEqual({
      status: 413,
      body: { error: { code: 'note-too-long', message: 'note: a note has at most 10 characters' } },
    });
  });

  it('answers 413 for an oversized field even when another field is wrong too', async () => {
    const { status, body } = await post({ count: 'many', note: `${'x'.repeat(11)}\ud800` });
    expect(status).toBe(413);
    expect(body.error).toMatchObject({ code: 'note-too-long' });
  });

  it('leaves other validation failures as 400 invalid-request', async () => {
    const { status, body } = await post({ note: 7 });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'invalid-request', message: expect.stringMatching(/^note: /) });
  });

  it('documents the limit in the OpenAPI schema', () => {
    const document = app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '1' } });
    const schema = JSON.stringify(document.paths?.['/notes']);
    expect(schema).toContain('"maxLength":10');
  });
});

describe('excerpt', () => {
  it('repeats a short value whole and a long one only as its beginning', () => {
    expect(excerpt('c-123')).toBe('c-123');
    expect(excerpt('x'.repeat(MAX_ECHO_CHARS))).toBe('x'.repeat(MAX_ECHO_CHARS));
    expect(excerpt('x'.repeat(5_000_000))).toBe(`${'x'.repeat(MAX_ECHO_CHARS)}…`);
  });

  it('never cuts an astral character in half', () => {
    const value = `${'x'.repeat(MAX_ECHO_CHARS - 1)}𝄞tail`;
    const cut = excerpt(value);
    expect(cut).toBe(`${'x'.repeat(MAX_ECHO_CHARS - 1)}…`);
    expect(cut.isWellFormed()).toBe(true);
  });
});

describe('error messages', () => {
  it('repeat only the beginning of an unknown path', async () => {
    const response = await app.request(`/${'p'.repeat(10_000)}`);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(response.status).toBe(404);
    expect(error.message).toBe(`there is no GET /${'p'.repeat(MAX_ECHO_CHARS - 1)}…`);
  });

  it('are cut at MAX_ERROR_MESSAGE_CHARS', async () => {
    const response = await app.request('/chatty');
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error).toEqual({ code: 'chatty', message: `${'m'.repeat(MAX_ERROR_MESSAGE_CHARS)}…` });
  });
});
