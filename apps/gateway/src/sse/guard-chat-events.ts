import { type ChatEvent, isAbortError, ModelmuxError, UpstreamResponseError } from '@modelmux/core';

/**
 * Replays `first`, then the rest of `iterator`, so that anything thrown mid-stream (other than the client's own
 * abort) reaches the encoder as an `error` event instead of cutting the response silently.
 */
export async function* guardChatEvents(
  first: IteratorResult<ChatEvent>,
  iterator: AsyncIterator<ChatEvent>,
  onEvent: (event: ChatEvent) => void,
): AsyncGenerator<ChatEvent> {
  let current = first;
  try {
    while (current.done !== true) {
      onEvent(current.value);
      yield current.value;
      if (current.value.type === 'response-end' || current.value.type === 'error') return;
      current = await iterator.next();
    }
  } catch (error) {
    if (isAbortError(error)) throw error;
    const failure = ModelmuxError.isInstance(error)
      ? error
      : new UpstreamResponseError({
          message: `The stream failed: ${(error as Error)?.message ?? String(error)}`,
          cause: error,
        });
    const event: ChatEvent = { type: 'error', error: failure };
    onEvent(event);
    yield event;
    return;
  } finally {
    await iterator.return?.();
  }
  const event: ChatEvent = {
    type: 'error',
    error: new UpstreamResponseError({ message: 'The stream ended without a final event.' }),
  };
  onEvent(event);
  yield event;
}
