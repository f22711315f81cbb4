import { EventSourceParserStream } from 'eventsource-parser/stream';
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
  const ended = collectEvents(body, events).catch(() => {});
  return { events, status: response.status, ended, close: () => abort.abort() };
}

/** Appends the stream's events to `events` as they arrive; resolves when it ends. */
async function collectEvents(body: ReadableStream<BufferSource>, events: SseEvent[]): Promise<void> {
  const reader = body
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(new EventSourceParserStream())
    .getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    const { event, id, data } = next.value;
    events.push({ event: event ?? 'message', id: id ?? null, data: JSON.parse(data) });
  }
}
