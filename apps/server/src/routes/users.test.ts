import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashToken } from '../auth/tokens';
import { MAX_ECHO_CHARS } from '../http/api-error';
import { ADMIN, errorOf, type Kit, startKit } from './consensus-test-kit';
import { toUserBody } from './users';

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

describe('POST /api/users: an observer', () => {
  it.each([
    ['no delegation', undefined],
    ['a null delegation', null],
    ['a blank delegation', '  '],
  ])(
    'is refused with %s: an observer is an institution’s (COM, EEAS…), never nobody’s',
    async (_, delegation) => {
      const refused = await errorOf(
        await kit.request('POST', '/api/users', ADMIN, { name: 'Observer', role: 'observer', delegation }),
      );
      expect(refused).toMatchObject({
        status: 400,
        code: 'invalid-delegation',
        message: 'delegation: an observer needs the code of its institution: one of COM, EEAS, GSC, CLS',
      });
      expect(await kit.store.users.count()).toBe(0);
    },
  );

  it.each(['COM', 'EEAS', 'eeas'])('is made with the delegation %s', async (delegation) => {
    const response = await kit.request('POST', '/api/users', ADMIN, {
      name: 'Observer',
      role: 'observer',
      delegation,
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ role: 'observer', delegation: delegation.toUpperCase() });
  });

  it('made without a delegation before observers needed one, is still listed and still signs in', async () => {
    const stored = await kit.store.users.create(
      { id: 'older-observer', name: 'Observer', role: 'observer', delegation: null, createdAt: 0 },
      hashToken('older-observer-token'),
    );
    const listed = await kit.request('GET', '/api/users', ADMIN);
    expect(await listed.json()).toEqual([{ ...toUserBody(stored), revokedAt: null }]);
    const me = await kit.request('GET', '/api/me', 'older-observer-token');
    expect(await me.json()).toEqual({
      id: 'older-observer',
      name: 'Observer',
      role: 'observer',
      delegation: null,
    });
  });
});

describe('GET /api/users', () => {
  it('lists every user for the admin, oldest first, without their tokens', async () => {
    const created = [];
    for (const body of [
      { name: 'Presidency', role: 'presidency' },
      { name: 'Ελληνική αντιπροσωπεία', role: 'delegate', delegation: 'EL' },
      { name: 'European Commission', role: 'observer', delegation: 'COM' },
    ]) {
      const response = await kit.request('POST', '/api/users', ADMIN, body);
      expect(response.status).toBe(201);
      const { token: _, ...user } = (await response.json()) as Record<string, unknown>;
      created.push({ ...user, revokedAt: null });
    }
    const response = await kit.request('GET', '/api/users', ADMIN);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(created);
  });

  it('is the admin’s alone', async () => {
    const response = await kit.request('POST', '/api/users', ADMIN, {
      name: 'Presidency',
      role: 'presidency',
    });
    const { token } = (await response.json()) as { token: string };
    expect(await errorOf(await kit.request('GET', '/api/users', token))).toMatchObject({
      status: 403,
      code: 'forbidden',
    });
  });
});

describe('POST /api/users/{id}/token', () => {
  it('gives the user a new token for the admin; the old one stops working', async () => {
    const france = await kit.user('delegate', 'FR');
    const response = await kit.request('POST', `/api/users/${france.id}/token`, ADMIN);
    expect(response.status).toBe(200);
    const replaced = (await response.json()) as { id: string; delegation: string; token: string };
    expect(replaced).toMatchObject({ id: france.id, delegation: 'FR' });
    expect(replaced.token).not.toBe(france.token);
    expect((await kit.request('GET', '/api/me', france.token)).status).toBe(401);
    expect(await (await kit.request('GET', '/api/me', replaced.token)).json()).toMatchObject({
      id: france.id,
    });
  });

  it('is the admin’s alone: a user cannot take another’s access, nor renew their own', async () => {
    const france = await kit.user('delegate', 'FR');
    const presidency = await kit.user('presidency');
    for (const [caller, target] of [
      [presidency.token, france.id],
      [france.token, france.id],
    ] as const) {
      expect(await errorOf(await kit.request('POST', `/api/users/${target}/token`, caller))).toMatchObject({
        status: 403,
        code: 'forbidden',
      });
    }
    expect((await kit.request('GET', '/api/me', france.token)).status).toBe(200);
  });

  it('answers 404 for a user who does not exist', async () => {
    expect(await errorOf(await kit.request('POST', '/api/users/nobody/token', ADMIN))).toMatchObject({
      status: 404,
      code: 'user-not-found',
    });
  });
});

describe('POST /api/users/{id}/revoke', () => {
  it("ends a user's access for the admin, says since when in the list, and a new token gives it back", async () => {
    const france = await kit.user('delegate', 'FR');
    const presidency = await kit.user('presidency');
    const response = await kit.request('POST', `/api/users/${france.id}/revoke`, ADMIN);
    expect(response.status).toBe(200);
    const revoked = (await response.json()) as { id: string; revokedAt: string | null };
    expect(revoked).toMatchObject({ id: france.id, delegation: 'FR', revokedAt: expect.any(String) });
    expect(revoked).not.toHaveProperty('token');
    expect((await kit.request('GET', '/api/me', france.token)).status).toBe(401);
    expect((await kit.request('GET', '/api/me', presidency.token)).status).toBe(200);
    const listed = async () =>
      (
        (await (await kit.request('GET', '/api/users', ADMIN)).json()) as {
          id: string;
          revokedAt: string | null;
        }[]
      ).map((user) => [user.id, user.revokedAt]);
    expect(await listed()).toEqual([
      [france.id, revoked.revokedAt],
      [presidency.id, null],
    ]);
    // Revoked again by a second click: the first time stands.
    await kit.request('POST', `/api/users/${france.id}/revoke`, ADMIN);
    expect((await listed())[0]).toEqual([france.id, revoked.revokedAt]);

    const renewed = (await (await kit.request('POST', `/api/users/${france.id}/token`, ADMIN)).json()) as {
      token: string;
    };
    expect((await kit.request('GET', '/api/me', renewed.token)).status).toBe(200);
    expect((await listed())[0]).toEqual([france.id, null]);
  });

  it('is the admin’s alone, and answers 404 for a user who does not exist', async () => {
    const france = await kit.user('delegate', 'FR');
    const presidency = await kit.user('presidency');
    for (const caller of [presidency.token, france.token]) {
      expect(
        await errorOf(await kit.request('POST', `/api/users/${france.id}/revoke`, caller)),
      ).toMatchObject({
        status: 403,
        code: 'forbidden',
      });
    }
    expect((await kit.request('GET', '/api/me', france.token)).status).toBe(200);
    expect(await errorOf(await kit.request('POST', '/api/users/nobody/revoke', ADMIN))).toMatchObject({
      status: 404,
      code: 'user-not-found',
    });
  });
});

describe('GET /api/users/{id}/access', () => {
  it('lists for the admin when the user was made, given a new token and revoked, oldest first', async () => {
    kit.clock.set('2017-06-01T09:00:00.000Z');
    const created = (await (
      await kit.request('POST', '/api/users', ADMIN, {
        name: 'France delegation',
        role: 'delegate',
        delegation: 'FR',
      })
    ).json()) as { id: string };
    kit.clock.set('2017-06-01T09:01:00.000Z');
    await kit.request('POST', `/api/users/${created.id}/token`, ADMIN);
    kit.clock.set('2017-06-01T09:02:00.000Z');
    await kit.request('POST', `/api/users/${created.id}/revoke`, ADMIN);
    const response = await kit.request('GET', `/api/users/${created.id}/access`, ADMIN);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([
      { action: 'created', at: '2017-06-01T09:00:00.000Z' },
      { action: 'token-replaced', at: '2017-06-01T09:01:00.000Z' },
      { action: 'revoked', at: '2017-06-01T09:02:00.000Z' },
    ]);
  });

  it('is the admin’s alone, and answers 404 for a user who does not exist', async () => {
    const france = await kit.user('delegate', 'FR');
    const presidency = await kit.user('presidency');
    expect(
      await errorOf(await kit.request('GET', `/api/users/${france.id}/access`, presidency.token)),
    ).toMatchObject({
      status: 403,
      code: 'forbidden',
    });
    expect(await errorOf(await kit.request('GET', '/api/users/nobody/access', ADMIN))).toMatchObject({
      status: 404,
      code: 'user-not-found',
    });
  });
});
