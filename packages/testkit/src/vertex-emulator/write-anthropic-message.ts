import { prepareAnthropicContent } from './prepare-anthropic-content.js';
import { anthropicEventFrame } from './server-sent-event-frames.js';
import type { VertexAnthropicMessage } from './vertex-emulator-scenario.js';
import type { VertexExchange } from './vertex-exchange.js';

/** How one Claude reply goes out. */
export interface AnthropicReplyOptions {
  /** The message id when the message has none. */
  messageId: string;
  /** The model id of the request path, e.g. `claude-sonnet-4-5@20250929`. */
  modelId: string;
  stream: boolean;
  chunkDelayMs?: number;
}

/**
 * The `model` field of a reply: the path's model id with the `@` before the version turned into `-`, Anthropic's
 * own spelling (`claude-sonnet-4-5-20250929`). Unverified against Vertex; clients should not rely on it.
 */
export function anthropicResponseModel(modelId: string): string {
  return modelId.replace('@', '-');
}

/** Every SSE frame of a Claude message stream, `message_start` to `message_stop`. */
export function anthropicMessageFrames(
  message: VertexAnthropicMessage,
  options: AnthropicReplyOptions,
): string[] {
  const { blockFrames } = prepareAnthropicContent(message.content);
  const stopSequence = message.stop_sequence ?? null;
  const startUsage = { ...message.usage, output_tokens: Math.min(1, message.usage.output_tokens) };
  return [
    anthropicEventFrame({
      type: 'message_start',
      message: {
        id: message.id ?? options.messageId,
        type: 'message',
        role: 'assistant',
        model: anthropicResponseModel(options.modelId),
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: startUsage,
      },
    }),
    anthropicEventFrame({ type: 'ping' }),
    ...blockFrames,
    anthropicEventFrame({
      type: 'message_delta',
      delta: { stop_reason: message.stop_reason, stop_sequence: stopSequence },
      usage: message.usage,
    }),
    anthropicEventFrame({ type: 'message_stop' }),
  ];
}

/** The JSON body of a non-stream Claude reply. */
export function anthropicMessageJson(
  message: VertexAnthropicMessage,
  options: AnthropicReplyOptions,
): string {
  const { contentJson } = prepareAnthropicContent(message.content);
  const id = JSON.stringify(message.id ?? options.messageId);
  const model = JSON.stringify(anthropicResponseModel(options.modelId));
  const stopReason = JSON.stringify(message.stop_reason);
  const stopSequence = JSON.stringify(message.stop_sequence ?? null);
  return `{"id":${id},"type":"message","role":"assistant","model":${model},"content":${contentJson},"stop_reason":${stopReason},"stop_sequence":${stopSequence},"usage":${JSON.stringify(message.usage)}}`;
}

/** Answers a Claude request with a complete message, as JSON or as an SSE stream. */
export function writeAnthropicMessage(
  exchange: VertexExchange,
  message: VertexAnthropicMessage,
  options: AnthropicReplyOptions,
): void {
  if (options.stream)
    exchange.sendEventStream(anthropicMessageFrames(message, options), options.chunkDelayMs);
  else exchange.send(200, anthropicMessageJson(message, options));
}
