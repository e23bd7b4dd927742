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
