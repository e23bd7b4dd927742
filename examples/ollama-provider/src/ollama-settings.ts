import { imageDownloadSettingsSchema, secretRefSchema } from '@modelmux/core/settings';
import { z } from 'zod';

const httpUrlSchema = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .transform((url) => url.replace(/\/+$/, ''));

/** How long Ollama keeps a model loaded after a request: seconds, or a duration such as `5m` (`-1`: forever). */
export const ollamaKeepAliveSchema = z.union([z.number(), z.string().min(1)]);

/** Ollama's `think`: on, off, or an effort level for models that take one. */
export const ollamaThinkSchema = z.union([z.boolean(), z.enum(['low', 'medium', 'high'])]);

/** Defaults for one model's requests, used where the client sets nothing. */
export const ollamaModelDefaultsSchema = z.strictObject({
  /** Modelfile parameters sent in `options` (e.g. `num_ctx`); the request's own values win. */
  options: z.record(z.string(), z.unknown()).optional(),
  think: ollamaThinkSchema.optional(),
  keep_alive: ollamaKeepAliveSchema.optional(),
});

export const ollamaSettingsSchema = z.strictObject({
  /** The Ollama server, without `/api`: `http://127.0.0.1:11434` by default. */
  base_url: httpUrlSchema.default('http://127.0.0.1:11434'),
  /** Sent as `Authorization: Bearer <api_key>` (Ollama's cloud, or a proxy in front of a server). */
  api_key: secretRefSchema.optional(),
  /** Extra headers sent with every request. */
  headers: z.record(z.string(), z.string()).optional(),
  /** `keep_alive` for every request unless a model or the request sets one. */
  keep_alive: ollamaKeepAliveSchema.optional(),
  /** Per-model defaults, keyed by Ollama model name (`llama3.2`, `qwen3:8b`); the names are listed as models. */
  models: z.record(z.string(), ollamaModelDefaultsSchema).optional(),
  /** Image URLs are sent to Ollama as base64, so they must be downloaded first; off unless enabled. */
  image_download: imageDownloadSettingsSchema,
});

export type OllamaSettings = z.infer<typeof ollamaSettingsSchema>;
export type OllamaSettingsInput = z.input<typeof ollamaSettingsSchema>;
export type OllamaModelDefaults = z.infer<typeof ollamaModelDefaultsSchema>;
export type OllamaThink = z.infer<typeof ollamaThinkSchema>;
export type OllamaKeepAlive = z.infer<typeof ollamaKeepAliveSchema>;
