import { parseProviderOptions } from '@modelmux/core';
import { z } from 'zod';

/** `providerOptions['openai-compatible']`: strict, so a typo is an error rather than a silent no-op. */
export const openAICompatibleProviderOptionsSchema = z.strictObject({
  /** Fields merged into the upstream request body; they win over everything else. */
  extra_body: z.record(z.string(), z.unknown()).optional(),
});

export type OpenAICompatibleProviderOptions = z.infer<typeof openAICompatibleProviderOptionsSchema>;

/** Parses this provider's options out of a request; unknown keys are an `InvalidRequestError`. */
export function parseOpenAICompatibleProviderOptions(
  providerOptions: Record<string, Record<string, unknown>> | undefined,
  providerType: string,
): OpenAICompatibleProviderOptions | undefined {
  return parseProviderOptions(openAICompatibleProviderOptionsSchema, providerOptions, providerType);
}
