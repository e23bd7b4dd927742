import { imageDownloadSettingsSchema, secretRefSchema } from '@modelmux/core/settings';
import { z } from 'zod';

/** Where the provider gets AWS credentials. */
export const bedrockCredentialsSchema = z.discriminatedUnion('type', [
  /** The standard AWS chain: env, shared profile, SSO, web identity, container and instance metadata. */
  z.strictObject({ type: z.literal('default'), profile: z.string().min(1).optional() }),
  /** Explicit keys. */
  z.strictObject({
    type: z.literal('keys'),
    access_key_id: secretRefSchema,
    secret_access_key: secretRefSchema,
    session_token: secretRefSchema.optional(),
  }),
  /** A Bedrock API key, sent as a bearer token instead of a SigV4 signature. */
  z.strictObject({ type: z.literal('api_key'), key: secretRefSchema }),
]);

export const bedrockModelDefaultsSchema = z.strictObject({
  max_output_tokens: z.int().positive().optional(),
  temperature: z.number().min(0).optional(),
  top_p: z.number().min(0).max(1).optional(),
});

export const bedrockSettingsSchema = z.strictObject({
  /**
   * Which Bedrock API serves chat: `converse` (Converse / ConverseStream, every model), `openai` (bedrock-runtime's
   * OpenAI-compatible `/openai/v1/chat/completions`) or `mantle` (`bedrock-mantle.{region}.api.aws/v1`).
   */
  api: z.enum(['converse', 'openai', 'mantle']).default('converse'),
  /** Client APIs passed through as they are: `responses` with `api = "mantle"` (Mantle serves the Responses API). */
  passthrough: z.array(z.enum(['responses'])).default([]),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region such as us-east-1'),
  credentials: bedrockCredentialsSchema.prefault({ type: 'default' }),
  /** Assume this role with the credentials above (not with an API key). */
  assume_role: z
    .strictObject({
      role_arn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'must be an IAM role ARN'),
      session_name: z.string().min(2).default('modelmux'),
      external_id: z.string().optional(),
    })
    .optional(),
  /**
   * Replaces `https://bedrock-runtime.{region}.amazonaws.com` (or Mantle's host) for VPC endpoints, proxies and
   * emulators; the API's own path (`/model/…`, `/openai/v1`, `/v1`) is appended.
   */
  endpoint: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  /** Converse takes images inline only; the gateway may fetch image URLs itself (off by default). */
  image_download: imageDownloadSettingsSchema,
  /** Per-model defaults, keyed by Bedrock model id; the ids are also listed by `GET /v1/models`. */
  models: z.record(z.string(), bedrockModelDefaultsSchema).optional(),
});

export type BedrockSettings = z.infer<typeof bedrockSettingsSchema>;
export type BedrockSettingsInput = z.input<typeof bedrockSettingsSchema>;
export type BedrockModelDefaults = z.infer<typeof bedrockModelDefaultsSchema>;
