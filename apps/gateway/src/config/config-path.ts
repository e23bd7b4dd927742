/** A path into the config as the docs write it: `providers.local.base_url`, `models.fast.targets[1]`. */
export function formatConfigPath(path: ReadonlyArray<PropertyKey>): string {
  let result = '';
  for (const key of path)
    result += typeof key === 'number' ? `[${key}]` : result === '' ? String(key) : `.${String(key)}`;
  return result || '(root)';
}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

/** A key as TOML writes it: bare when it can be, quoted otherwise (`"meta-llama/Llama-3.1-8B-Instruct"`). */
export function tomlKey(key: string): string {
  return BARE_KEY.test(key) ? key : JSON.stringify(key);
}

/** The TOML table header of a path of keys, e.g. `[providers.local]` (array indexes are left out). */
export function tomlTableHeader(path: ReadonlyArray<PropertyKey>): string {
  const keys = path.filter((key): key is string => typeof key === 'string');
  return keys.length === 0 ? 'the top level' : `[${keys.map(tomlKey).join('.')}]`;
}
