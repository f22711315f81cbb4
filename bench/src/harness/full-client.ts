import { getFragment } from '@accord/ydoc';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { Wire } from './sync-socket';

/** How a full client reaches a document on one server. */
export interface FullClientTarget {
  readonly wire: Wire;
  /** ws://host:port plus the prefix the provider appends the room to (Accord: /sync). */
  readonly serverUrl: string;
  readonly room: string;
  readonly params: Readonly<Record<string, string>>;
  readonly token: string;
}

/**
 * A real client with a whole Y.Doc: the stock y-websocket `WebsocketProvider` (Accord, the stock
 * server, the relay) or the `HocuspocusProvider`. Three of them watch every run and must end up with
 * the same document.
 */
export class FullClient {
  private constructor(
    readonly doc: Y.Doc,
    private readonly provider: WebsocketProvider | HocuspocusProvider,
    readonly whenSynced: Promise<void>,
    private readonly socket: HocuspocusProviderWebsocket | null = null,
  ) {}

  static open(target: FullClientTarget): FullClient {
    const doc = new Y.Doc();
    if (target.wire === 'hocuspocus') {
      let resolveSynced!: () => void;
      const synced = new Promise<void>((resolve) => {
        resolveSynced = resolve;
      });
      const socket = new HocuspocusProviderWebsocket({ url: target.serverUrl, WebSocketPolyfill: WebSocket });
      const provider = new HocuspocusProvider({
        websocketProvider: socket,
        name: target.room,
        document: doc,
        token: target.token,
        onSynced: () => resolveSynced(),
      });
      provider.attach();
      return new FullClient(doc, provider, synced, socket);
    }
    const provider = new WebsocketProvider(target.serverUrl, target.room, doc, {
      params: { ...target.params },
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      maxBackoffTime: 500,
    });
    // Accord's durable message (type 100): the web app reads it; here it is only accepted.
    provider.messageHandlers[100] = () => {};
    const synced =
      target.wire === 'relay'
        ? new Promise<void>((resolve) => {
            const onStatus = (event: { status: string }) => {
              if (event.status !== 'connected') return;
              provider.off('status', onStatus);
              resolve();
            };
            provider.on('status', onStatus);
          })
        : new Promise<void>((resolve) => {
            const onSync = (isSynced: boolean) => {
              if (!isSynced) return;
              provider.off('sync', onSync);
              resolve();
            };
            provider.on('sync', onSync);
          });
    return new FullClient(doc, provider, synced);
  }

  /** The document as XML text, for comparing clients. */
  content(): string {
    return getFragment(this.doc).toString();
  }

  /** Whether this client has every struct of client `clientId` up to (not including) `clock`. */
  has(clientId: number, clock: number): boolean {
    return (Y.decodeStateVector(Y.encodeStateVector(this.doc)).get(clientId) ?? 0) >= clock;
  }

  destroy(): void {
    this.provider.destroy();
    this.socket?.destroy();
    this.doc.destroy();
  }
}

export class ConvergenceError extends Error {
  override readonly name = 'ConvergenceError';
}

/**
 * Waits until every full client has every writer's edits and all hold the same document; throws a
 * ConvergenceError (the scenario fails loudly) if that does not happen within `timeoutMs`.
 */
export async function checkConvergence(
  clients: readonly FullClient[],
  writers: readonly { readonly doc: Y.Doc }[],
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  const wanted = writers.map((w) => {
    const clock = Y.decodeStateVector(Y.encodeStateVector(w.doc)).get(w.doc.clientID) ?? 0;
    return [w.doc.clientID, clock] as const;
  });
  for (;;) {
    const complete = clients.every((c) => wanted.every(([id, clock]) => c.has(id, clock)));
    if (complete) {
      const first = clients[0]?.content();
      const same = clients.every((c) => c.content() === first);
      if (same) return;
      if (performance.now() > deadline) {
        throw new ConvergenceError('the full clients hold every edit but their documents differ');
      }
    } else if (performance.now() > deadline) {
      const missing = clients.filter((c) => !wanted.every(([id, clock]) => c.has(id, clock))).length;
      throw new ConvergenceError(
        `${missing} of ${clients.length} full clients lack edits after ${timeoutMs} ms`,
      );
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}
