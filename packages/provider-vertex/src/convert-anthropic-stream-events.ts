import {
  type ChatEvent,
  type ChatEventTranslator,
  createChatEventStream,
  type FinishReason,
  type ModelmuxError,
  UpstreamError,
  UpstreamResponseError,
  type Usage,
  type Warning,
} from '@modelmux/core';
import { mapTransportError, type ParseResult } from '@modelmux/core/http';
import { convertAnthropicUsage } from './convert-anthropic-usage.js';
import { JSON_OUTPUT_TOOL_NAME } from './convert-to-anthropic-messages-request.js';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';
import type { AnthropicStreamEvent, AnthropicUsage } from './vertex-anthropic-api-schemas.js';

type EventResult = ParseResult<AnthropicStreamEvent>;

interface OpenBlock {
  kind: 'text' | 'reasoning' | 'tool' | 'redacted';
  id: string;
  arguments: string;
  signature?: string;
  redactedData?: string;
}

export interface ConvertAnthropicStreamContext {
  warnings: Warning[];
  url: string;
  signal?: AbortSignal;
  providerId: string;
  modelId: string;
  jsonOutputTool: boolean;
}

/** Upstream `error` event statuses, for the code of the canonical error. */
const STREAM_ERROR_STATUS: Readonly<Record<string, number>> = {
  overloaded_error: 529,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  invalid_request_error: 400,
};

/**
 * Claude stream events → canonical events, one event at a time. Blocks map by index (text, thinking with its
 * signature, tool_use with input JSON fragments as argument deltas); usage in `message_delta` is cumulative and
 * replaces, never adds. A stream that ends before `message_stop` ends with an error event.
 */
export class AnthropicStreamTranslator implements ChatEventTranslator<EventResult> {
  private started = false;
  private readonly blocks = new Map<number, OpenBlock>();
  private finishReason: FinishReason | undefined;
  private usage: AnthropicUsage = {};
  private jsonAnswered = false;

  constructor(private readonly context: ConvertAnthropicStreamContext) {}

  private start(out: ChatEvent[], id?: string | null, model?: string | null): void {
    this.started = true;
    const event: ChatEvent & { type: 'response-start' } = {
      type: 'response-start',
      warnings: this.context.warnings,
    };
    if (id) event.id = id;
    if (model) event.modelId = model;
    out.push(event);
  }

  private error(out: ChatEvent[], error: ModelmuxError): false {
    if (!this.started) this.start(out);
    out.push({ type: 'error', error });
    return false;
  }

  private canonicalUsage(): Usage {
    return convertAnthropicUsage(this.usage);
  }

  push(parsed: EventResult, out: ChatEvent[]): boolean {
    if (!parsed.success) return this.error(out, parsed.error);
    const event = parsed.value;
    switch (event.type) {
      case 'message_start':
        if ('message' in event) {
          if (!this.started) this.start(out, event.message.id, event.message.model);
          if (event.message.usage) this.usage = { ...event.message.usage };
        }
        return true;
      case 'content_block_start':
        if ('content_block' in event) this.startBlock(event.index, event.content_block, out);
        return true;
      case 'content_block_delta':
        if ('delta' in event) this.delta(event.index, event.delta, out);
        return true;
      case 'content_block_stop':
        if ('index' in event) this.stopBlock(event.index, out);
        return true;
      case 'message_delta':
        if ('delta' in event) {
          if (event.delta.stop_reason) this.finishReason = mapAnthropicStopReason(event.delta.stop_reason);
          if (event.usage) {
            // Cumulative: each message_delta's counts replace the earlier ones.
            for (const [key, value] of Object.entries(event.usage)) {
              if (value !== null && value !== undefined) (this.usage as Record<string, unknown>)[key] = value;
            }
            out.push({ type: 'usage-update', usage: this.canonicalUsage() });
          }
        }
        return true;
      case 'message_stop':
        this.end(out);
        return false;
      case 'error': {
        const detail = 'error' in event ? event.error : { type: undefined, message: undefined };
        const type = detail.type ?? 'api_error';
        const { context } = this;
        return this.error(
          out,
          new UpstreamError({
            statusCode: STREAM_ERROR_STATUS[type] ?? 500,
            message: detail.message ?? 'Claude reported an error mid-stream',
            upstreamCode: type,
            url: context.url,
            providerId: context.providerId,
            modelId: context.modelId,
          }),
        );
      }
      default:
        // ping and event types added later
        if (!this.started) this.start(out);
        return true;
    }
  }

  private startBlock(
    index: number,
    block: { type: string } & Record<string, unknown>,
    out: ChatEvent[],
  ): void {
    if (!this.started) this.start(out);
    if (block.type === 'text') {
      const id = `text-${index}`;
      this.blocks.set(index, { kind: 'text', id, arguments: '' });
      out.push({ type: 'text-start', blockId: id });
      if (typeof block.text === 'string' && block.text !== '')
        out.push({ type: 'text-delta', blockId: id, delta: block.text });
    } else if (block.type === 'thinking') {
      const id = `reasoning-${index}`;
      this.blocks.set(index, { kind: 'reasoning', id, arguments: '' });
      out.push({ type: 'reasoning-start', blockId: id });
      if (typeof block.thinking === 'string' && block.thinking !== '')
        out.push({ type: 'reasoning-delta', blockId: id, delta: block.thinking });
    } else if (block.type === 'redacted_thinking') {
      const id = `reasoning-${index}`;
      this.blocks.set(index, { kind: 'redacted', id, arguments: '', redactedData: String(block.data ?? '') });
      out.push({ type: 'reasoning-start', blockId: id });
    } else if (block.type === 'tool_use') {
      if (this.context.jsonOutputTool && block.name === JSON_OUTPUT_TOOL_NAME) {
        const id = `text-${index}`;
        this.blocks.set(index, { kind: 'text', id, arguments: '' });
        this.jsonAnswered = true;
        out.push({ type: 'text-start', blockId: id });
        return;
      }
      const id = String(block.id);
      this.blocks.set(index, { kind: 'tool', id, arguments: '' });
      out.push({ type: 'tool-call-start', callId: id, toolName: String(block.name) });
    } else {
      this.context.warnings.push({
        type: 'unsupported',
        feature: `content.${block.type}`,
        detail: 'left out of the stream',
      });
    }
  }

  private delta(index: number, delta: { type: string } & Record<string, unknown>, out: ChatEvent[]): void {
    const block = this.blocks.get(index);
    if (block === undefined) return;
    if (delta.type === 'text_delta' && block.kind === 'text') {
      out.push({ type: 'text-delta', blockId: block.id, delta: String(delta.text) });
    } else if (delta.type === 'input_json_delta') {
      const fragment = String(delta.partial_json);
      if (fragment === '') return;
      if (block.kind === 'text') out.push({ type: 'text-delta', blockId: block.id, delta: fragment });
      else if (block.kind === 'tool') {
        block.arguments += fragment;
        out.push({ type: 'tool-call-delta', callId: block.id, argumentsDelta: fragment });
      }
    } else if (delta.type === 'thinking_delta' && block.kind === 'reasoning') {
      out.push({ type: 'reasoning-delta', blockId: block.id, delta: String(delta.thinking) });
    } else if (delta.type === 'signature_delta' && block.kind === 'reasoning') {
      block.signature = (block.signature ?? '') + String(delta.signature);
    }
  }

  private stopBlock(index: number, out: ChatEvent[]): void {
    const block = this.blocks.get(index);
    if (block === undefined) return;
    this.blocks.delete(index);
    this.closeBlock(block, out);
  }

  private closeBlock(block: OpenBlock, out: ChatEvent[]): void {
    switch (block.kind) {
      case 'text':
        out.push({ type: 'text-end', blockId: block.id });
        break;
      case 'reasoning':
        out.push(
          block.signature === undefined
            ? { type: 'reasoning-end', blockId: block.id }
            : { type: 'reasoning-end', blockId: block.id, signature: block.signature },
        );
        break;
      case 'redacted':
        out.push({ type: 'reasoning-end', blockId: block.id, redactedData: block.redactedData ?? '' });
        break;
      case 'tool':
        out.push({
          type: 'tool-call-end',
          callId: block.id,
          arguments: block.arguments === '' ? '{}' : block.arguments,
        });
        break;
    }
  }

  private end(out: ChatEvent[]): void {
    if (!this.started) this.start(out);
    for (const block of this.blocks.values()) this.closeBlock(block, out);
    this.blocks.clear();
    const finishReason = this.finishReason ?? { unified: 'other' };
    if (this.jsonAnswered && finishReason.unified === 'tool-calls') finishReason.unified = 'stop';
    out.push({ type: 'response-end', finishReason, usage: this.canonicalUsage() });
  }

  finish(out: ChatEvent[]): void {
    const { context } = this;
    this.error(
      out,
      new UpstreamResponseError({
        message: 'The Claude stream ended before message_stop.',
        providerId: context.providerId,
        modelId: context.modelId,
      }),
    );
  }

  fail(error: unknown, out: ChatEvent[]): void {
    this.error(out, mapTransportError(error, this.context) as ModelmuxError);
  }
}

/** Batches of parsed Claude stream events (one per network read) → canonical events. */
export function convertAnthropicStreamEvents(
  batches: AsyncIterable<readonly EventResult[]>,
  context: ConvertAnthropicStreamContext,
): AsyncIterable<ChatEvent> {
  return createChatEventStream(batches, new AnthropicStreamTranslator(context), context.signal);
}
