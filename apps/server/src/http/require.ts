import { type Action, can } from '@accord/model';
import type { Context } from 'hono';
import type { User } from '../store/store';
import { forbidden, unauthorized } from './api-error';
import type { AppEnv } from './router';

/** What a 403 says the role may not do: "the delegate role may not create documents". */
const ACTION_WORDS: Readonly<Record<Action, string>> = {
  read: 'read documents',
  edit: 'edit the text',
  'edit-header': "change a document's header",
  comment: 'comment',
  'take-position': 'speak for a delegation (positions, breaking silence)',
  'issue-revision': 'issue revisions',
  'run-procedure': 'run silence procedures',
  'manage-users': 'manage users',
  'create-document': 'create documents',
  'read-audit': 'read the audit log',
};

/** The caller, if their role allows `action`: 401 without credentials, 403 without the right. */
export function requireUser(c: Context<AppEnv>, action: Action): User {
  const auth = c.get('auth');
  if (auth === undefined) throw unauthorized();
  if (!can(auth.user.role, action))
    throw forbidden(`the ${auth.user.role} role may not ${ACTION_WORDS[action]}`);
  return auth.user;
}
