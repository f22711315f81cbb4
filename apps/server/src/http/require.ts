import { type Action, can } from '@accord/model';
import type { Context } from 'hono';
import type { User } from '../store/store';
import { forbidden, unauthorized } from './api-error';
import type { AppEnv } from './router';

/** The caller, if their role allows `action`: 401 without credentials, 403 without the right. */
export function requireUser(c: Context<AppEnv>, action: Action): User {
  const auth = c.get('auth');
  if (auth === undefined) throw unauthorized();
  if (!can(auth.user.role, action))
    throw forbidden(`the ${auth.user.role} role may not ${action.replace('-', ' ')}`);
  return auth.user;
}
