/** One event of a `text/event-stream`. */
export interface StreamEvent {
  /** The event's id (`id:`), which a reconnection sends back as `Last-Event-ID`. */
  id: string | undefined;
  /** The event's type (`event:`), `message` when it names none. */
  event: string;
  /** Its `data:` lines, joined by newlines. */
  data: string;
}

/** A parsed field of the stream: an event, or the server's reconnection delay (`retry:`). */
type Parsed = { kind: 'event'; value: StreamEvent } | { kind: 'retry'; ms: number };

/**
 * Reads a `text/event-stream` body as the HTML standard says: events end at a blank line, comments (`:` lines,
 * the feed's heartbeats) are skipped, `retry:` sets the delay before reconnecting. An event cut off by the end
 * of the stream is dropped, so a reconnection asks again from the last whole one.
 */
export async function* parseEventStream(body: ReadableStream<Uint8Array>): AsyncGenerator<Parsed> {
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  let event = '';
  let id: string | undefined;
  let hasData = false;
  const reader = body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          if (hasData) yield { kind: 'event', value: { id, event: event || 'message', data: data.join('\n') } };
          data = [];
          event = '';
          hasData = false;
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') {
          data.push(text);
          hasData = true;
        } else if (field === 'event') event = text;
        else if (field === 'id' && !text.includes('\0')) id = text;
        else if (field === 'retry' && /^\d+$/.test(text)) yield { kind: 'retry', ms: Number(text) };
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

export interface FollowOptions {
  /** Start after this event (e.g. the last one a previous run handled). */
  lastEventId?: string;
  /** Stops following; the iterator then ends. */
  signal?: AbortSignal;
  /** Wait before reconnecting when the server named none (default 1000 ms). */
  reconnectDelayMs?: number;
  /** Waits; a test may make time pass faster. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Follows an event stream for as long as it is iterated: after a dropped connection it connects again with
 * `Last-Event-ID` set to the last event received, so no event is missed and none is seen twice. `open` makes
 * one connection (it may throw a problem, which ends the iteration; the transport already retried 503/429).
 */
export async function* followEventStream(
  open: (lastEventId: string | undefined, signal: AbortSignal) => Promise<Response>,
  options: FollowOptions = {},
): AsyncGenerator<StreamEvent> {
  let lastEventId = options.lastEventId;
  let delay = options.reconnectDelayMs ?? 1000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    while (!stop.signal.aborted) {
      let response: Response | undefined;
      try {
        response = await open(lastEventId, stop.signal);
      } catch (error) {
        if (stop.signal.aborted) return;
        // No answer at all (fetch's TypeError, by name: it may come from another realm): the gateway is away for
        // a moment. A problem answer is the caller's to see.
        if ((error as { name?: unknown } | null)?.name !== 'TypeError') throw error;
      }
      if (response?.body) {
        try {
          for await (const parsed of parseEventStream(response.body)) {
            if (parsed.kind === 'retry') {
              delay = parsed.ms;
              continue;
            }
            if (parsed.value.id !== undefined) lastEventId = parsed.value.id;
            yield parsed.value;
          }
        } catch {
          // The connection broke mid-stream: connect again from the last event (or end, if stopped).
          if (stop.signal.aborted) return;
        }
      }
      if (stop.signal.aborted) return;
      await sleep(delay);
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    stop.abort();
  }
}
