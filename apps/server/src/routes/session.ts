import { createRoute, z } from '@hono/zod-openapi';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { type AuthDeps, findUserByToken, SESSION_COOKIE, SESSION_TTL_MS } from '../auth/authenticate';
import { createToken, hashToken } from '../auth/tokens';
import { unauthorized } from '../http/api-error';
import { createRouter } from '../http/router';
import { ERROR_RESPONSES } from '../http/schemas';

const login = createRoute({
  method: 'get',
  path: '/login',
  summary: 'Turn a login link into a session cookie and go to the app',
  request: { query: z.object({ token: z.string().optional() }) },
  responses: {
    302: { description: 'Logged in: a session cookie is set and the browser goes to /' },
    401: ERROR_RESPONSES[401],
  },
});

const logout = createRoute({
  method: 'post',
  path: '/api/logout',
  summary: 'End the browser session',
  responses: { 204: { description: 'Logged out' } },
});

/**
 * The cookie holds a fresh random session id, never the user's token: a stolen cookie dies with its
 * session, and the store keeps only the id's hash.
 */
export function createSessionRoutes(deps: AuthDeps) {
  return createRouter()
    .openapi(login, async (c) => {
      const { token } = c.req.valid('query');
      const user = token === undefined ? null : await findUserByToken(deps, token);
      // The admin token is for the API only; it has no row a session could point to.
      if (user === null || user.role === 'admin') throw unauthorized('this login link is not valid');
      const sessionId = createToken();
      const now = deps.now();
      await deps.store.sessions.create({
        idHash: hashToken(sessionId),
        userId: user.id,
        createdAt: now,
        expiresAt: now + SESSION_TTL_MS,
      });
      setCookie(c, SESSION_COOKIE, sessionId, {
        httpOnly: true,
        sameSite: 'Strict',
        path: '/',
        maxAge: Math.floor(SESSION_TTL_MS / 1000),
        secure: new URL(c.req.url).protocol === 'https:',
      });
      return c.redirect('/', 302);
    })
    .openapi(logout, async (c) => {
      const sessionId = getCookie(c, SESSION_COOKIE);
      if (sessionId) await deps.store.sessions.delete(hashToken(sessionId));
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    });
}
