import { MEMBER_STATE_CODES, NON_VOTING_CODES, type Role } from '@accord/model';
import type { User } from '../store/store';

/** What other participants see of a connection in awareness: set by the server, never by the client. */
export interface AwarenessUser {
  readonly name: string;
  readonly delegation: string | null;
  readonly role: Role;
  readonly color: string;
}

/**
 * One caret colour per delegation, in protocol order (27 Member States, then COM, EEAS, GSC, CLS):
 * chosen one by one as the sRGB colour farthest in OKLab from those already taken (the roles' colours
 * first), among those that read on white paper (contrast 3.5 or more) and are neither grey nor
 * garish (OKLCH chroma 0.06–0.2). Hues a golden angle apart put Poland's beside the Presidency's blue
 * and Greece's beside the EEAS: at a fixed lightness, 31 hues are 12° apart.
 */
const DELEGATION_COLORS: readonly string[] = [
  '#870f87',
  '#d25ac3',
  '#b40000',
  '#699600',
  '#d26900',
  '#7878ff',
  '#5a4b00',
  '#4b4b78',
  '#1e87c3',
  '#b43c78',
  '#874bc3',
  '#007800',
  '#9678b4',
  '#e15a78',
  '#872d4b',
  '#5a2da5',
  '#965a00',
  '#4b9678',
  '#005a0f',
  '#96874b',
  '#b47878',
  '#d23c2d',
  '#0069a5',
  '#69781e',
  '#875a87',
  '#005a5a',
  '#5a69d2',
  '#a54b4b',
  '#a569e1',
  '#873c0f',
  '#004ba5',
];

const DELEGATION_CODES: readonly string[] = [...MEMBER_STATE_CODES, ...NON_VOTING_CODES];

export const ROLE_COLORS: Readonly<Record<Role, string>> = {
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
  return DELEGATION_COLORS[index] ?? ROLE_COLORS[role];
}

export function toAwarenessUser(user: User): AwarenessUser {
  return {
    name: user.name,
    delegation: user.delegation,
    role: user.role,
    color: colorFor(user.delegation, user.role),
  };
}
