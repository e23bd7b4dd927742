import { secretRefSchema } from '@modelmux/core/settings';
import { z } from 'zod';

const httpUrlSchema = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .transform((url) => url.replace(/\/+$/, ''));

/** Defaults applied to a model's requests when the client does not set the field. */
export const openAICompatibleModelDefaultsSchema = z.strictObject({
  max_output_tokens: z.int().positive().optional(),
  temperature: z.number().min(0).optional(),
  top_p: z.number().min(0).max(1).optional(),
  reasoning_effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']).optional(),
  /** Fields added to every request body for this model (e.g. vLLM's `chat_template_kwargs`). */
  extra_body: z.record(z.string(), z.unknown()).optional(),
});

export const openAICompatibleSettingsSchema = z.strictObject({
  /** Base URL including the API version path, e.g. `http://127.0.0.1:8000/v1`. */
  base_url: httpUrlSchema,
  /** Sent as `Authorization: Bearer <api_key>`. */
  api_key: secretRefSchema.optional(),
  /** Extra headers sent with every request. */
  headers: z.record(z.string(), z.string()).optional(),
  /** Per-model defaults, keyed by upstream model id. The ids are also listed by `GET /v1/models`. */
  models: z.record(z.string(), openAICompatibleModelDefaultsSchema).optional(),
  /** Which field carries the output cap: `max_tokens` (vLLM, Mistral, Ollama) or `max_completion_tokens`. */
  max_tokens_field: z.enum(['max_tokens', 'max_completion_tokens']).default('max_tokens'),
  /** Ask the upstream for a usage chunk at the end of streams (`stream_options.include_usage`). */
  stream_usage: z.boolean().default(true),
  /** The most inputs one `/embeddings` call takes (OpenAI: 2048); larger requests are split and re-joined in order. */
  embedding_inputs_per_call: z.int().min(1).max(100_000).default(2048),
  /**
   * Ask for `encoding_format: "base64"` when the client wants base64 too, so vectors pass as raw float32. Turn off for
   * servers that reject the field (a server that ignores it and sends floats works either way).
   */
  embedding_base64: z.boolean().default(true),
  /**
   * Client APIs the server speaks natively, whose requests may be forwarded as they are (`responses`: the server
   * serves `POST {base_url}/responses`, as OpenAI and vLLM do).
   */
  passthrough: z.array(z.enum(['responses'])).default([]),
  /** Forward client fields that have no canonical counterpart (`logit_bias`, vLLM's `guided_json`, …). */
  forward_extra_fields: z.boolean().default(true),
});

export type OpenAICompatibleSettings = z.infer<typeof openAICompatibleSettingsSchema>;
export type OpenAICompatibleSettingsInput = z.input<typeof openAICompatibleSettingsSchema>;
export type OpenAICompatibleModelDefaults = z.infer<typeof openAICompatibleModelDefaultsSchema>;
