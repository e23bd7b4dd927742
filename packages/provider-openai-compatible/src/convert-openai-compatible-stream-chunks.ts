import {
  type ChatEvent,
  type FinishReason,
  isAbortError,
  type ModelmuxError,
  UpstreamError,
  UpstreamResponseError,
  type Usage,
  type Warning,
} from '@modelmux/core';
import { mapTransportError, type ParseResult } from '@modelmux/core/http';
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

/**
 * Parsed Chat Completions chunks → canonical events. `response-start` comes with the first chunk; the stream only
 * ends with `response-end` once a `finish_reason` arrived — a stream cut before that ends with an `error` event.
 */
export async function* convertOpenAICompatibleStreamChunks(
  chunks: AsyncIterable<ParseResult<OpenAICompatibleChatChunk>>,
  context: ConvertStreamContext,
): AsyncGenerator<ChatEvent> {
  let started = false;
  let blockCount = 0;
  let textBlock: string | undefined;
  let reasoningBlock: string | undefined;
  const toolCalls = new Map<number, ToolCallState>();
  let finishReason: FinishReason | undefined;
  let usage: Usage = {};

  const start = (chunk?: OpenAICompatibleChatChunk): ChatEvent => {
    started = true;
    const event: ChatEvent & { type: 'response-start' } = {
      type: 'response-start',
      warnings: context.warnings,
    };
    if (chunk?.id) event.id = chunk.id;
    if (chunk?.model) event.modelId = chunk.model;
    return event;
  };
  const fail = (error: ModelmuxError): ChatEvent[] =>
    started ? [{ type: 'error', error }] : [start(), { type: 'error', error }];

  try {
    for await (const parsed of chunks) {
      if (!parsed.success) {
        yield* fail(parsed.error);
        return;
      }
      const chunk = parsed.value;
      if (!started) yield start(chunk);
      if (chunk.error !== null && chunk.error !== undefined) {
        yield* fail(
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
        return;
      }
      if (chunk.usage !== null && chunk.usage !== undefined) {
        usage = convertOpenAICompatibleUsage(chunk.usage);
        yield { type: 'usage-update', usage };
      }
      const choice = chunk.choices?.[0];
      if (choice === undefined) continue;
      const delta = choice.delta;
      const reasoning = delta?.reasoning_content ?? delta?.reasoning;
      if (reasoning !== null && reasoning !== undefined && reasoning !== '') {
        if (textBlock !== undefined) {
          yield { type: 'text-end', blockId: textBlock };
          textBlock = undefined;
        }
        if (reasoningBlock === undefined) {
          reasoningBlock = `reasoning-${blockCount++}`;
          yield { type: 'reasoning-start', blockId: reasoningBlock };
        }
        yield { type: 'reasoning-delta', blockId: reasoningBlock, delta: reasoning };
      }
      const text = delta?.content;
      if (text !== null && text !== undefined && text !== '') {
        if (reasoningBlock !== undefined) {
          yield { type: 'reasoning-end', blockId: reasoningBlock };
          reasoningBlock = undefined;
        }
        if (textBlock === undefined) {
          textBlock = `text-${blockCount++}`;
          yield { type: 'text-start', blockId: textBlock };
        }
        yield { type: 'text-delta', blockId: textBlock, delta: text };
      }
      for (const fragment of delta?.tool_calls ?? []) {
        const index = fragment.index ?? toolCalls.size;
        let state = toolCalls.get(index);
        if (state === undefined) {
          state = {
            callId: fragment.id ?? '',
            toolName: fragment.function?.name ?? '',
            arguments: '',
            started: false,
          };
          toolCalls.set(index, state);
        } else {
          if (state.callId === '' && fragment.id) state.callId = fragment.id;
          if (state.toolName === '' && fragment.function?.name) state.toolName = fragment.function.name;
        }
        if (!state.started && state.toolName !== '') {
          if (state.callId === '') state.callId = `call_${index}`;
          state.started = true;
          yield { type: 'tool-call-start', callId: state.callId, toolName: state.toolName };
          if (state.arguments !== '')
            yield { type: 'tool-call-delta', callId: state.callId, argumentsDelta: state.arguments };
        }
        const argumentsDelta = fragment.function?.arguments;
        if (argumentsDelta !== null && argumentsDelta !== undefined && argumentsDelta !== '') {
          state.arguments += argumentsDelta;
          if (state.started) yield { type: 'tool-call-delta', callId: state.callId, argumentsDelta };
        }
      }
      if (choice.finish_reason !== null && choice.finish_reason !== undefined) {
        finishReason = mapOpenAICompatibleFinishReason(choice.finish_reason);
      }
    }
  } catch (error) {
    if (isAbortError(error) || context.signal?.aborted) throw error;
    const mapped = mapTransportError(error, context);
    yield* fail(mapped as ModelmuxError);
    return;
  }

  if (!started) yield start();
  if (finishReason === undefined) {
    yield {
      type: 'error',
      error: new UpstreamResponseError({
        message: 'The upstream stream ended before the response was complete (no finish_reason).',
        providerId: context.providerId,
        modelId: context.modelId,
      }),
    };
    return;
  }
  if (reasoningBlock !== undefined) yield { type: 'reasoning-end', blockId: reasoningBlock };
  if (textBlock !== undefined) yield { type: 'text-end', blockId: textBlock };
  for (const [index, state] of toolCalls) {
    if (!state.started) {
      yield {
        type: 'error',
        error: new UpstreamResponseError({
          message: `The upstream streamed tool call ${index} without a function name.`,
          providerId: context.providerId,
          modelId: context.modelId,
        }),
      };
      return;
    }
    yield {
      type: 'tool-call-end',
      callId: state.callId,
      arguments: state.arguments === '' ? '{}' : state.arguments,
    };
  }
  yield { type: 'response-end', finishReason, usage };
}
