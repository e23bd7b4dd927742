import { Readable } from 'node:stream';
import {
  type BufferedAsyncIterator,
  type ChatEvent,
  isAbortError,
  isBufferedAsyncIterator,
  ModelmuxError,
  type StreamEncoder,
  UpstreamResponseError,
} from '@modelmux/core';

const KEEP_ALIVE_COMMENT = ': keep-alive\n\n';

/**
 * The response body of a streamed chat reply. It pulls events from the model, encodes them with the client API's
 * encoder and writes what one turn of the event loop produced (all the events of one upstream read) together, so a
 * 20-chunk reply costs a few socket writes, not one per frame, and nothing waits for more upstream data before
 * writing what is ready. Back-pressure is kept: while the client is not reading, no more events are pulled.
 * Anything thrown mid-stream (except the client's own abort) reaches the client as the API's error frame, and a
 * stream that ends without a terminal event is reported the same way: never a silent stop. Destroying the body
 * (the client went away) releases the upstream.
 */
export function createChatSseBody(
  first: IteratorResult<ChatEvent>,
  events: AsyncIterator<ChatEvent> | BufferedAsyncIterator<ChatEvent>,
  encoder: StreamEncoder,
  onEvent: (event: ChatEvent) => void,
  /** Runs once the reply is complete, before its final frame goes out; a failure replaces that frame with an error. */
  beforeFinalFrame?: () => Promise<void>,
  /** Sends an SSE comment when nothing was written for this long, so proxies keep a silent stream open; 0: never. */
  keepAliveMs = 0,
): Readable {
  let pending = '';
  let flushScheduled = false;
  let pumping = false;
  let wantsMore = true;
  let ended = false;
  let current: IteratorResult<ChatEvent> | undefined = first;
  const buffered = isBufferedAsyncIterator(events) ? events : undefined;

  let wroteSinceTick = false;
  const keepAlive =
    keepAliveMs > 0
      ? setInterval(() => {
          if (!wroteSinceTick && !ended && !body.destroyed) body.push(KEEP_ALIVE_COMMENT);
          wroteSinceTick = false;
        }, keepAliveMs)
      : undefined;
  keepAlive?.unref();

  const flush = (): void => {
    flushScheduled = false;
    if (pending === '' || body.destroyed) return;
    const chunk = pending;
    pending = '';
    wroteSinceTick = true;
    wantsMore = body.push(chunk);
    if (wantsMore && !pumping && !ended) void pump();
  };

  const end = (): void => {
    ended = true;
    clearInterval(keepAlive);
    if (body.destroyed) return;
    if (pending !== '') body.push(pending);
    pending = '';
    body.push(null);
  };

  const write = (event: ChatEvent): boolean => {
    onEvent(event);
    if (event.type === 'response-end' && beforeFinalFrame !== undefined) {
      const finalFrames = encoder.encode(event);
      ended = true;
      void events.return?.();
      beforeFinalFrame().then(
        () => {
          pending += finalFrames;
          end();
        },
        (error: unknown) => {
          const failure = ModelmuxError.isInstance(error)
            ? error
            : new UpstreamResponseError({
                message: `Could not finish the reply: ${String(error)}`,
                cause: error,
              });
          onEvent({ type: 'error', error: failure });
          pending += encoder.encode({ type: 'error', error: failure });
          end();
        },
      );
      return false;
    }
    pending += encoder.encode(event);
    if (event.type === 'response-end' || event.type === 'error') {
      end();
      void events.return?.();
      return false;
    }
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
    return true;
  };

  const pump = async (): Promise<void> => {
    pumping = true;
    try {
      while (wantsMore && !ended && !body.destroyed) {
        const next = current ?? (await events.next());
        current = undefined;
        // The client went away (the body was destroyed) while the upstream was being read: nothing more to do.
        if (ended) return;
        if (next.done === true) {
          write({
            type: 'error',
            error: new UpstreamResponseError({ message: 'The stream ended without a final event.' }),
          });
          return;
        }
        if (!write(next.value)) return;
        // The rest of the same upstream read, without an asynchronous step per event.
        if (buffered !== undefined) {
          for (
            let event = buffered.takeBuffered();
            event !== undefined && !ended;
            event = buffered.takeBuffered()
          ) {
            if (!write(event)) return;
          }
        }
      }
    } catch (error) {
      if (isAbortError(error) || body.destroyed) {
        body.destroy();
        return;
      }
      const failure = ModelmuxError.isInstance(error)
        ? error
        : new UpstreamResponseError({
            message: `The stream failed: ${(error as Error)?.message ?? String(error)}`,
            cause: error,
          });
      write({ type: 'error', error: failure });
    } finally {
      pumping = false;
    }
  };

  const body = new Readable({
    read() {
      wantsMore = true;
      if (!pumping && !ended) void pump();
    },
    destroy(error, callback) {
      ended = true;
      clearInterval(keepAlive);
      Promise.resolve(events.return?.()).then(
        () => callback(error),
        () => callback(error),
      );
    },
  });
  return body;
}
