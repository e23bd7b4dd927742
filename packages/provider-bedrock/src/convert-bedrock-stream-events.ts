import {
  type ChatEvent,
  type ChatEventTranslator,
  createChatEventStream,
  type FinishReason,
  type ModelmuxError,
  UpstreamResponseError,
  type Warning,
} from '@modelmux/core';
import { mapTransportError } from '@modelmux/core/http';
import type { z } from 'zod';
import { bedrockStreamPayloadSchemas } from './bedrock-converse-api-schemas.js';
import { mapBedrockStreamException } from './bedrock-error.js';
import { type BedrockUsage, convertBedrockUsage } from './convert-bedrock-usage.js';
import { BEDROCK_JSON_OUTPUT_TOOL_NAME } from './convert-to-bedrock-converse-request.js';
import type { BedrockStreamFrame } from './decode-bedrock-event-stream.js';
import { mapBedrockStopReason } from './map-bedrock-stop-reason.js';

interface OpenBlock {
  kind: 'text' | 'reasoning' | 'tool';
  id: string;
  arguments: string;
  signature?: string;
  redactedData?: string;
}

export interface ConvertBedrockStreamContext {
  warnings: Warning[];
  url: string;
  signal?: AbortSignal;
  providerId: string;
  modelId: string;
  jsonOutputTool: boolean;
}

type Payloads = typeof bedrockStreamPayloadSchemas;

/**
 * ConverseStream frames → canonical events. Text and reasoning blocks start with their first delta (Bedrock sends
 * no start for them); tool input arrives as JSON string fragments; `messageStop` carries the stop reason and
 * `metadata` the usage, so the response ends when the stream does. Exception frames become error events; a stream
 * that ends before `messageStop` ends with one too.
 */
export class BedrockStreamTranslator implements ChatEventTranslator<BedrockStreamFrame> {
  private started = false;
  private readonly blocks = new Map<number, OpenBlock>();
  private finishReason: FinishReason | undefined;
  private usage: BedrockUsage | undefined;
  private jsonAnswered = false;

  constructor(private readonly context: ConvertBedrockStreamContext) {}

  private start(out: ChatEvent[]): void {
    this.started = true;
    out.push({ type: 'response-start', warnings: this.context.warnings });
  }

  private error(out: ChatEvent[], error: ModelmuxError): false {
    if (!this.started) this.start(out);
    out.push({ type: 'error', error });
    return false;
  }

  private payload<Type extends keyof Payloads>(
    type: Type,
    payload: unknown,
  ): z.infer<Payloads[Type]> | undefined {
    const parsed = bedrockStreamPayloadSchemas[type].safeParse(payload);
    return parsed.success ? (parsed.data as z.infer<Payloads[Type]>) : undefined;
  }

  private invalid(out: ChatEvent[], eventType: string): false {
    const { context } = this;
    return this.error(
      out,
      new UpstreamResponseError({
        message: `Bedrock sent a ${eventType} event of an unexpected shape.`,
        providerId: context.providerId,
        modelId: context.modelId,
      }),
    );
  }

  push(frame: BedrockStreamFrame, out: ChatEvent[]): boolean {
    if (frame.kind === 'exception') return this.error(out, mapBedrockStreamException(frame, this.context));
    if (!this.started) this.start(out);
    switch (frame.eventType) {
      case 'messageStart':
        return true;
      case 'contentBlockStart': {
        const event = this.payload('contentBlockStart', frame.payload);
        if (event === undefined) return this.invalid(out, frame.eventType);
        const toolUse = event.start?.toolUse;
        if (toolUse) this.openTool(event.contentBlockIndex, toolUse.toolUseId, toolUse.name, out);
        return true;
      }
      case 'contentBlockDelta': {
        // The common frame, a text delta, is checked by hand; everything else goes through the schema.
        const textDelta = readTextDelta(frame.payload);
        if (textDelta !== undefined) {
          this.delta(textDelta.contentBlockIndex, textDelta.delta, out);
          return true;
        }
        const event = this.payload('contentBlockDelta', frame.payload);
        if (event === undefined) return this.invalid(out, frame.eventType);
        this.delta(event.contentBlockIndex, event.delta, out);
        return true;
      }
      case 'contentBlockStop': {
        const event = this.payload('contentBlockStop', frame.payload);
        if (event === undefined) return this.invalid(out, frame.eventType);
        const block = this.blocks.get(event.contentBlockIndex);
        if (block !== undefined) {
          this.blocks.delete(event.contentBlockIndex);
          this.close(block, out);
        }
        return true;
      }
      case 'messageStop': {
        const event = this.payload('messageStop', frame.payload);
        if (event === undefined) return this.invalid(out, frame.eventType);
        this.finishReason = mapBedrockStopReason(event.stopReason);
        return true;
      }
      case 'metadata': {
        const event = this.payload('metadata', frame.payload);
        if (event?.usage) {
          this.usage = event.usage;
          out.push({ type: 'usage-update', usage: convertBedrockUsage(event.usage) });
        }
        return true;
      }
      default:
        return true;
    }
  }

  private openTool(index: number, id: string, name: string, out: ChatEvent[]): void {
    if (this.context.jsonOutputTool && name === BEDROCK_JSON_OUTPUT_TOOL_NAME) {
      const blockId = `text-${index}`;
      this.blocks.set(index, { kind: 'text', id: blockId, arguments: '' });
      this.jsonAnswered = true;
      out.push({ type: 'text-start', blockId });
      return;
    }
    this.blocks.set(index, { kind: 'tool', id, arguments: '' });
    out.push({ type: 'tool-call-start', callId: id, toolName: name });
  }

  private delta(
    index: number,
    delta: z.infer<Payloads['contentBlockDelta']>['delta'],
    out: ChatEvent[],
  ): void {
    let block = this.blocks.get(index);
    if (typeof delta.text === 'string') {
      if (block === undefined) {
        block = { kind: 'text', id: `text-${index}`, arguments: '' };
        this.blocks.set(index, block);
        out.push({ type: 'text-start', blockId: block.id });
      }
      if (delta.text !== '') out.push({ type: 'text-delta', blockId: block.id, delta: delta.text });
    } else if (delta.toolUse) {
      const fragment = delta.toolUse.input;
      if (block === undefined || fragment === '') return;
      if (block.kind === 'text') out.push({ type: 'text-delta', blockId: block.id, delta: fragment });
      else if (block.kind === 'tool') {
        block.arguments += fragment;
        out.push({ type: 'tool-call-delta', callId: block.id, argumentsDelta: fragment });
      }
    } else if (delta.reasoningContent) {
      if (block === undefined) {
        block = { kind: 'reasoning', id: `reasoning-${index}`, arguments: '' };
        this.blocks.set(index, block);
        out.push({ type: 'reasoning-start', blockId: block.id });
      }
      const reasoning = delta.reasoningContent;
      if (reasoning.text) out.push({ type: 'reasoning-delta', blockId: block.id, delta: reasoning.text });
      if (reasoning.signature) block.signature = (block.signature ?? '') + reasoning.signature;
      if (reasoning.redactedContent)
        block.redactedData = (block.redactedData ?? '') + reasoning.redactedContent;
    }
  }

  private close(block: OpenBlock, out: ChatEvent[]): void {
    if (block.kind === 'text') out.push({ type: 'text-end', blockId: block.id });
    else if (block.kind === 'tool') {
      out.push({
        type: 'tool-call-end',
        callId: block.id,
        arguments: block.arguments === '' ? '{}' : block.arguments,
      });
    } else {
      const event: ChatEvent & { type: 'reasoning-end' } = { type: 'reasoning-end', blockId: block.id };
      if (block.signature !== undefined) event.signature = block.signature;
      if (block.redactedData !== undefined) event.redactedData = block.redactedData;
      out.push(event);
    }
  }

  finish(out: ChatEvent[]): void {
    const { context } = this;
    if (this.finishReason === undefined) {
      this.error(
        out,
        new UpstreamResponseError({
          message: 'The Bedrock stream ended before messageStop.',
          providerId: context.providerId,
          modelId: context.modelId,
        }),
      );
      return;
    }
    for (const block of this.blocks.values()) this.close(block, out);
    this.blocks.clear();
    const finishReason = this.finishReason;
    if (this.jsonAnswered && finishReason.unified === 'tool-calls') finishReason.unified = 'stop';
    out.push({ type: 'response-end', finishReason, usage: convertBedrockUsage(this.usage) });
  }

  fail(error: unknown, out: ChatEvent[]): void {
    this.error(out, mapTransportError(error, this.context) as ModelmuxError);
  }
}

/** `{contentBlockIndex: n, delta: {text: "…"}}` exactly, or undefined. */
function readTextDelta(payload: unknown): { contentBlockIndex: number; delta: { text: string } } | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const { contentBlockIndex, delta } = payload as { contentBlockIndex?: unknown; delta?: unknown };
  if (typeof contentBlockIndex !== 'number' || typeof delta !== 'object' || delta === null) return undefined;
  const { text } = delta as { text?: unknown };
  return typeof text === 'string' ? { contentBlockIndex, delta: { text } } : undefined;
}

/** Batches of decoded ConverseStream frames (one per network read) → canonical events. */
export function convertBedrockStreamEvents(
  batches: AsyncIterable<readonly BedrockStreamFrame[]>,
  context: ConvertBedrockStreamContext,
): AsyncIterable<ChatEvent> {
  return createChatEventStream(batches, new BedrockStreamTranslator(context), context.signal);
}
