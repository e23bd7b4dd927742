import { formatConfigPath } from './config-path.js';
import type { ConfigProblem } from './config-problem.js';
import { isTable } from './is-table.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The fix for an unset variable: export it. */
export function exportFix(variable: string): string {
  return `export ${variable}=<value> before starting modelmux (in a container: pass it in the environment)`;
}

/** `{ env = "NAME" }` secret references (in providers and API keys) whose variable is unset. */
export function missingSecretReferences(value: unknown, path: PropertyKey[], env: Env): ConfigProblem[] {
  if (Array.isArray(value))
    return value.flatMap((item, index) => missingSecretReferences(item, [...path, index], env));
  if (!isTable(value)) return [];
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'env' && typeof value.env === 'string') {
    const variable = value.env;
    return env[variable] === undefined || env[variable] === ''
      ? [
          {
            path: formatConfigPath(path),
            message: `environment variable ${variable} is not set`,
            fix: exportFix(variable),
          },
        ]
      : [];
  }
  return Object.entries(value).flatMap(([key, item]) => missingSecretReferences(item, [...path, key], env));
}
