const PREFIX = 'MODELMUX_';

type Table = Record<string, unknown>;

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A variable's value: JSON when it parses (numbers, booleans, arrays, tables), the text itself otherwise. */
function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** One `MODELMUX_…` variable that sets a config value: its name, the config path it sets and its text. */
export interface EnvOverride {
  variable: string;
  path: string[];
  text: string;
}

/** The `MODELMUX_…` variables of `env` that set config values (a name with `__` between path parts). */
export function findEnvOverrides(env: Readonly<Record<string, string | undefined>>): EnvOverride[] {
  return Object.entries(env)
    .filter(
      (entry): entry is [string, string] =>
        entry[0].startsWith(PREFIX) && entry[0].includes('__') && entry[1] !== undefined,
    )
    .map(([variable, text]) => ({
      variable,
      path: variable.slice(PREFIX.length).toLowerCase().split('__'),
      text,
    }));
}

/**
 * Sets config values from `MODELMUX_…` variables, for containers: the path in lower case with `__` between its parts,
 * e.g. `MODELMUX_SERVER__PORT=9090`, `MODELMUX_RESPONSES__STORE=redis`,
 * `MODELMUX_PROVIDERS__VLLM__BASE_URL=http://vllm:8000/v1`, `MODELMUX_AUTH__KEYS='[{"name":"a","key":{"env":"A"}}]'`.
 * Values are JSON when they parse, text otherwise; they win over the file. Returns a new object.
 */
export function applyEnvOverrides(raw: unknown, env: Readonly<Record<string, string | undefined>>): unknown {
  const overrides = findEnvOverrides(env);
  if (overrides.length === 0) return raw;
  const root: Table = isTable(raw) ? structuredClone(raw) : {};
  for (const { path, text } of overrides) {
    let table = root;
    for (const part of path.slice(0, -1)) {
      if (!isTable(table[part])) table[part] = {};
      table = table[part] as Table;
    }
    table[path.at(-1) as string] = parseValue(text);
  }
  return root;
}
