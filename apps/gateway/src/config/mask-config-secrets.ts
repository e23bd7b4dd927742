/** Field names that hold secrets: `key`, `api_key`, `client_secret`, `secret_access_key`, `authorization`, … */
const SECRET_FIELD = /(^|_|-)(key|secret|token|password|authorization)$/i;

/**
 * A copy of a config for display, secrets masked: a string whose field name says it holds a secret (`api_key`,
 * `client_secret`, `key`, `token`, …) becomes `***` — an `{ env = "NAME" }` reference stays, it names no secret — and a
 * password in a URL (`redis://user:pass@…`) is masked too.
 */
export function maskConfigSecrets(value: unknown, field = ''): unknown {
  if (typeof value === 'string') {
    if (SECRET_FIELD.test(field)) return '***';
    return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]+@/i, '$1***@');
  }
  if (Array.isArray(value)) return value.map((item) => maskConfigSecrets(item, field));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.entries(value).map(([name, item]) => [name, maskConfigSecrets(item, name)]),
    );
  return value;
}
