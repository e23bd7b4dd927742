import { imageDownloadSettingsSchema, secretRefSchema } from '@modelmux/core/settings';
import { z } from 'zod';

/** How the provider gets Google access tokens. */
export const vertexCredentialsSchema = z.discriminatedUnion('type', [
  /** Application Default Credentials: GOOGLE_APPLICATION_CREDENTIALS, gcloud, or the metadata server. */
  z.strictObject({ type: z.literal('adc') }),
  /** A service-account key file; its own `token_uri` is honoured. */
  z.strictObject({ type: z.literal('service_account_file'), path: z.string().min(1) }),
  /** A service-account key given inline (JSON text, usually from an environment variable). */
  z.strictObject({ type: z.literal('service_account_json'), json: secretRefSchema }),
  /** A fixed access token, for short-lived use (it is never refreshed). */
  z.strictObject({ type: z.literal('access_token'), token: secretRefSchema }),
]);

/** Defaults applied to one model's requests when the client does not set the field. */
export const vertexModelDefaultsSchema = z.strictObject({
  /** Claude requires `max_tokens`; this is sent when the client gives none. */
  max_output_tokens: z.int().positive().optional(),
  temperature: z.number().min(0).optional(),
  top_p: z.number().min(0).max(1).optional(),
});

export const vertexSettingsSchema = z.strictObject({
  project: z.string().min(1),
  /** A region (`us-east5`), `global`, or a multi-region (`us`, `eu`). */
  region: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'must be a Vertex region such as us-east5, global, us or eu')
    .default('us-central1'),
  credentials: vertexCredentialsSchema.prefault({ type: 'adc' }),
  /** Replaces the regional host (private endpoints, proxies, emulators); `/v1/projects/…` is appended. */
  base_url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  /** Used when a Claude request gives no output cap (Anthropic requires one). */
  default_max_output_tokens: z.int().positive().default(4096),
  /** Per-model defaults, keyed by Vertex model id. The ids are also listed by `GET /v1/models`. */
  models: z.record(z.string(), vertexModelDefaultsSchema).optional(),
  /** Image URLs are refused by Claude on Vertex; the gateway may fetch them itself (off by default). */
  image_download: imageDownloadSettingsSchema,
});

export type VertexSettings = z.infer<typeof vertexSettingsSchema>;
export type VertexSettingsInput = z.input<typeof vertexSettingsSchema>;
export type VertexModelDefaults = z.infer<typeof vertexModelDefaultsSchema>;
