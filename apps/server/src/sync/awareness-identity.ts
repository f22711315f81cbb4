import { MEMBER_STATE_CODES, NON_VOTING_CODES, type Role } from '@accord/model';
import type { User } from '../store/store';

/** What other participants see of a connection in awareness: set by the server, never by the client. */
export interface AwarenessUser {
  readonly name: string;
  readonly delegation: string | null;
  readonly role: Role;
  readonly color: string;
}

// 31 distinguishable hues, one per delegation in protocol order (27 Member States, then COM, EEAS, GSC, CLS).
const DELEGATION_CODES: readonly string[] = [...MEMBER_STATE_CODES, ...NON_VOTING_CODES];

const ROLE_COLORS: Readonly<Record<Role, string>> = {
  presidency: '#1d4ed8',
  secretariat: '#0f766e',
  delegate: '#6b7280',
  observer: '#7c3aed',
  archivist: '#78716c',
  admin: '#374151',
};

/** A deterministic colour per delegation (or per role for those without one). */
export function colorFor(delegation: string | null, role: Role): string {
  const index = delegation === null ? -1 : DELEGATION_CODES.indexOf(delegation);
  if (index < 0) return ROLE_COLORS[role];
  // Golden-angle steps keep neighbours in protocol order far apart on the colour wheel.
  const hue = Math.round((index * 137.508) % 360);
  return `hsl(${hue} 65% 42%)`;
}

export function toAwarenessUser(user: User): AwarenessUser {
  return {
    name: user.name,
    delegation: user.delegation,
    role: user.role,
    color: colorFor(user.delegation, user.role),
  };
}
