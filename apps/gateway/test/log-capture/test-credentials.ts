import { DEFAULT_AZURE_API_KEY, DEFAULT_ENTRA_CLIENT, DEFAULT_VERTEX_ACCESS_TOKEN } from '@modelmux/testkit';
import type { BuildAppOptions } from '../../src/app.js';
import { MIN_CREDENTIAL_LENGTH } from './find-credential-leaks.js';

/**
 * Credentials the test suite uses that no config names: the emulators' defaults, the key the `openai` clients of the
 * e2e files send to the gateway, the AWS documentation's example secret the Bedrock files sign with. The rest comes
 * from each app's own config and env (`credentialsOfBuildOptions`).
 */
export const STATIC_TEST_CREDENTIALS: readonly string[] = [
  DEFAULT_AZURE_API_KEY,
  DEFAULT_VERTEX_ACCESS_TOKEN,
  DEFAULT_ENTRA_CLIENT.clientSecret,
  'client-key',
  'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
];

/** Config fields that hold credentials (the same rule `config show` masks by), plus inline service-account JSON. */
const SECRET_FIELD = /(^|_)(key|secret|token|password|json)$/i;

/** Fields of a Google service-account key that are secret. */
const SERVICE_ACCOUNT_SECRETS = ['private_key', 'private_key_id', 'client_secret', 'refresh_token'];

/** A credential, and the parts of it that may leak alone (the lines of a PEM key, the secrets in a JSON key). */
function partsOf(value: string): string[] {
  const parts = [value];
  if (value.trimStart().startsWith('{')) {
    try {
      const parsed = JSON.parse(value) as Record<string, unknown>;
      for (const field of SERVICE_ACCOUNT_SECRETS) {
        const secret = parsed[field];
        if (typeof secret === 'string') parts.push(...partsOf(secret));
      }
    } catch {
      // Not JSON: the value alone.
    }
  }
  if (value.includes('-----BEGIN')) {
    for (const line of value.split(/\r?\n/)) if (/^[A-Za-z0-9+/=]{40,}$/.test(line)) parts.push(line);
  }
  return parts;
}

/** Every credential an app's config holds (inline, or `{ env = … }` read from its env). */
export function credentialsOfBuildOptions(options: BuildAppOptions): string[] {
  const env = options.env ?? {};
  const found: string[] = [];
  const visit = (value: unknown, field: string) => {
    if (typeof value === 'string') {
      if (SECRET_FIELD.test(field)) found.push(...partsOf(value));
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item, field);
    } else if (typeof value === 'object' && value !== null) {
      const reference = (value as { env?: unknown }).env;
      if (typeof reference === 'string' && SECRET_FIELD.test(field)) {
        const resolved = env[reference];
        if (resolved !== undefined) found.push(...partsOf(resolved));
        return;
      }
      for (const [name, item] of Object.entries(value)) visit(item, name);
    }
  };
  visit(options.config, '');
  return found.filter((credential) => credential.length >= MIN_CREDENTIAL_LENGTH);
}
