import { parseProviderOptions } from '@modelmux/core';
import { z } from 'zod';

/** `providerOptions.vertex` for Claude models: strict, so a typo is an error rather than a silent no-op. */
export const vertexAnthropicProviderOptionsSchema = z.strictObject({
  /** Thinking budget in tokens; overrides the one derived from `reasoning_effort`. */
  thinking_budget: z.int().min(1024).optional(),
  /** Sent as the `anthropic-beta` header. */
  anthropic_beta: z.array(z.string().min(1)).optional(),
});

export type VertexAnthropicProviderOptions = z.infer<typeof vertexAnthropicProviderOptionsSchema>;

/** Parses `providerOptions.vertex`; unknown keys are an `InvalidRequestError` naming them. */
export function parseVertexAnthropicProviderOptions(
  providerOptions: Record<string, Record<string, unknown>> | undefined,
): VertexAnthropicProviderOptions | undefined {
  return parseProviderOptions(vertexAnthropicProviderOptionsSchema, providerOptions, 'vertex');
}
