import { z } from 'zod';

// The Chat Completions request as clients send it (WIRE-FORMATS.md §1.2). Objects are loose: new upstream fields
// must not break old gateways; the decoder reports what it does not map.

const textPartSchema = z.looseObject({ type: z.literal('text'), text: z.string() });
const imagePartSchema = z.looseObject({
  type: z.literal('image_url'),
  image_url: z.looseObject({ url: z.string().min(1), detail: z.enum(['auto', 'low', 'high']).optional() }),
});
const audioPartSchema = z.looseObject({
  type: z.literal('input_audio'),
  input_audio: z.looseObject({ data: z.string().min(1), format: z.enum(['wav', 'mp3']) }),
});
const filePartSchema = z.looseObject({
  type: z.literal('file'),
  file: z.looseObject({
    file_id: z.string().optional(),
    file_data: z.string().optional(),
    filename: z.string().optional(),
  }),
});
const refusalPartSchema = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });

const textContentSchema = z.union([z.string(), z.array(textPartSchema)]);

const toolCallSchema = z.discriminatedUnion('type', [
  z.looseObject({
    id: z.string().min(1),
    type: z.literal('function'),
    function: z.looseObject({ name: z.string().min(1), arguments: z.string() }),
  }),
  z.looseObject({
    id: z.string().min(1),
    type: z.literal('custom'),
    custom: z.looseObject({ name: z.string(), input: z.string() }),
  }),
]);

const messageSchema = z.discriminatedUnion('role', [
  z.looseObject({ role: z.literal('system'), content: textContentSchema, name: z.string().optional() }),
  z.looseObject({ role: z.literal('developer'), content: textContentSchema, name: z.string().optional() }),
  z.looseObject({
    role: z.literal('user'),
    content: z.union([
      z.string(),
      z.array(
        z.discriminatedUnion('type', [textPartSchema, imagePartSchema, audioPartSchema, filePartSchema]),
      ),
    ]),
    name: z.string().optional(),
  }),
  z.looseObject({
    role: z.literal('assistant'),
    content: z
      .union([
        z.string(),
        z.array(z.discriminatedUnion('type', [textPartSchema, refusalPartSchema])),
        z.null(),
      ])
      .optional(),
    refusal: z.string().nullish(),
    name: z.string().optional(),
    tool_calls: z.array(toolCallSchema).nullish(),
    function_call: z.looseObject({ name: z.string(), arguments: z.string() }).nullish(),
    audio: z.looseObject({ id: z.string() }).nullish(),
    /** Not in OpenAI's spec: what vLLM/DeepSeek-style servers return, sent back by some clients. */
    reasoning_content: z.string().nullish(),
    /** modelmux extension (LiteLLM's shape): signed reasoning as returned, sent back to restore it exactly. */
    thinking_blocks: z
      .array(
        z.discriminatedUnion('type', [
          z.looseObject({
            type: z.literal('thinking'),
            thinking: z.string(),
            signature: z.string().optional(),
          }),
          z.looseObject({ type: z.literal('redacted_thinking'), data: z.string() }),
        ]),
      )
      .nullish(),
  }),
  z.looseObject({ role: z.literal('tool'), content: textContentSchema, tool_call_id: z.string().min(1) }),
  z.looseObject({ role: z.literal('function'), content: z.string().nullable(), name: z.string().min(1) }),
]);

const functionDefinitionSchema = z.looseObject({
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1-64 characters of a-z, A-Z, 0-9, _ and -'),
  description: z.string().optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  strict: z.boolean().nullish(),
});

const toolSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('function'), function: functionDefinitionSchema }),
  z.looseObject({ type: z.literal('custom'), custom: z.looseObject({ name: z.string() }) }),
]);

const namedToolChoiceSchema = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({ name: z.string() }),
});

const toolChoiceSchema = z.union([
  z.enum(['none', 'auto', 'required']),
  namedToolChoiceSchema,
  z.looseObject({
    type: z.literal('allowed_tools'),
    allowed_tools: z.looseObject({
      mode: z.enum(['auto', 'required']),
      tools: z.array(
        z.looseObject({ type: z.string(), function: z.looseObject({ name: z.string() }).optional() }),
      ),
    }),
  }),
  z.looseObject({ type: z.literal('custom'), custom: z.looseObject({ name: z.string() }) }),
]);

const responseFormatSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    json_schema: z.looseObject({
      name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1-64 characters of a-z, A-Z, 0-9, _ and -'),
      description: z.string().optional(),
      schema: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullish(),
    }),
  }),
]);

export const chatCompletionsRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(messageSchema).min(1),
  stream: z.boolean().nullish(),
  stream_options: z
    .looseObject({ include_usage: z.boolean().optional(), include_obfuscation: z.boolean().optional() })
    .nullish(),
  max_tokens: z.int().positive().nullish(),
  max_completion_tokens: z.int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  top_k: z.int().positive().nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  seed: z.int().nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
  n: z.int().min(1).max(128).nullish(),
  logprobs: z.boolean().nullish(),
  top_logprobs: z.int().min(0).max(20).nullish(),
  reasoning_effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']).nullish(),
  tools: z.array(toolSchema).nullish(),
  tool_choice: toolChoiceSchema.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  functions: z.array(functionDefinitionSchema).nullish(),
  function_call: z.union([z.enum(['none', 'auto']), z.looseObject({ name: z.string() })]).nullish(),
  response_format: responseFormatSchema.nullish(),
  user: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  modalities: z.array(z.string()).nullish(),
  audio: z.unknown().optional(),
  /** modelmux extension: options for one provider type, e.g. `{"openai-compatible": {"extra_body": {…}}}`. */
  provider_options: z.record(z.string(), z.record(z.string(), z.unknown())).nullish(),
});

export type ChatCompletionsRequest = z.infer<typeof chatCompletionsRequestSchema>;
export type ChatCompletionsMessage = z.infer<typeof messageSchema>;
