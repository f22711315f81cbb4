export interface SseEvent {
  readonly event: string;
  readonly data: unknown;
  readonly id: string | null;
}

/**
 * Opens a server-sent event stream with fetch and collects its events as they arrive (`events` grows;
 * keep-alive comments are skipped). `ended` resolves when the server ends the stream; `close` aborts
 * the request, as a browser leaving the page does.
 */
export async function readEventStream(
  url: string,
  headers: Record<string, string>,
): Promise<{ events: SseEvent[]; status: number; ended: Promise<void>; close(): void }> {
  const abort = new AbortController();
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  const events: SseEvent[] = [];
  const body = response.body;
  if (response.status !== 200 || body === null) {
    throw new Error(`the event stream was refused: ${response.status} ${await response.text()}`);
  }
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const ended = (async () => {
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (chunk.done) return;
      buffer += decoder.decode(chunk.value, { stream: true });
      for (let cut = buffer.indexOf('\n\n'); cut >= 0; cut = buffer.indexOf('\n\n')) {
        const frame = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        let event = 'message';
        let id: string | null = null;
        const data: string[] = [];
        for (const line of frame.split('\n')) {
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') event = value;
          else if (field === 'data') data.push(value);
          else if (field === 'id') id = value;
        }
        if (data.length > 0) events.push({ event, id, data: JSON.parse(data.join('\n')) });
      }
    }
  })();
  return { events, status: response.status, ended, close: () => abort.abort() };
}
