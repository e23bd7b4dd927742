import {
  type CallContext,
  type ChatEvent,
  type ChatModel,
  type ChatRequest,
  UpstreamResponseError,
} from '@modelmux/core';

/** A stream that has delivered its first event (not an error): from here on the client can be answered. */
export interface OpenedChatStream {
  first: IteratorYieldResult<ChatEvent>;
  events: AsyncIterator<ChatEvent>;
}

/**
 * Opens a model's stream and waits for its first event, so that an upstream that fails before sending anything —
 * an HTTP error, an error event first, a stream that ends at once — fails the attempt while it can still be retried.
 */
export async function openChatStream(
  model: ChatModel,
  request: ChatRequest,
  context: CallContext,
): Promise<OpenedChatStream> {
  const events = (await model.stream(request, context))[Symbol.asyncIterator]();
  let first: IteratorResult<ChatEvent>;
  try {
    first = await events.next();
  } catch (error) {
    void events.return?.()?.catch(() => undefined);
    throw error;
  }
  if (first.done === true)
    throw new UpstreamResponseError({ message: 'The upstream stream ended before its first event.' });
  if (first.value.type === 'error') {
    void events.return?.()?.catch(() => undefined);
    throw first.value.error;
  }
  return { first, events };
}
