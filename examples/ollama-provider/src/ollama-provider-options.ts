import { type ProviderOptions, parseProviderOptions } from '@modelmux/core';
import { z } from 'zod';
import { ollamaKeepAliveSchema, ollamaThinkSchema } from './ollama-settings.js';

/** What a request may set under `providerOptions.ollama`; anything else is a 400. */
export const ollamaProviderOptionsSchema = z.strictObject({
  /** Overrides the `think` derived from the request's reasoning effort. */
  think: ollamaThinkSchema.optional(),
  keep_alive: ollamaKeepAliveSchema.optional(),
  /** Modelfile parameters merged into `options` last (e.g. `num_ctx`, `repeat_penalty`, `min_p`). */
  options: z.record(z.string(), z.unknown()).optional(),
});

export type OllamaProviderOptions = z.infer<typeof ollamaProviderOptionsSchema>;

/** Parses `providerOptions[providerType]`; unknown keys are `MMX_REQUEST_PROVIDER_OPTIONS_INVALID`. */
export function parseOllamaProviderOptions(
  providerOptions: ProviderOptions | undefined,
  providerType: string,
): OllamaProviderOptions | undefined {
  return parseProviderOptions(ollamaProviderOptionsSchema, providerOptions, providerType);
}
