import type { ConsensusLedger } from '../consensus/consensus-ledger';
import type { LiveTexts } from '../consensus/live-text';
import type { DocumentEventBus } from '../events/event-bus';
import type { Store } from '../store/store';

/** What the position, consensus, silence, comment, audit and event routes share. */
export interface ConsensusRouteDeps {
  readonly store: Store;
  readonly live: LiveTexts;
  readonly ledger: ConsensusLedger;
  readonly events: DocumentEventBus;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  readonly newId: () => string;
}
