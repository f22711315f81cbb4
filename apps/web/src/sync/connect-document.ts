/**
 * One live document: a Y.Doc bound to the server by the stock y-websocket provider. The session cookie
 * authenticates the socket; `acks=1` asks the server for durability acks, which drive "saved". With
 * `pending` (a user who may edit), edits not yet acked are also kept in the browser (pending-edits.ts)
 * and, on the next visit, applied once the server's state is in, so they are sent again.
 */
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { SessionCheck } from '../session/session-context';
import { batchRemoteUpdates } from './batch-remote-updates';
import { normalizeCaretColors } from './caret-color';
import {
  getOwnClock,
  isDurable,
  MESSAGE_DURABLE,
  readDurableAck,
  readSentKind,
  SentChanges,
} from './durable-acks';
import { type PendingEdits, readClocks } from './pending-edits';

/** The origin of edits a previous visit left unconfirmed, applied again here. */
const RESTORED = Symbol('restored');

/** `connecting`: the first connection is being made; `disconnected`: offline, retries under way. */
export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

export interface SyncState {
  readonly status: ConnectionStatus;
  /** The server's state has been received at least once: the editor may show the document. */
  readonly loaded: boolean;
  /** Every edit made here is on the server's disk. */
  readonly saved: boolean;
}

export interface DocumentConnection {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  getState(): SyncState;
  /** What the server has on disk, by clientID (a state vector): edits beyond it may not have reached others. */
  readDurable(): ReadonlyMap<number, number>;
  /** Calls `listener` whenever the state changes; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  destroy(): void;
}

export function createSyncUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
}

export function connectDocument(
  documentId: string,
  options: {
    /** Makes the store of this copy's unconfirmed edits (given the Y.Doc's clientID), for users who edit. */
    readonly pending?: ((copyId: number) => PendingEdits) | null;
    readonly serverUrl?: string;
    /** Asks who is signed in when the server closed the socket (see `watchSessionEnd`). */
    readonly checkSession?: (() => Promise<SessionCheck>) | null;
  } = {},
): DocumentConnection {
  const serverUrl = options.serverUrl ?? createSyncUrl(window.location);
  const doc = new Y.Doc();
  const pending = options.pending?.(doc.clientID) ?? null;
  // No BroadcastChannel between tabs: the server is the one path, so every edit is checked and acked.
  const provider = new WebsocketProvider(serverUrl, documentId, doc, {
    params: { acks: '1' },
    disableBc: true,
  });
  const stopBatching = batchRemoteUpdates(provider);
  const listeners = new Set<() => void>();
  let durable = new Map<number, number>();
  const sent = new SentChanges();
  let state: SyncState = { status: 'connecting', loaded: false, saved: true };

  const update = (patch: Partial<SyncState>) => {
    const next = { ...state, ...patch };
    if (next.status === state.status && next.loaded === state.loaded && next.saved === state.saved) return;
    state = next;
    for (const listener of listeners) listener();
  };
  // Clocks of other clientIDs (earlier visits) whose edits were restored here and are not yet durable.
  let restored = new Map<number, number>();
  const checkSaved = () => {
    const saved =
      sent.settled &&
      isDurable(durable, doc.clientID, getOwnClock(doc)) &&
      [...restored].every(([client, clock]) => isDurable(durable, client, clock));
    if (saved && (restored.size > 0 || !state.saved)) {
      restored = new Map();
      pending?.clear();
    }
    update({ saved });
  };
  const trackOwnChange = (change: Uint8Array, origin: unknown) => {
    if (origin === provider) return;
    // The provider, listening before us, has just sent it (or kept it for the next SyncStep2).
    sent.changed();
    if (origin !== RESTORED) pending?.add(change);
  };
  const restorePending = () => {
    const left = pending?.read() ?? null;
    if (left === null) return;
    try {
      restored = readClocks(left);
      // After the server's state, so that the edits land where they were made; the provider sends them.
      Y.applyUpdate(doc, left, RESTORED);
    } catch {
      // Not an update of this document after all: nothing to restore.
      restored = new Map();
      pending?.clear();
    }
  };

  provider.messageHandlers[MESSAGE_DURABLE] = (_encoder, decoder) => {
    const ack = readDurableAck(decoder);
    durable = ack.stateVector;
    sent.acknowledged(ack.messagesThrough);
    checkSaved();
  };
  const { awareness } = provider;
  // Registered before the editor's caret plugin, so carets are drawn with the rewritten colours.
  awareness.on('change', ({ added, updated }: { added: number[]; updated: number[] }) =>
    normalizeCaretColors(awareness.getStates(), [...added, ...updated]),
  );
  // y-websocket says 'disconnected' once when a connection drops, then 'connecting' before every
  // retry: once connected, a retry is still offline, or the page would read "Connecting…" a tenth of
  // a second after the server went away.
  let connectedOnce = false;
  provider.on('status', ({ status }) => {
    // Emitted on open before the provider sends anything on the new socket.
    if (status === 'connected' && provider.ws !== null) countSent(provider.ws, sent);
    if (status === 'connected') connectedOnce = true;
    update({ status: status === 'connecting' && connectedOnce ? 'disconnected' : status });
  });
  provider.on('sync', (synced: boolean) => {
    if (!synced) return;
    if (!state.loaded) restorePending();
    update({ loaded: true });
    checkSaved();
  });
  doc.on('update', trackOwnChange);
  doc.on('update', checkSaved);
  const stopWatchingSession = options.checkSession
    ? watchSessionEnd(provider, options.checkSession)
    : () => {};
  const stopFollowingNetwork = dropSocketWhenOffline(provider, window);

  return {
    doc,
    provider,
    getState: () => state,
    readDurable: () => durable,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    destroy() {
      stopWatchingSession();
      stopFollowingNetwork();
      listeners.clear();
      doc.off('update', trackOwnChange);
      doc.off('update', checkSaved);
      stopBatching();
      provider.destroy();
      doc.destroy();
    },
  };
}

/**
 * Closes the socket as soon as the browser says it is offline (`offline` on `target`, the window), and
 * goes on trying to reconnect as after any drop. A socket whose network went away is not closed by the
 * browser: y-websocket only gives it up after 30 s without a message, and until then the page said
 * "Saving…" of edits that were going nowhere, where it now says at once that they are kept here until
 * the connection returns. Returns the function that stops listening.
 */
export function dropSocketWhenOffline(
  provider: Pick<WebsocketProvider, 'wsconnected' | 'shouldConnect' | 'disconnect' | 'connect'>,
  target: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>,
): () => void {
  const onOffline = () => {
    if (!provider.wsconnected || !provider.shouldConnect) return;
    provider.disconnect();
    provider.connect();
  };
  target.addEventListener('offline', onOffline);
  return () => target.removeEventListener('offline', onOffline);
}

/** Counts what goes out on `ws` for `sent`: the server numbers the same messages. */
function countSent(ws: WebSocket, sent: SentChanges): void {
  sent.opened();
  const send = ws.send.bind(ws);
  ws.send = (data) => {
    const kind = data instanceof Uint8Array ? readSentKind(data) : null;
    if (kind !== null) sent.sentMessage(kind);
    send(data);
  };
}

/** The server's close code for a socket whose session ended (HTTP's 401 in the private range). */
export const SESSION_ENDED_CLOSE_CODE = 4401;

/** Least time between two asks of who is signed in while the socket keeps failing to reconnect. */
export const SESSION_CHECK_INTERVAL_MS = 10_000;

/**
 * Follows the session through the socket's closes. The server closes a socket whose session ended
 * with `SESSION_ENDED_CLOSE_CODE`, after which y-websocket stops reconnecting (a 44xx close): the
 * session is asked for, and the provider reconnects unless it changed (the screens then leave the
 * document, or open it again as the user now signed in, with that user's own pending edits). A session
 * that ended while the socket was down shows as refused upgrades (closes the browser reports as 1006):
 * while those go on, the session is asked for now and then. Returns the function that stops following.
 */
function watchSessionEnd(provider: WebsocketProvider, checkSession: () => Promise<SessionCheck>): () => void {
  let stopped = false;
  let lastAsked = Number.NEGATIVE_INFINITY;
  const onClose = (event: CloseEvent | null) => {
    if (event === null || event.code === SESSION_ENDED_CLOSE_CODE) return;
    if (Date.now() - lastAsked < SESSION_CHECK_INTERVAL_MS) return;
    lastAsked = Date.now();
    void checkSession();
  };
  const onClosed = ({ code }: { code: number }) => {
    if (code !== SESSION_ENDED_CLOSE_CODE) return;
    lastAsked = Date.now();
    void checkSession().then((answer) => {
      if (!stopped && answer !== 'changed') provider.connect();
    });
  };
  provider.on('connection-close', onClose);
  provider.on('closed', onClosed);
  return () => {
    stopped = true;
    provider.off('connection-close', onClose);
    provider.off('closed', onClosed);
  };
}
