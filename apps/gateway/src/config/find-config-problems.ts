import { readFile } from 'node:fs/promises';
import { ConfigError, ModelmuxError, type ProviderPlugin } from '@modelmux/core';
import { parse, TomlError } from 'smol-toml';
import type { z } from 'zod';
import { applyEnvOverrides, findEnvOverrides } from './apply-env-overrides.js';
import { formatConfigPath } from './config-path.js';
import type { ConfigProblem } from './config-problem.js';
import { explainZodIssue } from './explain-zod-issue.js';
import { type GatewayConfig, gatewayConfigSchema } from './gateway-config-schema.js';
import { interpolateEnv } from './interpolate-env.js';
import { nearestWord } from './nearest-word.js';

type Env = Readonly<Record<string, string | undefined>>;
type Table = Record<string, unknown>;

export interface FindConfigProblemsOptions {
  /** The config file to read. */
  file: string;
  env: Env;
  /** The provider plugins the gateway would serve with: their settings schemas check `[providers.*]`. */
  providerPlugins: ReadonlyArray<ProviderPlugin<never>>;
  /**
   * Builds the gateway from the config without listening, rejecting with its boot error (secrets, key files, …).
   * Runs only when nothing else is wrong.
   */
  boot(config: GatewayConfig): Promise<void>;
}

/** Every problem found, or none with the config the gateway would run with. */
export type ConfigCheck =
  | { problems: ConfigProblem[]; config?: undefined }
  | { problems: []; config: GatewayConfig };

const MISSING_VARIABLE = /environment variable (\S+) is not set/;

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function exportFix(variable: string): string {
  return `export ${variable}=<value> before starting modelmux (in a container: pass it in the environment)`;
}

/** A problem from an issue text that names no schema (`${VAR}` interpolation, provider boot). */
function problemFromIssue(issue: { path: string; message: string }): ConfigProblem {
  const variable = MISSING_VARIABLE.exec(issue.message)?.[1];
  return variable === undefined ? issue : { ...issue, fix: exportFix(variable) };
}

/** `${NAME}` references whose variable is unset become problems; the value is kept as written so checks go on. */
function interpolateLeniently(raw: unknown, env: Env): { value: unknown; problems: ConfigProblem[] } {
  try {
    return { value: interpolateEnv(raw, env), problems: [] };
  } catch (error) {
    if (!ConfigError.isInstance(error)) throw error;
    const lenient = new Proxy(env, {
      get: (target, name) => {
        if (typeof name !== 'string') return undefined;
        const value = target[name];
        return value === undefined || value === '' ? `\${${name}}` : value;
      },
    });
    return {
      value: interpolateEnv(raw, lenient),
      problems: error.issues.map((issue) => {
        const variable = MISSING_VARIABLE.exec(issue.message)?.[1] ?? 'NAME';
        return {
          ...issue,
          fix: `${exportFix(variable)}, or give a default in the file: \${${variable}:-value}`,
        };
      }),
    };
  }
}

/** `{ env = "NAME" }` secret references (in providers and API keys) whose variable is unset. */
function missingSecretReferences(value: unknown, path: PropertyKey[], env: Env): ConfigProblem[] {
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

function providerProblems(
  providers: unknown,
  plugins: ReadonlyArray<ProviderPlugin<never>>,
): ConfigProblem[] {
  if (!isTable(providers)) return [];
  const byType = new Map(plugins.map((plugin) => [plugin.type, plugin]));
  const problems: ConfigProblem[] = [];
  for (const [id, instance] of Object.entries(providers)) {
    if (!isTable(instance) || typeof instance.type !== 'string') continue; // the gateway schema reports these
    const { type, ...settings } = instance;
    const plugin = byType.get(type);
    if (plugin === undefined) {
      const nearest = nearestWord(type, byType.keys());
      problems.push({
        path: `providers.${id}.type`,
        message: `no installed provider plugin has type "${type}"`,
        fix: `${nearest === undefined ? '' : `did you mean "${nearest}"? `}use one of: ${[...byType.keys()].join(', ')}`,
      });
      continue;
    }
    const schema = plugin.settingsSchema as unknown as z.ZodType;
    const parsed = schema.safeParse(settings);
    if (parsed.success) continue;
    for (const issue of parsed.error.issues)
      problems.push(
        ...explainZodIssue(issue, {
          schema,
          value: settings,
          prefix: ['providers', id],
          extraTopKeys: ['type'],
        }),
      );
  }
  return problems;
}

function aliasProblems(models: unknown, providers: unknown): ConfigProblem[] {
  if (!isTable(models) || !isTable(providers)) return [];
  const instances = Object.keys(providers);
  const problems: ConfigProblem[] = [];
  for (const [alias, entry] of Object.entries(models)) {
    if (!isTable(entry) || !Array.isArray(entry.targets)) continue;
    entry.targets.forEach((target, index) => {
      if (typeof target !== 'string') return;
      const path = `models.${alias}.targets[${index}]`;
      const colon = target.indexOf(':');
      if (colon <= 0) {
        problems.push({
          path,
          message: `"${target}" is not of the form instance:model`,
          fix: `name a provider instance and its model, e.g. "${instances[0] ?? 'local'}:${target}"`,
        });
        return;
      }
      const instance = target.slice(0, colon);
      if (instances.includes(instance)) return;
      const nearest = nearestWord(instance, instances);
      problems.push({
        path,
        message: `no provider instance "${instance}" is configured`,
        fix:
          instances.length === 0
            ? `add a [providers.${instance}] table`
            : `${nearest === undefined ? '' : `did you mean "${nearest}"? `}the configured instances are: ${instances.join(', ')}`,
      });
    });
  }
  return problems;
}

/** Says which `MODELMUX_…` variable set a value that has a problem (it wins over the file). */
function attributeOverrides(problems: ConfigProblem[], env: Env): ConfigProblem[] {
  const overrides = findEnvOverrides(env).map((override) => ({
    variable: override.variable,
    path: formatConfigPath(override.path),
  }));
  return problems.map((problem) => {
    const override = overrides.find(
      ({ path }) =>
        problem.path === path || problem.path.startsWith(`${path}.`) || problem.path.startsWith(`${path}[`),
    );
    return override === undefined
      ? problem
      : { ...problem, message: `${problem.message} (set by ${override.variable})` };
  });
}

function bootProblems(error: unknown): ConfigProblem[] {
  if (ConfigError.isInstance(error)) return error.issues.map(problemFromIssue);
  if (ModelmuxError.isInstance(error))
    return [{ path: '(boot)', message: `${error.code}: ${error.message}` }];
  throw error;
}

/**
 * The problems of a parsed config (no file, no environment): the gateway schema, every provider's settings and the
 * alias targets, each with a fix where one is clear.
 */
export function findConfigValueProblems(
  value: unknown,
  providerPlugins: ReadonlyArray<ProviderPlugin<never>>,
): ConfigProblem[] {
  const parsed = gatewayConfigSchema.safeParse(value);
  const table = isTable(value) ? value : {};
  return [
    ...(parsed.success
      ? []
      : parsed.error.issues.flatMap((issue) =>
          explainZodIssue(issue, { schema: gatewayConfigSchema, value, prefix: [] }),
        )),
    ...providerProblems(table.providers, providerPlugins),
    ...aliasProblems(table.models, table.providers),
  ];
}

/**
 * Checks a config file the way `serve` reads it — TOML, `MODELMUX_…` overrides, `${VAR}` interpolation, the gateway
 * schema, every provider's settings, alias targets, secret references — and collects every problem (not just the
 * first), each with a fix where one is clear. When all of that passes, the gateway is built without listening.
 */
export async function findConfigProblems(options: FindConfigProblemsOptions): Promise<ConfigCheck> {
  let text: string;
  try {
    text = await readFile(options.file, 'utf8');
  } catch (error) {
    return {
      problems: [
        {
          path: options.file,
          message: `cannot read the config file: ${(error as Error).message}`,
          fix: 'check the path, or write a new config with `modelmux config init`',
        },
      ],
    };
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    const where = error instanceof TomlError ? `line ${error.line}, column ${error.column}` : options.file;
    return {
      problems: [{ path: where, message: `not valid TOML: ${(error as Error).message.split('\n')[0]}` }],
    };
  }
  const interpolated = interpolateLeniently(applyEnvOverrides(raw, options.env), options.env);
  const value = interpolated.value as Table;
  const unresolved = new Set(interpolated.problems.map((problem) => problem.path));
  const parsed = gatewayConfigSchema.safeParse(value);
  const problems = [
    ...interpolated.problems,
    ...findConfigValueProblems(value, options.providerPlugins),
    ...missingSecretReferences(value.providers, ['providers'], options.env),
    ...(isTable(value.auth) ? missingSecretReferences(value.auth, ['auth'], options.env) : []),
  ].filter((problem, index, all) => {
    // A value whose variable is unset is reported once, for the variable; not again for its placeholder's shape.
    if (!interpolated.problems.includes(problem) && unresolved.has(problem.path)) return false;
    return (
      all.findIndex((other) => other.path === problem.path && other.message === problem.message) === index
    );
  });
  if (problems.length > 0 || !parsed.success) return { problems: attributeOverrides(problems, options.env) };
  try {
    await options.boot(parsed.data);
  } catch (error) {
    return { problems: attributeOverrides(bootProblems(error), options.env) };
  }
  return { problems: [], config: parsed.data };
}
