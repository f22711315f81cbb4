import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { forbidden, unauthorized } from '../http/api-error';
import type { AppEnv } from '../http/router';
import { type AuthDeps, authenticate, isSameOrigin, readCredentials, SESSION_COOKIE } from './authenticate';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Resolves the caller from a bearer token or session cookie; 401 when neither is valid. */
export function requireAuthentication(deps: AuthDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const credentials = readCredentials(c.req.header('authorization'), getCookie(c, SESSION_COOKIE));
    const auth = await authenticate(deps, credentials);
    if (auth === null) throw unauthorized();
    if (auth.via === 'session' && !SAFE_METHODS.has(c.req.method)) {
      if (!isSameOrigin(c.req.header('origin'), c.req.header('host'), deps.publicOrigin ?? null)) {
        throw forbidden('a cookie-authenticated change must come from this site (Origin header)');
      }
    }
    c.set('auth', auth);
    await next();
  };
}
