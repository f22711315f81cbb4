import type { WebsocketProvider } from 'y-websocket';
import { useMe } from '../session/session-context';
import { labelParticipant } from '../sync/presence';
import { useParticipants } from '../sync/use-participants';

/** Who else is in the document, by delegation code; the full name on hover and for screen readers. */
export function PresenceList({ provider }: { readonly provider: WebsocketProvider }) {
  const participants = useParticipants(provider, useMe());
  return (
    <section className="presence" aria-label="In the document">
      {participants.length === 0 ? (
        <span className="quiet">Nobody else is here</span>
      ) : (
        <ul>
          {participants.map((p) => {
            const label = labelParticipant(p);
            return (
              <li key={`${p.delegation ?? ''}:${p.name}`} title={p.name}>
                <span
                  className="presence-dot"
                  style={{ backgroundColor: p.color ?? undefined }}
                  aria-hidden="true"
                />
                <span className="presence-label">{label}</span>
                {label !== p.name && <span className="visually-hidden"> ({p.name})</span>}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
