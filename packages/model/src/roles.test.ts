import { describe, expect, it } from 'vitest';
import { ACTIONS, type Action, can, isRole, ROLES, type Role } from './roles';

/** Who may do what: the whole table, one row per action, so a change to it is a change here. */
const MAY: Readonly<Record<Action, readonly Role[]>> = {
  read: ['delegate', 'presidency', 'secretariat', 'observer', 'archivist', 'admin'],
  edit: ['delegate', 'presidency', 'secretariat'],
  'edit-header': ['presidency', 'secretariat'],
  comment: ['delegate', 'presidency', 'secretariat', 'observer'],
  'take-position': ['delegate'],
  'issue-revision': ['presidency', 'secretariat'],
  'run-procedure': ['presidency'],
  'manage-users': ['admin'],
  'create-document': ['presidency', 'secretariat'],
  'read-audit': ['presidency', 'secretariat', 'archivist'],
};

describe('can', () => {
  const cases = ACTIONS.flatMap((action) =>
    ROLES.map((role) => [role, action, MAY[action].includes(role)] as const),
  );

  it.each(cases)('a %s may %s: %s', (role, action, allowed) => {
    expect(can(role, action)).toBe(allowed);
  });

  it.each([
    ['changing the header', 'edit-header', 'editing the text', 'edit'],
    // A revision's upload and a new document (an item note included) write a header.
    ['issuing a revision', 'issue-revision', 'changing the header', 'edit-header'],
    ['creating a document', 'create-document', 'changing the header', 'edit-header'],
  ] as const)('lets nobody be %s without %s', (_what, action, _needed, needed) => {
    for (const role of ROLES) if (can(role, action)) expect(can(role, needed), role).toBe(true);
  });
});

describe('isRole', () => {
  it.each([
    ['delegate', true],
    ['secretariat', true],
    ['Presidency', false],
    ['', false],
    [null, false],
    [7, false],
  ])('%j is a role: %s', (value, expected) => {
    expect(isRole(value)).toBe(expected);
  });
});
