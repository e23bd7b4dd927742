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
import { convertOpenAICompatiblePromptFilterResults } from './convert-openai-compatible-prompt-filter-results.js';
import { convertOpenAICompatibleUsage } from './convert-openai-compatible-usage.js';
import { mapOpenAICompatibleFinishReason } from './map-openai-compatible-finish-reason.js';
import type { OpenAICompatibleChatChunk } from './openai-compatible-api-schemas.js';

interface ToolCallState {
  callId: string;
  toolName: string;
  arguments: string;
  started: boolean;
}

export interface ConvertStreamContext {
  warnings: Warning[];
  url: string;
  signal?: AbortSignal;
  providerId: string;
  modelId: string;
}

type ChunkResult = ParseResult<OpenAICompatibleChatChunk>;

/**
 * Chat Completions chunks → canonical events, one chunk at a time. `response-start` comes with the first chunk;
 * the stream only ends with `response-end` once a `finish_reason` arrived — a stream cut before that ends with an
 * `error` event.
 */
export class OpenAICompatibleStreamTranslator implements ChatEventTranslator<ChunkResult> {
  private started = false;
  private blockCount = 0;
  private textBlock: string | undefined;
  private reasoningBlock: string | undefined;
  private readonly toolCalls = new Map<number, ToolCallState>();
  private finishReason: FinishReason | undefined;
  private usage: Usage = {};
  /** Events seen before the response started (content-filter verdicts from an annotation-only chunk). */
  private readonly pendingEvents: ChatEvent[] = [];

  constructor(private readonly context: ConvertStreamContext) {}

  private start(out: ChatEvent[], chunk?: OpenAICompatibleChatChunk): void {
    this.started = true;
    const event: ChatEvent & { type: 'response-start' } = {
      type: 'response-start',
      warnings: this.context.warnings,
    };
    if (chunk?.id) event.id = chunk.id;
    if (chunk?.model) event.modelId = chunk.model;
    out.push(event);
    if (this.pendingEvents.length > 0) {
      for (const pending of this.pendingEvents) out.push(pending);
      this.pendingEvents.length = 0;
    }
  }

  private error(out: ChatEvent[], error: ModelmuxError): false {
    if (!this.started) this.start(out);
    out.push({ type: 'error', error });
    return false;
  }

  push(parsed: ChunkResult, out: ChatEvent[]): boolean {
    if (!parsed.success) return this.error(out, parsed.error);
    const chunk = parsed.value;
    const promptFilter = chunk.prompt_filter_results ?? chunk.prompt_annotations;
    if (promptFilter !== null && promptFilter !== undefined) {
      const prompt = convertOpenAICompatiblePromptFilterResults(promptFilter);
      // Azure sends these in an annotation-only first chunk with an empty id: wait for a real chunk to start.
      if (prompt !== undefined) this.pendingEvents.push({ type: 'content-filter', results: { prompt } });
      if (!this.started && !chunk.id && (chunk.choices?.length ?? 0) === 0 && !chunk.usage && !chunk.error)
        return true;
    }
    if (!this.started) this.start(out, chunk);
    if (chunk.error !== null && chunk.error !== undefined) {
      const { context } = this;
      return this.error(
        out,
        new UpstreamError({
          statusCode: 500,
          code: 'MMX_UPSTREAM_SERVER',
          message: chunk.error.message ?? 'The upstream reported an error mid-stream',
          upstreamCode:
            chunk.error.code === null || chunk.error.code === undefined
              ? undefined
              : String(chunk.error.code),
          url: context.url,
          providerId: context.providerId,
          modelId: context.modelId,
        }),
      );
    }
    if (chunk.usage !== null && chunk.usage !== undefined) {
      this.usage = convertOpenAICompatibleUsage(chunk.usage);
      out.push({ type: 'usage-update', usage: this.usage });
    }
    if (this.pendingEvents.length > 0) {
      for (const pending of this.pendingEvents) out.push(pending);
      this.pendingEvents.length = 0;
    }
    const choice = chunk.choices?.[0];
    if (choice === undefined) return true;
    // The verdict comes before the delta it judged, so encoders that attach it to the next chunk keep them together.
    if (choice.content_filter_results !== null && choice.content_filter_results !== undefined)
      out.push({ type: 'content-filter', results: { output: choice.content_filter_results } });
    const delta = choice.delta;
    const reasoning = delta?.reasoning_content ?? delta?.reasoning;
    if (reasoning !== null && reasoning !== undefined && reasoning !== '') {
      if (this.textBlock !== undefined) {
        out.push({ type: 'text-end', blockId: this.textBlock });
        this.textBlock = undefined;
      }
      if (this.reasoningBlock === undefined) {
        this.reasoningBlock = `reasoning-${this.blockCount++}`;
        out.push({ type: 'reasoning-start', blockId: this.reasoningBlock });
      }
      out.push({ type: 'reasoning-delta', blockId: this.reasoningBlock, delta: reasoning });
    }
    const text = delta?.content;
    if (text !== null && text !== undefined && text !== '') {
      if (this.reasoningBlock !== undefined) {
        out.push({ type: 'reasoning-end', blockId: this.reasoningBlock });
        this.reasoningBlock = undefined;
      }
      if (this.textBlock === undefined) {
        this.textBlock = `text-${this.blockCount++}`;
        out.push({ type: 'text-start', blockId: this.textBlock });
      }
      out.push({ type: 'text-delta', blockId: this.textBlock, delta: text });
    }
    if (delta?.tool_calls) for (const fragment of delta.tool_calls) this.pushToolFragment(fragment, out);
    if (choice.finish_reason !== null && choice.finish_reason !== undefined) {
      this.finishReason = mapOpenAICompatibleFinishReason(choice.finish_reason);
    }
    return true;
  }

  private pushToolFragment(
    fragment: NonNullable<
      NonNullable<NonNullable<OpenAICompatibleChatChunk['choices']>[number]['delta']>['tool_calls']
    >[number],
    out: ChatEvent[],
  ): void {
    const index = fragment.index ?? this.toolCalls.size;
    let state = this.toolCalls.get(index);
    if (state === undefined) {
      state = {
        callId: fragment.id ?? '',
        toolName: fragment.function?.name ?? '',
        arguments: '',
        started: false,
      };
      this.toolCalls.set(index, state);
    } else {
      if (state.callId === '' && fragment.id) state.callId = fragment.id;
      if (state.toolName === '' && fragment.function?.name) state.toolName = fragment.function.name;
    }
    if (!state.started && state.toolName !== '') {
      if (state.callId === '') state.callId = `call_${index}`;
      state.started = true;
      out.push({ type: 'tool-call-start', callId: state.callId, toolName: state.toolName });
      if (state.arguments !== '')
        out.push({ type: 'tool-call-delta', callId: state.callId, argumentsDelta: state.arguments });
    }
    const argumentsDelta = fragment.function?.arguments;
    if (argumentsDelta !== null && argumentsDelta !== undefined && argumentsDelta !== '') {
      state.arguments += argumentsDelta;
      if (state.started) out.push({ type: 'tool-call-delta', callId: state.callId, argumentsDelta });
    }
  }

  finish(out: ChatEvent[]): void {
    const { context } = this;
    if (!this.started) this.start(out);
    if (this.finishReason === undefined) {
      out.push({
        type: 'error',
        error: new UpstreamResponseError({
          message: 'The upstream stream ended before the response was complete (no finish_reason).',
          providerId: context.providerId,
          modelId: context.modelId,
        }),
      });
      return;
    }
    if (this.reasoningBlock !== undefined) out.push({ type: 'reasoning-end', blockId: this.reasoningBlock });
    if (this.textBlock !== undefined) out.push({ type: 'text-end', blockId: this.textBlock });
    for (const [index, state] of this.toolCalls) {
      if (!state.started) {
        out.push({
          type: 'error',
          error: new UpstreamResponseError({
            message: `The upstream streamed tool call ${index} without a function name.`,
            providerId: context.providerId,
            modelId: context.modelId,
          }),
        });
        return;
      }
      out.push({
        type: 'tool-call-end',
        callId: state.callId,
        arguments: state.arguments === '' ? '{}' : state.arguments,
      });
    }
    out.push({ type: 'response-end', finishReason: this.finishReason, usage: this.usage });
  }

  fail(error: unknown, out: ChatEvent[]): void {
    this.error(out, mapTransportError(error, this.context) as ModelmuxError);
  }
}

/** Batches of parsed chunks (one per network read) → canonical events. */
export function convertOpenAICompatibleStreamChunks(
  batches: AsyncIterable<readonly ChunkResult[]>,
  context: ConvertStreamContext,
): AsyncIterable<ChatEvent> {
  return createChatEventStream(batches, new OpenAICompatibleStreamTranslator(context), context.signal);
}
