import { Readable } from 'node:stream';
import type { SseFrame } from '@modelmux/core';

function serializeFrame(frame: SseFrame): string {
  const data = frame.data.includes('\n') ? frame.data.split('\n').join('\ndata: ') : frame.data;
  return frame.event === undefined ? `data: ${data}\n\n` : `event: ${frame.event}\ndata: ${data}\n\n`;
}

/**
 * The response body of an SSE stream. Frames produced in the same turn of the event loop (all the events of one
 * upstream chunk) are written together, so a 20-chunk reply costs a few socket writes, not one per frame; nothing
 * waits for more upstream data before writing what is ready. Back-pressure is kept: while the client is not reading,
 * no more frames are pulled. Destroying the body (the client went away) stops the frames' iterator.
 */
export function createSseBody(frames: AsyncIterable<SseFrame>): Readable {
  const iterator = frames[Symbol.asyncIterator]();
  let pending = '';
  let flushScheduled = false;
  let pumping = false;
  let wantsMore = true;
  let ended = false;

  const flush = (): void => {
    flushScheduled = false;
    if (pending === '' || body.destroyed) return;
    const chunk = pending;
    pending = '';
    wantsMore = body.push(chunk);
    if (wantsMore && !pumping && !ended) void pump();
  };

  const pump = async (): Promise<void> => {
    pumping = true;
    try {
      while (wantsMore && !body.destroyed) {
        const next = await iterator.next();
        if (next.done === true) {
          ended = true;
          if (pending !== '') {
            body.push(pending);
            pending = '';
          }
          body.push(null);
          return;
        }
        pending += serializeFrame(next.value);
        if (!flushScheduled) {
          flushScheduled = true;
          setImmediate(flush);
        }
      }
    } catch (error) {
      body.destroy(error as Error);
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
      Promise.resolve(iterator.return?.()).then(
        () => callback(error),
        () => callback(error),
      );
    },
  });
  return body;
}
