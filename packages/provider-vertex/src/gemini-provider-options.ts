import { type ProviderOptions, parseProviderOptions } from '@modelmux/core';
import { z } from 'zod';

const HARM_BLOCK_THRESHOLDS = [
  'HARM_BLOCK_THRESHOLD_UNSPECIFIED',
  'BLOCK_LOW_AND_ABOVE',
  'BLOCK_MEDIUM_AND_ABOVE',
  'BLOCK_ONLY_HIGH',
  'BLOCK_NONE',
  'OFF',
] as const;

// Google Cloud label rules: at most 64 labels; keys start with a lower-case letter; keys and values are at most 63
// lower-case letters, digits, underscores or dashes.
const LABEL_KEY = /^[a-z][a-z0-9_-]{0,62}$/;
const LABEL_VALUE = /^[a-z0-9_-]{0,63}$/;

/**
 * `providerOptions.vertex` for Gemini models: strict, so a typo is an error rather than a silent no-op. Keys are the
 * snake_case spelling of the Gemini request fields they set.
 */
export const geminiProviderOptionsSchema = z.strictObject({
  /** → `safetySettings`. */
  safety_settings: z
    .array(
      z.strictObject({
        category: z.string().regex(/^HARM_CATEGORY_[A-Z_]+$/, 'must be a HARM_CATEGORY_* value'),
        threshold: z.enum(HARM_BLOCK_THRESHOLDS),
        method: z.enum(['SEVERITY', 'PROBABILITY']).optional(),
      }),
    )
    .optional(),
  /** → `cachedContent`: the full resource name of a context cache. */
  cached_content: z
    .string()
    .regex(
      /^projects\/[^/]+\/locations\/[^/]+\/cachedContents\/[^/]+$/,
      'must be projects/{project}/locations/{location}/cachedContents/{id}',
    )
    .optional(),
  /** → `labels` (billing labels), checked against Google's label rules. */
  labels: z
    .record(
      z
        .string()
        .regex(LABEL_KEY, 'label keys are 1-63 lower-case letters, digits, _ or -, starting with a letter'),
      z.string().regex(LABEL_VALUE, 'label values are 0-63 lower-case letters, digits, _ or -'),
    )
    .refine((labels) => Object.keys(labels).length <= 64, 'at most 64 labels')
    .optional(),
  /** → `generationConfig.thinkingConfig.thinkingBudget`, overriding the budget picked from `reasoningEffort`; -1 is dynamic. */
  thinking_budget: z.int().min(-1).optional(),
});

export type GeminiProviderOptions = z.infer<typeof geminiProviderOptionsSchema>;

/** Parses the Gemini options out of a request; unknown keys or bad values are an `InvalidRequestError`. */
export function parseGeminiProviderOptions(
  providerOptions: ProviderOptions | undefined,
  providerType: string,
): GeminiProviderOptions | undefined {
  return parseProviderOptions(geminiProviderOptionsSchema, providerOptions, providerType);
}
