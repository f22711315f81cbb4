import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_ECHO_CHARS } from '../http/api-error';
import { ADMIN, errorOf, type Kit, startKit } from './consensus-test-kit';

let kit: Kit;

beforeEach(() => {
  kit = startKit();
});

afterEach(() => kit.close());

describe('POST /api/users', () => {
  it('repeats only the beginning of an unknown delegation code', async () => {
    const delegation = 'Z'.repeat(5_000_000);
    const response = await kit.request('POST', '/api/users', ADMIN, {
      name: 'X',
      role: 'delegate',
      delegation,
    });
    const error = await errorOf(response);
    expect(error).toMatchObject({ status: 400, code: 'invalid-delegation' });
    expect(error.message).toContain(`"${'Z'.repeat(MAX_ECHO_CHARS)}…"`);
    expect(error.message.length).toBeLessThan(300);
    expect(await kit.store.users.count()).toBe(0);
  });
});
