import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorOf, type Kit, startKit } from '../routes/consensus-test-kit';
import { MAX_ID_CHARS } from './schemas';

let kit: Kit;
let admin: string;

beforeEach(async () => {
  kit = startKit();
  admin = (await kit.user('presidency')).token;
});

afterEach(() => kit.close());

/** A read of every route with a document id in its path (`{id}` stands for it). */
const DOCUMENT_PATHS = [
  '/api/documents/{id}',
  '/api/documents/{id}/revisions',
  '/api/documents/{id}/revisions/1',
  '/api/documents/{id}/export',
  '/api/documents/{id}/diff',
  '/api/documents/{id}/consensus',
  '/api/documents/{id}/events',
  '/api/documents/{id}/comments',
  '/api/documents/{id}/audit',
];

describe('an id in a path', () => {
  it.each(DOCUMENT_PATHS)('over the one limit is the same 400 naming it on GET %s', async (path) => {
    const response = await kit.request('GET', path.replace('{id}', 'x'.repeat(MAX_ID_CHARS + 1)), admin);
    expect(await errorOf(response)).toEqual({
      status: 400,
      code: 'invalid-request',
      message: `id: Too big: expected string to have <=${MAX_ID_CHARS} characters`,
    });
  });

  it.each(DOCUMENT_PATHS)('within the limit is looked up, no document is a 404, on GET %s', async (path) => {
    const response = await kit.request('GET', path.replace('{id}', 'x'.repeat(MAX_ID_CHARS)), admin);
    expect(await errorOf(response)).toMatchObject({ status: 404, code: 'document-not-found' });
  });
});
