import type {
  ChatEvent,
  ContentFilterResults,
  EncodeMeta,
  ModelmuxError,
  StreamEncoder,
} from '@modelmux/core';
import { chatCompletionId } from './chat-completion-id.js';
import { encodeChatCompletionsError } from './encode-chat-completions-error.js';
import { encodePromptFilterResults, encodeThinkingBlock } from './encode-chat-completions-result.js';
import { encodeChatCompletionsUsage } from './encode-chat-completions-usage.js';
import { mapChatCompletionsFinishReason } from './map-chat-completions-finish-reason.js';

const DONE_FRAME = 'data: [DONE]\n\n';

/**
 * Canonical events → `chat.completion.chunk` frames: one id on every chunk, `role` on the first, tool-call
 * fragments by index, `finish_reason` on the last choice chunk, the usage chunk when asked for, then `[DONE]`.
 * A failure becomes a `data: {"error":…}` frame and the stream ends without `[DONE]`, so clients raise an error.
 */
export class ChatCompletionsStreamEncoder implements StreamEncoder {
  // Everything around the delta is the same for every chunk of this completion: built once, on response-start.
  private head = '';
  private tail = '';
  private usageChunkHead = '';
  private readonly toolIndexes = new Map<string, number>();
  private reasoningText = '';
  private prefix = '';
  /** `,"content_filter_results":…` for the next choice chunk (the verdict travels with the delta it judged). */
  private pendingOutputFilter = '';

  constructor(
    private readonly meta: EncodeMeta,
    private readonly options: { includeUsage: boolean },
  ) {}

  private chunk(delta: string, finishReason = 'null'): string {
    if (this.pendingOutputFilter === '')
      return `${this.head}${delta},"logprobs":null,"finish_reason":${finishReason}}]${this.tail}`;
    const filter = this.pendingOutputFilter;
    this.pendingOutputFilter = '';
    return `${this.head}${delta},"logprobs":null,"finish_reason":${finishReason}${filter}}]${this.tail}`;
  }

  /** Content-filter verdicts in Azure OpenAI's stream shape. */
  private contentFilter(results: ContentFilterResults): string {
    if (results.output !== undefined)
      this.pendingOutputFilter = `,"content_filter_results":${JSON.stringify(results.output)}`;
    if (results.prompt === undefined) return '';
    // Azure sends prompt verdicts in a chunk of their own with no choices; this one keeps the completion's id.
    return `${this.prefix},"choices":[],"prompt_filter_results":${JSON.stringify(encodePromptFilterResults(results.prompt))}${this.tail}`;
  }

  encode(event: ChatEvent): string {
    switch (event.type) {
      case 'response-start': {
        const { meta } = this;
        const prefix = `data: {"id":${JSON.stringify(chatCompletionId(event.id, meta.requestId))},"object":"chat.completion.chunk","created":${Math.floor(meta.createdAt / 1000)},"model":${JSON.stringify(meta.modelReference)}`;
        this.head = `${prefix},"choices":[{"index":0,"delta":`;
        this.tail = this.options.includeUsage ? ',"usage":null}\n\n' : '}\n\n';
        this.usageChunkHead = `${prefix},"choices":[],"usage":`;
        this.prefix = prefix;
        return this.chunk('{"role":"assistant","content":""}');
      }
      case 'text-delta':
        return this.chunk(`{"content":${JSON.stringify(event.delta)}}`);
      case 'reasoning-start':
        this.reasoningText = '';
        return '';
      case 'reasoning-delta':
        this.reasoningText += event.delta;
        return this.chunk(`{"reasoning_content":${JSON.stringify(event.delta)}}`);
      case 'reasoning-end': {
        if (event.signature === undefined && event.redactedData === undefined) return '';
        // The whole signed block in one delta, so the client can send it back unchanged next turn.
        const block = encodeThinkingBlock({
          text: this.reasoningText,
          signature: event.signature,
          redactedData: event.redactedData,
        });
        return this.chunk(`{"thinking_blocks":[${JSON.stringify(block)}]}`);
      }
      case 'tool-call-start': {
        const index = this.toolIndexes.size;
        this.toolIndexes.set(event.callId, index);
        const call = {
          index,
          id: event.callId,
          type: 'function',
          function: { name: event.toolName, arguments: '' },
        };
        return this.chunk(`{"tool_calls":[${JSON.stringify(call)}]}`);
      }
      case 'tool-call-delta': {
        const index = this.toolIndexes.get(event.callId) ?? 0;
        return this.chunk(
          `{"tool_calls":[{"index":${index},"function":{"arguments":${JSON.stringify(event.argumentsDelta)}}}]}`,
        );
      }
      case 'response-end': {
        let text = this.chunk('{}', `"${mapChatCompletionsFinishReason(event.finishReason)}"`);
        if (this.options.includeUsage) {
          const usage = encodeChatCompletionsUsage(event.usage);
          if (usage !== undefined) text += `${this.usageChunkHead}${JSON.stringify(usage)}}\n\n`;
        }
        return text + DONE_FRAME;
      }
      case 'content-filter':
        return this.contentFilter(event.results);
      case 'error':
        return encodeChatCompletionsErrorFrame(event.error);
      default:
        return '';
    }
  }
}

/** A mid-stream failure in the shape OpenAI clients turn into an error. */
export function encodeChatCompletionsErrorFrame(error: ModelmuxError): string {
  return `data: ${JSON.stringify(encodeChatCompletionsError(error).body)}\n\n`;
}
