import { isAbortError } from '../errors/index.js';
import type { ChatEvent } from '../spec/v1/chat-event.js';
import type { BufferedAsyncIterator } from './buffered-async-iterator.js';

/**
 * A provider's stream translator: synchronous and stateful, fed the upstream's items in order. It appends the
 * canonical events each item produces to `out`.
 */
export interface ChatEventTranslator<Item> {
  /** Translates one upstream item. Returns false once it has emitted a terminal event (the stream stops). */
  push(item: Item, out: ChatEvent[]): boolean;
  /** The upstream ended; append the closing events (`response-end`, or an `error` if it ended too early). */
  finish(out: ChatEvent[]): void;
  /** Reading the upstream failed (not an abort); append an `error` event. */
  fail(error: unknown, out: ChatEvent[]): void;
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * Canonical events from batches of upstream items (one batch per network read). Each batch is translated in one
 * synchronous pass, and the events after the first of a batch can be taken with `takeBuffered()`, so a stream costs
 * one asynchronous step per network read rather than per event. The client's abort is rethrown, never turned into
 * an event; `return()` releases the upstream.
 */
export function createChatEventStream<Item>(
  batches: AsyncIterable<readonly Item[]>,
  translator: ChatEventTranslator<Item>,
  signal?: AbortSignal,
): AsyncIterable<ChatEvent> & BufferedAsyncIterator<ChatEvent> {
  const source = batches[Symbol.asyncIterator]();
  let queue: ChatEvent[] = [];
  let position = 0;
  let finished = false;

  async function fill(): Promise<void> {
    const out: ChatEvent[] = [];
    while (out.length === 0 && !finished) {
      let next: IteratorResult<readonly Item[]>;
      try {
        next = await source.next();
      } catch (error) {
        if (isAbortError(error) || signal?.aborted) throw error;
        if (finished) break;
        finished = true;
        translator.fail(error, out);
        break;
      }
      // return() was called while this read was pending: what it brought is not wanted any more.
      if (finished) break;
      if (next.done === true) {
        finished = true;
        translator.finish(out);
        break;
      }
      for (const item of next.value) {
        if (!translator.push(item, out)) {
          finished = true;
          await source.return?.();
          break;
        }
      }
    }
    queue = out;
    position = 0;
  }

  const stream = {
    [Symbol.asyncIterator]() {
      return stream;
    },
    async next(): Promise<IteratorResult<ChatEvent>> {
      if (position >= queue.length) {
        if (finished) return DONE;
        await fill();
        if (position >= queue.length) return DONE;
      }
      return { done: false, value: queue[position++] as ChatEvent };
    },
    takeBuffered(): ChatEvent | undefined {
      return position < queue.length ? queue[position++] : undefined;
    },
    async return(): Promise<IteratorResult<ChatEvent>> {
      if (!finished) {
        finished = true;
        queue = [];
        await source.return?.();
      }
      return DONE;
    },
  };
  return stream;
}
