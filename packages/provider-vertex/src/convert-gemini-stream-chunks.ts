import {
  type ChatEvent,
  type ChatEventTranslator,
  createChatEventStream,
  type ModelmuxError,
  UpstreamError,
  UpstreamResponseError,
  type Usage,
  type Warning,
} from '@modelmux/core';
import { mapTransportError, type ParseResult } from '@modelmux/core/http';
import {
  createGeminiPromptBlockedError,
  findUntranslatedGeminiPartKind,
  untranslatedGeminiPartWarning,
} from './convert-gemini-response.js';
import { convertGeminiUsage } from './convert-gemini-usage.js';
import { encodeGeminiToolCallId } from './gemini-tool-call-id.js';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.js';
import type { GeminiChunk, GeminiPart } from './vertex-gemini-api-schemas.js';

export interface ConvertGeminiStreamContext {
  /**
   * Warnings of the request, sent with `response-start`. Parts the stream cannot translate add theirs to this same
   * array later (the event has no other place for them).
   */
  warnings: Warning[];
  url: string;
  signal?: AbortSignal;
  providerId: string;
  modelId: string;
}

type ChunkResult = ParseResult<GeminiChunk>;

/**
 * Gemini `alt=sse` chunks → canonical events, one chunk at a time (WIRE-FORMATS §5.4). Every chunk is a whole
 * `GenerateContentResponse` carrying only new parts. Reasoning and text become blocks that stay open across chunks;
 * a thought signature closes the reasoning block it ends (`reasoning-end.signature`), and one on a plain text part
 * becomes an empty reasoning block before that text, as in `convertGeminiResponse`. Function calls arrive whole, so
 * each is start + one delta + end. The stream ends with `response-end` only once a `finishReason` arrived.
 */
export class GeminiStreamTranslator implements ChatEventTranslator<ChunkResult> {
  private started = false;
  private blockCount = 0;
  private textBlock: string | undefined;
  private reasoningBlock: string | undefined;
  private toolCallCount = 0;
  private finishReason: string | undefined;
  private usage: Usage = {};

  constructor(private readonly context: ConvertGeminiStreamContext) {}

  private start(out: ChatEvent[], chunk?: GeminiChunk): void {
    this.started = true;
    const event: ChatEvent & { type: 'response-start' } = {
      type: 'response-start',
      warnings: this.context.warnings,
    };
    if (chunk?.responseId) event.id = chunk.responseId;
    if (chunk?.modelVersion) event.modelId = chunk.modelVersion;
    out.push(event);
  }

  private error(out: ChatEvent[], error: ModelmuxError): false {
    if (!this.started) this.start(out);
    out.push({ type: 'error', error });
    return false;
  }

  push(parsed: ChunkResult, out: ChatEvent[]): boolean {
    if (!parsed.success) return this.error(out, parsed.error);
    const chunk = parsed.value;
    if (!this.started) this.start(out, chunk);
    const { context } = this;
    if (chunk.error !== null && chunk.error !== undefined) {
      const status = chunk.error.code;
      return this.error(
        out,
        new UpstreamError({
          statusCode: typeof status === 'number' && status >= 400 && status <= 599 ? status : 500,
          message: chunk.error.message ?? 'Gemini reported an error mid-stream',
          upstreamCode: chunk.error.status ?? undefined,
          url: context.url,
          providerId: context.providerId,
          modelId: context.modelId,
        }),
      );
    }
    const candidate = chunk.candidates?.[0];
    if (candidate === undefined && chunk.promptFeedback?.blockReason) {
      return this.error(out, createGeminiPromptBlockedError(chunk.promptFeedback, context));
    }
    for (const part of candidate?.content?.parts ?? []) this.pushPart(part, out);
    if (chunk.usageMetadata !== null && chunk.usageMetadata !== undefined) {
      this.usage = convertGeminiUsage(chunk.usageMetadata);
      out.push({ type: 'usage-update', usage: this.usage });
    }
    if (candidate?.finishReason) this.finishReason = candidate.finishReason;
    return true;
  }

  private pushPart(part: GeminiPart, out: ChatEvent[]): void {
    const signature = part.thoughtSignature ?? undefined;
    if (part.functionCall !== null && part.functionCall !== undefined) {
      this.closeText(out);
      this.closeReasoning(out);
      const call = part.functionCall;
      const callId = encodeGeminiToolCallId(call.id, this.toolCallCount++, signature);
      const args = JSON.stringify(call.args ?? {});
      out.push(
        { type: 'tool-call-start', callId, toolName: call.name },
        { type: 'tool-call-delta', callId, argumentsDelta: args },
        { type: 'tool-call-end', callId, arguments: args },
      );
      return;
    }
    const kind = findUntranslatedGeminiPartKind(part);
    if (kind !== undefined) {
      this.context.warnings.push(untranslatedGeminiPartWarning(kind));
      return;
    }
    const text = part.text ?? '';
    if (part.thought === true) {
      this.closeText(out);
      if (this.reasoningBlock === undefined) {
        if (text === '' && signature === undefined) return;
        this.reasoningBlock = `reasoning-${this.blockCount++}`;
        out.push({ type: 'reasoning-start', blockId: this.reasoningBlock });
      }
      if (text !== '') out.push({ type: 'reasoning-delta', blockId: this.reasoningBlock, delta: text });
      if (signature !== undefined) this.closeReasoning(out, signature);
      return;
    }
    this.closeReasoning(out);
    if (signature !== undefined) {
      this.closeText(out);
      const blockId = `reasoning-${this.blockCount++}`;
      out.push({ type: 'reasoning-start', blockId }, { type: 'reasoning-end', blockId, signature });
    }
    if (text === '') return;
    if (this.textBlock === undefined) {
      this.textBlock = `text-${this.blockCount++}`;
      out.push({ type: 'text-start', blockId: this.textBlock });
    }
    out.push({ type: 'text-delta', blockId: this.textBlock, delta: text });
  }

  private closeText(out: ChatEvent[]): void {
    if (this.textBlock === undefined) return;
    out.push({ type: 'text-end', blockId: this.textBlock });
    this.textBlock = undefined;
  }

  private closeReasoning(out: ChatEvent[], signature?: string): void {
    if (this.reasoningBlock === undefined) return;
    out.push(
      signature === undefined
        ? { type: 'reasoning-end', blockId: this.reasoningBlock }
        : { type: 'reasoning-end', blockId: this.reasoningBlock, signature },
    );
    this.reasoningBlock = undefined;
  }

  finish(out: ChatEvent[]): void {
    const { context } = this;
    if (!this.started) this.start(out);
    if (this.finishReason === undefined) {
      out.push({
        type: 'error',
        error: new UpstreamResponseError({
          message: 'The Gemini stream ended before the response was complete (no finishReason).',
          providerId: context.providerId,
          modelId: context.modelId,
        }),
      });
      return;
    }
    this.closeReasoning(out);
    this.closeText(out);
    out.push({
      type: 'response-end',
      finishReason: mapGeminiFinishReason(this.finishReason, this.toolCallCount > 0),
      usage: this.usage,
    });
  }

  fail(error: unknown, out: ChatEvent[]): void {
    this.error(out, mapTransportError(error, this.context) as ModelmuxError);
  }
}

/** Batches of parsed Gemini chunks (one batch per network read) → canonical events. */
export function convertGeminiStreamChunks(
  batches: AsyncIterable<readonly ChunkResult[]>,
  context: ConvertGeminiStreamContext,
): AsyncIterable<ChatEvent> {
  return createChatEventStream(batches, new GeminiStreamTranslator(context), context.signal);
}
