import type { z } from 'zod';
import { InvalidRequestError } from '../errors/invalid-request-error.js';
import type { ProviderOptions } from '../spec/v1/chat-request.js';

/**
 * Parses one provider type's entry of a request's `providerOptions` with that provider's strict schema. Absent →
 * undefined; an unknown key or a bad value → `InvalidRequestError` (`MMX_REQUEST_PROVIDER_OPTIONS_INVALID`) whose
 * `param` names it the way clients send it: `provider_options.<type>.<key>`.
 */
export function parseProviderOptions<T>(
  schema: z.ZodType<T>,
  providerOptions: ProviderOptions | undefined,
  providerType: string,
): T | undefined {
  const options = providerOptions?.[providerType];
  if (options === undefined) return undefined;
  const parsed = schema.safeParse(options);
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
