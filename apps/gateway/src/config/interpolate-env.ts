import { ConfigError, type ConfigIssue } from '@modelmux/core';

const REFERENCE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces `${NAME}` (or `${NAME:-default}`) in every string of a parsed config with the environment's value;
 * `$$` is a literal `$`. A variable that is unset and has no default is an `MMX_CONFIG_SECRET_MISSING` error naming
 * every place it is used.
 */
export function interpolateEnv<T>(value: T, env: Readonly<Record<string, string | undefined>>): T {
  const issues: ConfigIssue[] = [];
  const visit = (node: unknown, path: string): unknown => {
    if (typeof node === 'string') {
      return node.replace(REFERENCE, (match, name: string | undefined, fallback: string | undefined) => {
        if (match === '$$') return '$';
        const resolved = env[name as string];
        if (resolved !== undefined && resolved !== '') return resolved;
        if (fallback !== undefined) return fallback;
        issues.push({ path, message: `environment variable ${name} is not set` });
        return '';
      });
    }
    if (Array.isArray(node)) return node.map((item, index) => visit(item, `${path}[${index}]`));
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(
        Object.entries(node).map(([key, item]) => [key, visit(item, path === '' ? key : `${path}.${key}`)]),
      );
    }
    return node;
  };
  const result = visit(value, '') as T;
  if (issues.length > 0) throw new ConfigError({ code: 'MMX_CONFIG_SECRET_MISSING', issues });
  return result;
}
