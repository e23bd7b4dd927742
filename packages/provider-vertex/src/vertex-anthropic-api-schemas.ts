import { isNullishNumber, isNullishString, isRecord } from '@modelmux/core/http';
import { z } from 'zod';

// Minimal schemas of what Claude on Vertex returns (Anthropic Messages): only the fields we read, `.nullish()`
// wherever a field may be absent.

export const anthropicUsageSchema = z.object({
  input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  cache_creation_input_tokens: z.number().nullish(),
  cache_read_input_tokens: z.number().nullish(),
  output_tokens_details: z.object({ thinking_tokens: z.number().nullish() }).nullish(),
});

/**
 * Known variants by their `type` (one lookup, not a trial of each option), or any other type Anthropic may add:
 * those are kept so the converters can report them, while a known type with a broken shape still fails.
 */
function knownOrOther<const Types extends string, Options extends readonly [z.ZodObject, ...z.ZodObject[]]>(
  types: readonly Types[],
  options: Options,
) {
  const known: ReadonlySet<string> = new Set(types);
  return z.union([
    z.discriminatedUnion('type', options as never) as unknown as Options[number],
    z.object({ type: z.string().refine((type) => !known.has(type)) }),
  ]);
}

const contentBlockSchema = knownOrOther(
  ['text', 'tool_use', 'thinking', 'redacted_thinking'],
  [
    z.object({ type: z.literal('text'), text: z.string() }),
    z.object({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: z.unknown() }),
    z.object({ type: z.literal('thinking'), thinking: z.string(), signature: z.string().nullish() }),
    z.object({ type: z.literal('redacted_thinking'), data: z.string() }),
  ],
);

export const anthropicMessageSchema = z.object({
  id: z.string().nullish(),
  model: z.string().nullish(),
  content: z.array(contentBlockSchema),
  stop_reason: z.string().nullish(),
  stop_sequence: z.string().nullish(),
  usage: anthropicUsageSchema.nullish(),
});

const deltaSchema = knownOrOther(
  ['text_delta', 'input_json_delta', 'thinking_delta', 'signature_delta'],
  [
    z.object({ type: z.literal('text_delta'), text: z.string() }),
    z.object({ type: z.literal('input_json_delta'), partial_json: z.string() }),
    z.object({ type: z.literal('thinking_delta'), thinking: z.string() }),
    z.object({ type: z.literal('signature_delta'), signature: z.string() }),
  ],
);

export const anthropicStreamEventSchema = knownOrOther(
  [
    'message_start',
    'content_block_start',
    'content_block_delta',
    'content_block_stop',
    'message_delta',
    'message_stop',
    'error',
  ],
  [
    z.object({
      type: z.literal('message_start'),
      message: anthropicMessageSchema.partial({ content: true }),
    }),
    z.object({
      type: z.literal('content_block_start'),
      index: z.number(),
      content_block: contentBlockSchema,
    }),
    z.object({ type: z.literal('content_block_delta'), index: z.number(), delta: deltaSchema }),
    z.object({ type: z.literal('content_block_stop'), index: z.number() }),
    z.object({
      type: z.literal('message_delta'),
      delta: z.object({ stop_reason: z.string().nullish(), stop_sequence: z.string().nullish() }),
      usage: anthropicUsageSchema.nullish(),
    }),
    z.object({ type: z.literal('message_stop') }),
    z.object({
      type: z.literal('error'),
      error: z.object({ type: z.string().nullish(), message: z.string().nullish() }),
    }),
  ],
);

export type AnthropicMessage = z.infer<typeof anthropicMessageSchema>;
export type AnthropicUsage = z.infer<typeof anthropicUsageSchema>;
export type AnthropicStreamEvent = z.infer<typeof anthropicStreamEventSchema>;

/** The string field that carries a common delta type's content, or undefined for any other type. */
function deltaTextField(type: unknown): string | undefined {
  switch (type) {
    case 'text_delta':
      return 'text';
    case 'input_json_delta':
      return 'partial_json';
    case 'thinking_delta':
      return 'thinking';
    default:
      return undefined;
  }
}

/**
 * The fast path of `anthropicStreamEventSchema` for the events a stream is mostly made of (`content_block_delta`
 * with a text, tool-input or thinking delta, `content_block_stop`, `message_stop`, `ping`): `json` itself when it
 * has exactly the shape the schema requires of that event, otherwise undefined, and the schema decides. Fields the
 * schema does not read are left in place (the translator reads only the schema's fields).
 */
export function readCommonAnthropicStreamEvent(json: unknown): AnthropicStreamEvent | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const event = json as { type?: unknown; index?: unknown; delta?: unknown };
  switch (event.type) {
    case 'content_block_delta': {
      const { delta } = event;
      if (!Number.isFinite(event.index) || typeof delta !== 'object' || delta === null) return undefined;
      const field = deltaTextField((delta as { type?: unknown }).type);
      if (field === undefined || typeof (delta as Record<string, unknown>)[field] !== 'string')
        return undefined;
      return event as AnthropicStreamEvent;
    }
    case 'content_block_stop':
      return Number.isFinite(event.index) ? (event as AnthropicStreamEvent) : undefined;
    case 'message_stop':
    case 'ping':
      return event as AnthropicStreamEvent;
    default:
      return undefined;
  }
}

/** What `anthropicUsageSchema.nullish()` accepts. */
function isAnthropicUsage(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (!isRecord(value)) return false;
  const details = value.output_tokens_details;
  return (
    isNullishNumber(value.input_tokens) &&
    isNullishNumber(value.output_tokens) &&
    isNullishNumber(value.cache_creation_input_tokens) &&
    isNullishNumber(value.cache_read_input_tokens) &&
    (details === undefined ||
      details === null ||
      (isRecord(details) && isNullishNumber(details.thinking_tokens)))
  );
}

/** A block of one of the four known types with the fields the schema requires of it. */
function isKnownContentBlock(value: unknown): boolean {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'text':
      return typeof value.text === 'string';
    case 'tool_use':
      return typeof value.id === 'string' && typeof value.name === 'string' && 'input' in value;
    case 'thinking':
      return typeof value.thinking === 'string' && isNullishString(value.signature);
    case 'redacted_thinking':
      return typeof value.data === 'string';
    default:
      return false;
  }
}

/**
 * The fast path of `anthropicMessageSchema` (a `:rawPredict` reply): `json` itself when it is a message whose blocks
 * are all text, tool use, thinking or redacted thinking, with the shape the schema requires, otherwise undefined,
 * and the schema decides (so other block types are still kept for the converter to report, and a broken message
 * still fails). Fields the schema does not read are left in place (the converter reads only the schema's fields).
 */
export function readCommonAnthropicMessage(json: unknown): AnthropicMessage | undefined {
  if (
    !isRecord(json) ||
    !Array.isArray(json.content) ||
    !isNullishString(json.id) ||
    !isNullishString(json.model) ||
    !isNullishString(json.stop_reason) ||
    !isNullishString(json.stop_sequence) ||
    !isAnthropicUsage(json.usage)
  )
    return undefined;
  for (const block of json.content) if (!isKnownContentBlock(block)) return undefined;
  return json as AnthropicMessage;
}
