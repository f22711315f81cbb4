import { useEffect, useState } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import { listParticipants, type Participant } from './presence';

export function useParticipants(provider: WebsocketProvider): Participant[] {
  const { awareness } = provider;
  const [participants, setParticipants] = useState(() =>
    listParticipants(awareness.getStates(), awareness.clientID),
  );
  useEffect(() => {
    const refresh = () => setParticipants(listParticipants(awareness.getStates(), awareness.clientID));
    awareness.on('change', refresh);
    refresh();
    return () => awareness.off('change', refresh);
  }, [awareness]);
  return participants;
}
