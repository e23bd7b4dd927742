import { redactText, redactUrl } from '@modelmux/core/http';

const BASE = 'http://gateway.invalid';

/**
 * A request's URL (path and query, as Fastify has it) for the logs: secret query parameters (`key=`, `sig=`,
 * `token=`, `api-key=`, `x-amz-signature=`, …) and secret-shaped values are replaced. A URL without a query is
 * returned as it is, at no cost.
 */
export function redactRequestUrl(url: string): string {
  if (!url.includes('?')) return url;
  const redacted = redactUrl(`${BASE}${url.startsWith('/') ? '' : '/'}${url}`);
  return redactText(redacted.startsWith(BASE) ? redacted.slice(BASE.length) : redacted);
}
