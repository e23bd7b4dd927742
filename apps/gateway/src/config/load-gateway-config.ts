import { readFile } from 'node:fs/promises';
import { ConfigError } from '@modelmux/core';
import { parse, TomlError } from 'smol-toml';
import { applyEnvOverrides } from './apply-env-overrides.js';
import { formatConfigPath } from './config-path.js';
import { type GatewayConfig, gatewayConfigSchema } from './gateway-config-schema.js';
import { interpolateEnv } from './interpolate-env.js';

/**
 * Validates an already-parsed config object after applying `MODELMUX_…` overrides and `${ENV}` interpolation; errors
 * name the exact path.
 */
export function parseGatewayConfig(
  raw: unknown,
  env: Readonly<Record<string, string | undefined>> = {},
): GatewayConfig {
  const parsed = gatewayConfigSchema.safeParse(interpolateEnv(applyEnvOverrides(raw, env), env));
  if (parsed.success) return parsed.data;
  throw new ConfigError({
    issues: parsed.error.issues.map((issue) => ({
      path: formatConfigPath(issue.path),
      message: issue.message,
    })),
  });
}

/** Parses TOML text into a validated config. */
export function parseGatewayConfigToml(
  text: string,
  env: Readonly<Record<string, string | undefined>> = {},
): GatewayConfig {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    const where = error instanceof TomlError ? `line ${error.line}, column ${error.column}` : '(file)';
    throw new ConfigError({
      issues: [{ path: where, message: `not valid TOML: ${(error as Error).message.split('\n')[0]}` }],
      cause: error,
    });
  }
  return parseGatewayConfig(raw, env);
}

/** Reads and validates a TOML config file. */
export async function loadGatewayConfig(
  file: string,
  env: Readonly<Record<string, string | undefined>> = {},
): Promise<GatewayConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError({
      issues: [{ path: file, message: `cannot read the config file: ${(error as Error).message}` }],
      cause: error,
    });
  }
  return parseGatewayConfigToml(text, env);
}
