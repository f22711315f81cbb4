import {
  fromEpochMs,
  isBlank,
  isMemberStateCode,
  isNonVotingCode,
  MEMBER_STATE_CODES,
  NON_VOTING_CODES,
  ROLES,
} from '@accord/model';
import { createRoute, z } from '@hono/zod-openapi';
import type { SessionEnds } from '../auth/session-ends';
import { createId, createToken, hashToken } from '../auth/tokens';
import { badRequest, excerpt, notFound } from '../http/api-error';
import { freeText } from '../http/free-text';
import { allow } from '../http/guards';
import { requireUser } from '../http/require';
import { createRouter } from '../http/router';
import { ERROR_RESPONSES, jsonBody, jsonResponse, NOT_FOUND_RESPONSE } from '../http/schemas';
import { type Store, USER_ACCESS_ACTIONS, type User } from '../store/store';
import { pathParam } from './consensus-schemas';

/** A longer name is refused with 413. */
export const MAX_NAME_LENGTH = 200;

export const UserSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    delegation: z.string().nullable().openapi({ example: 'FR' }),
  })
  .openapi('User');

const ListedUserSchema = UserSchema.extend({
  revokedAt: z.string().nullable().openapi({
    description:
      'When an admin ended the user’s access (`POST /api/users/{id}/revoke`); null while it stands.',
  }),
}).openapi('ListedUser');

const NewUserSchema = z
  .strictObject({
    name: freeText({ maxChars: MAX_NAME_LENGTH, tooLongCode: 'name-too-long', what: 'a name' })
      .trim()
      .refine((name) => !isBlank(name), { message: 'a name must show some text' })
      .openapi({ example: 'France delegation' }),
    role: z.enum(ROLES),
    delegation: z.string().nullable().optional().openapi({
      description:
        'A delegate: one of the 27 Member State codes (Greece is EL). An observer: COM, EEAS, GSC or CLS, which it needs (400 `invalid-delegation` without). Other roles carry none.',
    }),
  })
  .openapi('NewUser');

const createUser = createRoute({
  method: 'post',
  path: '/api/users',
  summary: 'Create a user (admin) and return their token, shown only this once',
  // The role is checked before the body is read: a caller who may not is told so (403), whatever they sent.
  middleware: [allow('manage-users')] as const,
  request: { body: jsonBody(NewUserSchema) },
  responses: {
    201: jsonResponse('Created', UserSchema.extend({ token: z.string() })),
    ...ERROR_RESPONSES,
  },
});

const listUsers = createRoute({
  method: 'get',
  path: '/api/users',
  summary: 'Every user (admin), oldest first; their tokens are never shown again',
  middleware: [allow('manage-users')] as const,
  responses: {
    200: jsonResponse('The users', z.array(ListedUserSchema)),
    401: ERROR_RESPONSES[401],
    403: ERROR_RESPONSES[403],
  },
});

const replaceToken = createRoute({
  method: 'post',
  path: '/api/users/{id}/token',
  summary: 'Give a user a new token (admin), for one leaked or lost: returned this once',
  description:
    'The old token stops working at once; every browser session of the user is signed out, and their open sync sockets (close code 4401) and event streams are closed.',
  middleware: [allow('manage-users')] as const,
  request: { params: z.object({ id: pathParam('id') }) },
  responses: {
    200: jsonResponse('The user, with the new token', UserSchema.extend({ token: z.string() })),
    401: ERROR_RESPONSES[401],
    403: ERROR_RESPONSES[403],
    ...NOT_FOUND_RESPONSE,
  },
});

const revokeUser = createRoute({
  method: 'post',
  path: '/api/users/{id}/revoke',
  summary: 'End a user’s access (admin), for one who left the working party: no new token',
  description:
    'Their token stops working at once; every browser session of theirs is signed out, and their open sync sockets (close code 4401) and event streams are closed. What they recorded stays. A new token (`POST /api/users/{id}/token`) gives the access back. Revoking again keeps the first `revokedAt`.',
  middleware: [allow('manage-users')] as const,
  request: { params: z.object({ id: pathParam('id') }) },
  responses: {
    200: jsonResponse('The user, revoked', ListedUserSchema),
    401: ERROR_RESPONSES[401],
    403: ERROR_RESPONSES[403],
    ...NOT_FOUND_RESPONSE,
  },
});

const accessHistory = createRoute({
  method: 'get',
  path: '/api/users/{id}/access',
  summary: 'When a user was made, given a new token and revoked (admin), oldest first',
  middleware: [allow('manage-users')] as const,
  request: { params: z.object({ id: pathParam('id') }) },
  responses: {
    200: jsonResponse(
      'The user’s access history',
      z.array(
        z
          .object({
            action: z.enum(USER_ACCESS_ACTIONS),
            at: z.string().openapi({ description: 'ISO 8601', example: '2017-06-01T09:00:00.000Z' }),
          })
          .openapi('UserAccessEvent'),
      ),
    ),
    401: ERROR_RESPONSES[401],
    403: ERROR_RESPONSES[403],
    ...NOT_FOUND_RESPONSE,
  },
});

const me = createRoute({
  method: 'get',
  path: '/api/me',
  summary: 'The caller',
  responses: { 200: jsonResponse('The caller', UserSchema), 401: ERROR_RESPONSES[401] },
});

/** Checks the delegation a role may carry; returns the code to store or throws a 400 naming the field. */
export function checkDelegation(
  role: User['role'],
  delegation: string | null | undefined,
): User['delegation'] {
  const trimmed = delegation?.trim() ?? '';
  const code = trimmed === '' ? null : trimmed.toUpperCase();
  if (role === 'delegate') {
    if (code === null)
      throw badRequest('invalid-delegation', 'delegation: a delegate needs a Member State code');
    if (code === 'GR')
      throw badRequest('invalid-delegation', 'delegation: "GR" is not a Council code; Greece is EL');
    if (!isMemberStateCode(code)) {
      throw badRequest(
        'invalid-delegation',
        `delegation: "${excerpt(delegation ?? '')}" is not a Member State code (one of ${MEMBER_STATE_CODES.join(', ')})`,
      );
    }
    return code;
  }
  if (role === 'observer') {
    // An observer speaks for its institution (DOMAIN: COM, EEAS…): without one, the Commission's
    // rights and its colleagues' private notes could not be told apart from anyone's. Such users made
    // before this check stay as they are.
    if (code === null) {
      throw badRequest(
        'invalid-delegation',
        `delegation: an observer needs the code of its institution: one of ${NON_VOTING_CODES.join(', ')}`,
      );
    }
    if (!isNonVotingCode(code)) {
      throw badRequest(
        'invalid-delegation',
        `delegation: an observer may carry ${NON_VOTING_CODES.join(', ')} only`,
      );
    }
    return code;
  }
  if (code !== null)
    throw badRequest('invalid-delegation', `delegation: the ${role} role carries no delegation`);
  return null;
}

const toIsoOrNull = (ms: number | null) => (ms === null ? null : fromEpochMs(ms));

export function toUserBody(user: User) {
  return { id: user.id, name: user.name, role: user.role, delegation: user.delegation };
}

export function createUserRoutes(deps: { store: Store; now: () => number; sessionEnds: SessionEnds }) {
  return createRouter()
    .openapi(createUser, async (c) => {
      requireUser(c, 'manage-users');
      const body = c.req.valid('json');
      const delegation = checkDelegation(body.role, body.delegation);
      const token = createToken();
      const user = await deps.store.users.create(
        { id: createId(), name: body.name, role: body.role, delegation, createdAt: deps.now() },
        hashToken(token),
      );
      return c.json({ ...toUserBody(user), token }, 201);
    })
    .openapi(listUsers, async (c) => {
      requireUser(c, 'manage-users');
      const users = await deps.store.users.list();
      return c.json(
        users.map((user) => ({ ...toUserBody(user), revokedAt: toIsoOrNull(user.revokedAt) })),
        200,
      );
    })
    .openapi(replaceToken, async (c) => {
      requireUser(c, 'manage-users');
      const { id } = c.req.valid('param');
      const user = await deps.store.users.findById(id);
      const token = createToken();
      if (user === null || !(await deps.store.users.revokeAccess(id, hashToken(token), deps.now()))) {
        throw notFound('user-not-found', `there is no user ${excerpt(id)}`);
      }
      deps.sessionEnds.endUser(id);
      return c.json({ ...toUserBody(user), token }, 200);
    })
    .openapi(revokeUser, async (c) => {
      requireUser(c, 'manage-users');
      const { id } = c.req.valid('param');
      // A token nobody is given: the old one stops, and no new one exists.
      if (!(await deps.store.users.endAccess(id, hashToken(createToken()), deps.now()))) {
        throw notFound('user-not-found', `there is no user ${excerpt(id)}`);
      }
      deps.sessionEnds.endUser(id);
      const user = (await deps.store.users.list()).find((listed) => listed.id === id);
      if (user === undefined) throw notFound('user-not-found', `there is no user ${excerpt(id)}`);
      return c.json({ ...toUserBody(user), revokedAt: toIsoOrNull(user.revokedAt) }, 200);
    })
    .openapi(accessHistory, async (c) => {
      requireUser(c, 'manage-users');
      const { id } = c.req.valid('param');
      const history = await deps.store.users.accessHistory(id);
      if (history === null) throw notFound('user-not-found', `there is no user ${excerpt(id)}`);
      return c.json(
        history.map((event) => ({ action: event.action, at: fromEpochMs(event.at) })),
        200,
      );
    })
    .openapi(me, (c) => c.json(toUserBody(requireUser(c, 'read')), 200));
}
