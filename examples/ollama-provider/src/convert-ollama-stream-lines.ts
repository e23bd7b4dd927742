import {
  type ChatEvent,
  type ChatEventTranslator,
  createChatEventStream,
  type ModelmuxError,
  UpstreamResponseError,
  type Warning,
} from '@modelmux/core';
import { mapTransportError, type ParseResult } from '@modelmux/core/http';
import { convertOllamaToolCalls } from './convert-ollama-tool-calls.js';
import { convertOllamaUsage } from './convert-ollama-usage.js';
import { mapOllamaDoneReason } from './map-ollama-done-reason.js';
import type { OllamaChatResponse } from './ollama-api-schemas.js';
import { createOllamaStreamError } from './ollama-error.js';

export interface ConvertOllamaStreamContext {
  warnings: Warning[];
  url: string;
  signal?: AbortSignal;
  providerId: string;
  modelId: string;
}

type LineResult = ParseResult<OllamaChatResponse>;

/**
 * Ollama's NDJSON lines → canonical events, one line at a time. `response-start` comes with the first line; thinking
 * and content pieces become reasoning and text blocks; each tool call (Ollama sends them whole) becomes a start, one
 * delta and an end. Only the `done: true` line ends the stream with `response-end`; an `{"error": …}` line, a line
 * that does not parse, or a stream cut before `done` ends it with an `error` event.
 */
export class OllamaStreamTranslator implements ChatEventTranslator<LineResult> {
  private started = false;
  private blockCount = 0;
  private textBlock: string | undefined;
  private reasoningBlock: string | undefined;
  private toolCallCount = 0;

  constructor(private readonly context: ConvertOllamaStreamContext) {}

  private start(out: ChatEvent[], line?: OllamaChatResponse): void {
    this.started = true;
    const event: ChatEvent & { type: 'response-start' } = {
      type: 'response-start',
      warnings: this.context.warnings,
    };
    if (line?.model) event.modelId = line.model;
    out.push(event);
  }

  private closeText(out: ChatEvent[]): void {
    if (this.textBlock === undefined) return;
    out.push({ type: 'text-end', blockId: this.textBlock });
    this.textBlock = undefined;
  }

  private closeReasoning(out: ChatEvent[]): void {
    if (this.reasoningBlock === undefined) return;
    out.push({ type: 'reasoning-end', blockId: this.reasoningBlock });
    this.reasoningBlock = undefined;
  }

  private error(out: ChatEvent[], error: ModelmuxError): false {
    if (!this.started) this.start(out);
    out.push({ type: 'error', error });
    return false;
  }

  push(parsed: LineResult, out: ChatEvent[]): boolean {
    if (!parsed.success) return this.error(out, parsed.error);
    const line = parsed.value;
    if (line.error !== null && line.error !== undefined) {
      return this.error(out, createOllamaStreamError(line.error, this.context));
    }
    if (!this.started) this.start(out, line);
    const message = line.message;
    if (message?.thinking) {
      this.closeText(out);
      if (this.reasoningBlock === undefined) {
        this.reasoningBlock = `reasoning-${this.blockCount++}`;
        out.push({ type: 'reasoning-start', blockId: this.reasoningBlock });
      }
      out.push({ type: 'reasoning-delta', blockId: this.reasoningBlock, delta: message.thinking });
    }
    if (message?.content) {
      this.closeReasoning(out);
      if (this.textBlock === undefined) {
        this.textBlock = `text-${this.blockCount++}`;
        out.push({ type: 'text-start', blockId: this.textBlock });
      }
      out.push({ type: 'text-delta', blockId: this.textBlock, delta: message.content });
    }
    if (message?.tool_calls && message.tool_calls.length > 0) {
      this.closeReasoning(out);
      this.closeText(out);
      for (const call of convertOllamaToolCalls(message.tool_calls, this.toolCallCount)) {
        out.push({ type: 'tool-call-start', callId: call.callId, toolName: call.toolName });
        out.push({ type: 'tool-call-delta', callId: call.callId, argumentsDelta: call.arguments });
        out.push({ type: 'tool-call-end', callId: call.callId, arguments: call.arguments });
      }
      this.toolCallCount += message.tool_calls.length;
    }
    if (line.done !== true) return true;
    this.closeReasoning(out);
    this.closeText(out);
    out.push({
      type: 'response-end',
      finishReason: mapOllamaDoneReason(line.done_reason, { hasToolCalls: this.toolCallCount > 0 }),
      usage: convertOllamaUsage(line),
    });
    return false;
  }

  finish(out: ChatEvent[]): void {
    this.error(
      out,
      new UpstreamResponseError({
        message: 'The Ollama stream ended before its final line (done: true)',
        providerId: this.context.providerId,
        modelId: this.context.modelId,
      }),
    );
  }

  fail(error: unknown, out: ChatEvent[]): void {
    const { context } = this;
    this.error(
      out,
      mapTransportError(error, {
        url: context.url,
        providerId: context.providerId,
        modelId: context.modelId,
      }) as ModelmuxError,
    );
  }
}

/** Canonical events from the parsed lines of an Ollama `/api/chat` stream. */
export function convertOllamaStreamLines(
  batches: AsyncIterable<readonly LineResult[]>,
  context: ConvertOllamaStreamContext,
): AsyncIterable<ChatEvent> {
  return createChatEventStream(batches, new OllamaStreamTranslator(context), context.signal);
}
