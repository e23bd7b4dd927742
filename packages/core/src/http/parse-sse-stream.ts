import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** One server-sent event. */
export interface SseEvent {
  event?: string;
  data: string;
  id?: string;
}

const STREAMING = { stream: true } as const;

/**
 * Turns a byte stream into server-sent events, however the bytes are split: one batch per network read with every
 * event that read completed (reads that complete none yield nothing). An event is yielded only once its terminating
 * blank line has arrived, so a stream cut in the middle of an event never yields half of it.
 */
export async function* parseSseBatches(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent[]> {
  const decoder = new TextDecoder();
  let pending: SseEvent[] = [];
  const parser = createParser({
    // The parser's message already has the shape of an SseEvent (absent fields undefined): kept as it is.
    onEvent(message: EventSourceMessage) {
      pending.push(message);
    },
  });
  for await (const chunk of chunks) {
    parser.feed(decoder.decode(chunk, STREAMING));
    if (pending.length > 0) {
      const ready = pending;
      pending = [];
      yield ready;
    }
  }
  parser.feed(decoder.decode());
  if (pending.length > 0) yield pending;
}

/** The events of `parseSseBatches` one by one. */
export async function* parseSseStream(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent> {
  for await (const batch of parseSseBatches(chunks)) yield* batch;
}
