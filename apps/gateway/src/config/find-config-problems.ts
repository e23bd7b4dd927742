import { readFile } from 'node:fs/promises';
import { ConfigError, ModelmuxError, PluginError, type ProviderPlugin } from '@modelmux/core';
import { parse, TomlError } from 'smol-toml';
import type { ProviderPluginPackages } from '../load-provider-plugins.js';
import { applyEnvOverrides, findEnvOverrides } from './apply-env-overrides.js';
import { formatConfigPath } from './config-path.js';
import type { ConfigProblem } from './config-problem.js';
import { explainZodIssue } from './explain-zod-issue.js';
import { aliasProblems } from './find-alias-problems.js';
import { exportFix, missingSecretReferences } from './find-missing-secrets.js';
import { providerProblems } from './find-provider-problems.js';
import { type GatewayConfig, gatewayConfigSchema } from './gateway-config-schema.js';
import { interpolateEnv } from './interpolate-env.js';
import { isTable } from './is-table.js';

type Env = Readonly<Record<string, string | undefined>>;
type Table = Record<string, unknown>;

export interface FindConfigProblemsOptions {
  /** The config file to read. */
  file: string;
  env: Env;
  /** The provider plugins the gateway would serve with: their settings schemas check `[providers.*]`. */
  providerPlugins: ReadonlyArray<ProviderPlugin<never>>;
  /**
   * Loads the plugin packages config names by package name (`type = "@acme/modelmux-provider-foo"`), as the gateway
   * would at boot; rejects with a `PluginError` naming the config path. Called once per provider instance.
   */
  loadPluginPackages?(instances: Array<{ id: string; type: string }>): Promise<ProviderPluginPackages>;
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

/** The plugins of the packages config names, each instance on its own so that one bad package hides no other. */
async function loadPackages(
  value: Table,
  load: FindConfigProblemsOptions['loadPluginPackages'],
): Promise<{
  plugins: Array<ProviderPlugin<unknown>>;
  typeOf: Map<string, string>;
  problems: ConfigProblem[];
}> {
  const result = {
    plugins: [] as Array<ProviderPlugin<unknown>>,
    typeOf: new Map<string, string>(),
    problems: [] as ConfigProblem[],
  };
  if (load === undefined || !isTable(value.providers)) return result;
  for (const [id, instance] of Object.entries(value.providers)) {
    if (!isTable(instance) || typeof instance.type !== 'string') continue;
    try {
      const packages = await load([{ id, type: instance.type }]);
      for (const entry of packages.loaded) result.plugins.push(entry.plugin);
      for (const [type, pluginType] of packages.typeOf) result.typeOf.set(type, pluginType);
    } catch (error) {
      if (!PluginError.isInstance(error)) throw error;
      // An unknown type is explained with the nearest known one, once every package is loaded.
      if (error.code === 'MMX_PLUGIN_UNKNOWN_TYPE') continue;
      const path = `providers.${id}.type`;
      result.problems.push({
        path,
        message: error.message.startsWith(`${path}: `) ? error.message.slice(path.length + 2) : error.message,
      });
    }
  }
  return result;
}

/**
 * The problems of a parsed config (no file, no environment): the gateway schema, every provider's settings and the
 * alias targets, each with a fix where one is clear. `typeOf` maps a `type` naming a plugin package to its plugin's.
 */
export function findConfigValueProblems(
  value: unknown,
  providerPlugins: ReadonlyArray<ProviderPlugin<unknown>>,
  typeOf?: ReadonlyMap<string, string>,
): ConfigProblem[] {
  const parsed = gatewayConfigSchema.safeParse(value);
  const table = isTable(value) ? value : {};
  return [
    ...(parsed.success
      ? []
      : parsed.error.issues.flatMap((issue) =>
          explainZodIssue(issue, { schema: gatewayConfigSchema, value, prefix: [] }),
        )),
    ...providerProblems(table.providers, providerPlugins, typeOf),
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
  const packages = await loadPackages(value, options.loadPluginPackages);
  const unloadable = new Set(packages.problems.map((problem) => problem.path));
  const problems = [
    ...interpolated.problems,
    ...packages.problems,
    ...findConfigValueProblems(
      value,
      [...options.providerPlugins, ...packages.plugins],
      packages.typeOf,
    ).filter(
      // A package that failed to load is reported once, with the loader's reason.
      (problem) => !unloadable.has(problem.path),
    ),
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
