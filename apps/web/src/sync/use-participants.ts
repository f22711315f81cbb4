import { useEffect, useState } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import { listParticipants, type Participant } from './presence';

/** Everyone else in the document (`self`, the signed-in user, in none of their tabs). */
export function useParticipants(
  provider: WebsocketProvider,
  self: Pick<Participant, 'name' | 'delegation'>,
): Participant[] {
  const { awareness } = provider;
  const { name, delegation } = self;
  const [participants, setParticipants] = useState(() =>
    listParticipants(awareness.getStates(), awareness.clientID, { name, delegation }),
  );
  useEffect(() => {
    const refresh = () =>
      setParticipants(listParticipants(awareness.getStates(), awareness.clientID, { name, delegation }));
    awareness.on('change', refresh);
    refresh();
    return () => awareness.off('change', refresh);
  }, [awareness, name, delegation]);
  return participants;
}
