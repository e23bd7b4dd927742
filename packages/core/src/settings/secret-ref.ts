import { z } from 'zod';
import { ConfigError } from '../errors/config-error.js';

/** A secret in settings: the value itself, or `{ env: "NAME" }` to read it from the environment at boot. */
export const secretRefSchema = z.union([z.string().min(1), z.strictObject({ env: z.string().min(1) })]);

export type SecretRef = z.infer<typeof secretRefSchema>;

/** Resolves a secret ref against `env`; a missing variable is a `ConfigError` naming `path`. */
export function resolveSecret(
  reference: SecretRef,
  env: Readonly<Record<string, string | undefined>>,
  path: string,
): string {
  if (typeof reference === 'string') return reference;
  const value = env[reference.env];
  if (value === undefined || value === '') {
    throw new ConfigError({
      code: 'MMX_CONFIG_SECRET_MISSING',
      issues: [{ path, message: `environment variable ${reference.env} is not set` }],
    });
  }
  return value;
}
