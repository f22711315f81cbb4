/** What a user may do in Accord. Checked at every edge (HTTP routes, the sync socket, the web app). */
export const ROLES = ['delegate', 'presidency', 'secretariat', 'observer', 'archivist', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = [
  'read',
  'edit',
  /**
   * Change the header (number, From/To, subject, date, marking, codes…): the register is the General
   * Secretariat's, kept with the Presidency; delegations co-edit the text, never renumber or retitle it.
   */
  'edit-header',
  'comment',
  'take-position',
  'issue-revision',
  'run-procedure',
  'manage-users',
  'create-document',
  'read-audit',
] as const;
export type Action = (typeof ACTIONS)[number];

const PERMISSIONS: Readonly<Record<Role, readonly Action[]>> = {
  // A delegate takes positions only for its own delegation: the caller's identity decides which.
  delegate: ['read', 'edit', 'comment', 'take-position'],
  presidency: [
    'read',
    'edit',
    'edit-header',
    'comment',
    'issue-revision',
    'run-procedure',
    'create-document',
    'read-audit',
  ],
  secretariat: ['read', 'edit', 'edit-header', 'comment', 'issue-revision', 'create-document', 'read-audit'],
  observer: ['read', 'comment'],
  archivist: ['read', 'read-audit'],
  admin: ['read', 'manage-users'],
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function can(role: Role, action: Action): boolean {
  return PERMISSIONS[role].includes(action);
}
