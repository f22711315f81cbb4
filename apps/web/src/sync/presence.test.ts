import { describe, expect, it } from 'vitest';
import { labelParticipant, listParticipants } from './presence';

const user = (name: string, delegation: string | null, role = 'delegate') => ({
  user: { name, delegation, role, color: '#123456' },
});

describe('presence', () => {
  it('lists everyone but this client, delegations in protocol order, then the others by name', () => {
    const states = new Map<number, unknown>([
      [1, user('Me', 'DE')],
      [2, user('Jeanne', 'FR')],
      [3, user('Presidency', null, 'presidency')],
      [4, user('Anke', 'DE')],
      [5, user('Bart', 'BE')],
      [6, user('Archive', null, 'archivist')],
    ]);
    expect(listParticipants(states, 1).map(labelParticipant)).toEqual([
      'BE',
      'DE',
      'FR',
      'Archive',
      'Presidency',
    ]);
  });

  it('shows a person with two tabs open once', () => {
    const states = new Map<number, unknown>([
      [2, user('Jeanne', 'FR')],
      [3, user('Jeanne', 'FR')],
    ]);
    expect(listParticipants(states, 1)).toHaveLength(1);
  });

  it('leaves out the signed-in user in every tab of theirs, and only them', () => {
    const states = new Map<number, unknown>([
      [1, user('Jeanne', 'FR')],
      [2, user('Jeanne', 'FR')],
      [3, user('Marie', 'FR')],
      [4, user('Jeanne', 'BE')],
    ]);
    expect(listParticipants(states, 1, { name: 'Jeanne', delegation: 'FR' }).map((p) => p.name)).toEqual([
      'Jeanne',
      'Marie',
    ]);
    expect(listParticipants(states, 1, { name: 'Jeanne', delegation: 'FR' }).map(labelParticipant)).toEqual([
      'BE',
      'FR',
    ]);
  });

  it('leaves out connections the server has not named yet and states that are not objects', () => {
    const states = new Map<number, unknown>([
      [2, {}],
      [3, null],
      [4, { user: { name: '' } }],
      [5, { user: 'FR' }],
    ]);
    expect(listParticipants(states, 1)).toEqual([]);
  });
});
