/**
 * Who is in the document, from awareness. The server writes each connection's `user` (name, delegation,
 * role, colour) from its session, so what a client claims about itself is never shown to others.
 */
import { sortInProtocolOrder } from '@accord/model';

export interface Participant {
  readonly name: string;
  /** Delegation code (FR, COM, …), or null for the Presidency, the Secretariat and archivists. */
  readonly delegation: string | null;
  readonly role: string | null;
  readonly color: string | null;
}

function readParticipant(state: unknown): Participant | null {
  const user = (state as { user?: unknown } | null)?.user;
  if (typeof user !== 'object' || user === null) return null;
  const { name, delegation, role, color } = user as Record<string, unknown>;
  if (typeof name !== 'string' || name === '') return null;
  return {
    name,
    delegation: typeof delegation === 'string' && delegation !== '' ? delegation : null,
    role: typeof role === 'string' ? role : null,
    color: typeof color === 'string' ? color : null,
  };
}

/** The label a participant goes by in the room: the delegation code, else the name. */
export function labelParticipant(participant: Pick<Participant, 'name' | 'delegation'>): string {
  return participant.delegation ?? participant.name;
}

/** A person, as awareness tells people apart: by delegation and name. */
function keyOf(person: Pick<Participant, 'name' | 'delegation'>): string {
  return `${person.delegation ?? ''}\u0000${person.name}`;
}

/**
 * Everyone else in the document, one entry per person however many tabs they have open: delegations in
 * protocol order first, then the others by name. `self`, the signed-in user, is left out with every tab
 * of theirs, not only this one: their other tab is not someone else in the room.
 */
export function listParticipants(
  states: ReadonlyMap<number, unknown>,
  ownClientId: number,
  self: Pick<Participant, 'name' | 'delegation'> | null = null,
): Participant[] {
  const selfKey = self === null ? null : keyOf(self);
  const byKey = new Map<string, Participant>();
  for (const [clientId, state] of states) {
    if (clientId === ownClientId) continue;
    const participant = readParticipant(state);
    if (!participant) continue;
    const key = keyOf(participant);
    if (key !== selfKey) byKey.set(key, participant);
  }
  const all = [...byKey.values()];
  const delegations = sortInProtocolOrder(new Set(all.flatMap((p) => (p.delegation ? [p.delegation] : []))));
  const rank = new Map(delegations.map((code, index) => [code, index]));
  return all.sort(
    (a, b) =>
      (a.delegation === null ? Number.MAX_SAFE_INTEGER : (rank.get(a.delegation) ?? 0)) -
        (b.delegation === null ? Number.MAX_SAFE_INTEGER : (rank.get(b.delegation) ?? 0)) ||
      a.name.localeCompare(b.name),
  );
}
