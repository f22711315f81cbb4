import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** The event streams (`/api/events`, `/api/documents/:id/events`): open until their client goes. */
const EVENT_STREAM_PATH = /^\/api\/(?:documents\/[^/?#]+\/)?events(?:[?#]|$)/;

/**
 * The requests a server is answering, so that a stop can let them be answered before it closes their
 * connections: a revision being read, a comment being written. An event stream is no request in
 * progress (it ends only when its client goes), and a sync socket is no request at all.
 */
export class RequestsInProgress {
  private readonly answering = new Set<ServerResponse>();
  private onNone: (() => void) | null = null;

  /** Counts the requests `server` takes from now on. */
  constructor(server: Server) {
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      if (EVENT_STREAM_PATH.test(request.url ?? '')) return;
      this.answering.add(response);
      // 'close': answered, or its connection gone.
      response.once('close', () => {
        this.answering.delete(response);
        if (this.answering.size === 0) this.onNone?.();
      });
    });
  }

  get size(): number {
    return this.answering.size;
  }

  /**
   * Resolves once no request is being answered (those that come meanwhile counted too), or after
   * `limitMs`, with how many still were.
   */
  async waitForNone(limitMs: number): Promise<number> {
    if (this.answering.size > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, limitMs);
        this.onNone = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.onNone = null;
    }
    return this.answering.size;
  }
}
