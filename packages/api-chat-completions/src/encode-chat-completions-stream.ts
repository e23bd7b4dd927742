import type { ChatEvent, EncodeMeta, ModelmuxError, SseFrame, Usage } from '@modelmux/core';
import { chatCompletionId } from './chat-completion-id.js';
import { encodeChatCompletionsError } from './encode-chat-completions-error.js';
import { encodeChatCompletionsUsage } from './encode-chat-completions-usage.js';
import { mapChatCompletionsFinishReason } from './map-chat-completions-finish-reason.js';

const DONE: SseFrame = { data: '[DONE]' };

/**
 * Canonical events → `chat.completion.chunk` frames: one id on every chunk, `role` on the first, tool-call
 * fragments by index, `finish_reason` on the last choice chunk, the usage chunk when asked for, then `[DONE]`.
 * A failure becomes an `{"error":…}` frame and the stream ends without `[DONE]`, so clients raise an error.
 */
export async function* encodeChatCompletionsStream(
  events: AsyncIterable<ChatEvent>,
  meta: EncodeMeta,
  options: { includeUsage: boolean },
): AsyncGenerator<SseFrame> {
  // Everything around the delta is the same for every chunk of this completion: build it once.
  let head = '';
  let tail = '';
  let usageChunkHead = '';
  const toolIndexes = new Map<string, number>();

  const chunk = (delta: string, finishReason = 'null'): SseFrame => ({
    data: `${head}${delta},"logprobs":null,"finish_reason":${finishReason}}]${tail}`,
  });

  for await (const event of events) {
    switch (event.type) {
      case 'response-start': {
        const prefix = `{"id":${JSON.stringify(chatCompletionId(event.id, meta.requestId))},"object":"chat.completion.chunk","created":${Math.floor(meta.createdAt / 1000)},"model":${JSON.stringify(meta.modelReference)}`;
        head = `${prefix},"choices":[{"index":0,"delta":`;
        tail = options.includeUsage ? ',"usage":null}' : '}';
        usageChunkHead = `${prefix},"choices":[],"usage":`;
        yield chunk('{"role":"assistant","content":""}');
        break;
      }
      case 'text-delta':
        yield chunk(`{"content":${JSON.stringify(event.delta)}}`);
        break;
      case 'reasoning-delta':
        yield chunk(`{"reasoning_content":${JSON.stringify(event.delta)}}`);
        break;
      case 'tool-call-start': {
        const index = toolIndexes.size;
        toolIndexes.set(event.callId, index);
        const call = {
          index,
          id: event.callId,
          type: 'function',
          function: { name: event.toolName, arguments: '' },
        };
        yield chunk(`{"tool_calls":[${JSON.stringify(call)}]}`);
        break;
      }
      case 'tool-call-delta': {
        const index = toolIndexes.get(event.callId) ?? 0;
        yield chunk(
          `{"tool_calls":[{"index":${index},"function":{"arguments":${JSON.stringify(event.argumentsDelta)}}}]}`,
        );
        break;
      }
      case 'response-end': {
        yield chunk('{}', `"${mapChatCompletionsFinishReason(event.finishReason)}"`);
        if (options.includeUsage) yield* usageChunk(usageChunkHead, event.usage);
        yield DONE;
        return;
      }
      case 'error':
        yield errorFrame(event.error);
        return;
      default:
        break;
    }
  }
}

function* usageChunk(head: string, usage: Usage): Generator<SseFrame> {
  const encoded = encodeChatCompletionsUsage(usage);
  if (encoded !== undefined) yield { data: `${head}${JSON.stringify(encoded)}}` };
}

/** A mid-stream failure in the shape OpenAI clients turn into an error. */
export function errorFrame(error: ModelmuxError): SseFrame {
  return { data: JSON.stringify(encodeChatCompletionsError(error).body) };
}
