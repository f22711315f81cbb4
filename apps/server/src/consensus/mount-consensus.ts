import type { OpenAPIHono } from '@hono/zod-openapi';
import type { SessionEnds } from '../auth/session-ends';
import type { DocumentEventBus } from '../events/event-bus';
import { publishTextChangeHints } from '../events/text-change-hints';
import type { AppEnv } from '../http/router';
import { createAuditRoutes } from '../routes/audit';
import { createCommentRoutes } from '../routes/comments';
import { createCommissionReservationRoutes } from '../routes/commission-reservations';
import { createConsensusRoutes } from '../routes/consensus';
import { createDocumentListEventRoutes, createEventRoutes } from '../routes/events';
import { createItemNoteRoutes } from '../routes/item-note';
import { createPositionRoutes } from '../routes/positions';
import { createSilenceRoutes } from '../routes/silence';
import type { Store } from '../store/store';
import type { LiveDocuments } from '../sync/live-documents';
import { ConsensusLedger } from './consensus-ledger';
import { LiveTexts } from './live-text';

export interface ConsensusFeatureDeps {
  readonly store: Store;
  /** Event streams opened with a session close when it ends. */
  readonly sessionEnds: SessionEnds;
  readonly documents: LiveDocuments;
  readonly events: DocumentEventBus;
  readonly now: () => number;
  readonly newId: () => string;
}

/**
 * Positions, the Commission's reservations, consensus, silence, comments, audit, the event stream and forwarding as an item note:
 * builds the in-memory state they share and mounts their routes on `app`.
 */
export function mountConsensus(app: OpenAPIHono<AppEnv>, deps: ConsensusFeatureDeps): void {
  const live = new LiveTexts(deps.documents);
  const ledger = new ConsensusLedger(deps);
  // A document under a running silence procedure has its text watched before it takes any edit.
  deps.documents.beforeChanges((documentId) => ledger.watchRunningSilence(documentId));
  publishTextChangeHints(deps.documents, deps.events, deps.now);
  const routeDeps = { ...deps, live, ledger };
  app.route('/', createPositionRoutes(routeDeps));
  app.route('/', createCommissionReservationRoutes(routeDeps));
  app.route('/', createConsensusRoutes(routeDeps));
  app.route('/', createSilenceRoutes(routeDeps));
  app.route('/', createCommentRoutes(routeDeps));
  app.route('/', createAuditRoutes(routeDeps));
  app.route('/', createEventRoutes(routeDeps));
  app.route('/', createDocumentListEventRoutes(routeDeps));
  app.route('/', createItemNoteRoutes(routeDeps));
}
