import { type BufferedAsyncIterator, type ChatEvent, isBufferedAsyncIterator } from '@modelmux/core';
import type { AttemptScope } from './attempt-scope.js';

/**
 * The rest of a stream after its first event, under the attempt's idle timeout: a silence longer than the limit ends
 * the stream with the timeout as its error event (the client already has part of the reply, so nothing is retried).
 * Closing the iterator ends the attempt. Events the stream already holds (`takeBuffered`) pass straight through:
 * taking them is no wait on the upstream.
 */
export function watchIdleEvents(
  events: AsyncIterator<ChatEvent>,
  scope: AttemptScope,
): AsyncIterator<ChatEvent> | BufferedAsyncIterator<ChatEvent> {
  const timedOut = (): IteratorResult<ChatEvent> => ({
    done: false,
    value: { type: 'error', error: scope.timeoutError! },
  });
  const watched: AsyncIterator<ChatEvent> = {
    async next() {
      scope.waitingForEvent();
      try {
        const result = await events.next();
        if (scope.timeoutError !== undefined && (result.done === true || result.value.type === 'error'))
          return timedOut();
        return result;
      } catch (error) {
        if (scope.timeoutError !== undefined) return timedOut();
        throw error;
      } finally {
        scope.eventArrived();
      }
    },
    async return() {
      scope.dispose();
      return (await events.return?.()) ?? { done: true, value: undefined };
    },
  };
  if (!isBufferedAsyncIterator(events)) return watched;
  return Object.assign(watched, {
    takeBuffered(): ChatEvent | undefined {
      const event = events.takeBuffered();
      // The error the timeout's abort caused, when the stream put it after other events of its last read.
      if (event?.type === 'error' && scope.timeoutError !== undefined)
        return { type: 'error', error: scope.timeoutError };
      return event;
    },
  });
}
