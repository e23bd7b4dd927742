import { InvalidRequestError } from '@modelmux/core';
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
  const options = providerOptions?.[providerType];
  if (options === undefined) return undefined;
  const parsed = openAICompatibleProviderOptionsSchema.safeParse(options);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const keys = issue?.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : [];
  const path = ['provider_options', providerType, ...(issue?.path ?? []).map(String), ...keys].join('.');
  throw new InvalidRequestError({
    code: 'MMX_REQUEST_PROVIDER_OPTIONS_INVALID',
    message: `Invalid provider option ${path}: ${issue?.message ?? 'invalid'}`,
    param: path,
  });
}
