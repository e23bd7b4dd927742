import type { z } from 'zod';
import { formatConfigPath, tomlKey, tomlTableHeader } from './config-path.js';
import type { ConfigProblem } from './config-problem.js';
import { nearestWord } from './nearest-word.js';
import { keysAt } from './zod-schema-at.js';

type Issue = z.core.$ZodIssue;

/** Where an issue was found: the schema that raised it, the raw value it checked, and its place in the file. */
export interface IssueScope {
  schema: z.core.$ZodType;
  value: unknown;
  /** The path of `value` in the whole config, e.g. `['providers', 'local']`. */
  prefix: readonly PropertyKey[];
  /** Keys that are valid at the scope's top besides the schema's own (a provider table's `type`). */
  extraTopKeys?: readonly string[];
}

const PLACEHOLDERS: Record<string, string> = {
  string: '"…"',
  number: '<number>',
  int: '<integer>',
  boolean: 'true or false',
  array: '[…]',
  object: '{ … }',
  record: '{ … }',
};

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function quoted(values: readonly unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(', ');
}

function unknownKeyProblems(issue: Issue & { keys: string[] }, scope: IssueScope): ConfigProblem[] {
  const valid = keysAt(scope.schema, issue.path, scope.value);
  if (issue.path.length === 0) valid.push(...(scope.extraTopKeys ?? []));
  return issue.keys.map((key) => {
    const nearest = nearestWord(key, valid);
    const table = tomlTableHeader([...scope.prefix, ...issue.path]);
    return {
      path: formatConfigPath([...scope.prefix, ...issue.path, key]),
      message: `unknown key "${key}"`,
      fix:
        nearest !== undefined
          ? `did you mean "${nearest}"? Rename ${tomlKey(key)} to ${tomlKey(nearest)}.`
          : `remove it; the keys of ${table} are: ${valid.sort().join(', ')}`,
    };
  });
}

/** Turns one zod issue into the problems it stands for (one per unknown key), each with a fix where one is clear. */
export function explainZodIssue(issue: Issue, scope: IssueScope): ConfigProblem[] {
  if (issue.code === 'unrecognized_keys') return unknownKeyProblems(issue, scope);
  const fullPath = [...scope.prefix, ...issue.path];
  const path = formatConfigPath(fullPath);
  const given = valueAt(scope.value, issue.path);
  const key = fullPath.at(-1);
  const parent = tomlTableHeader(fullPath.slice(0, -1));
  const unionOptions = (issue as { options?: unknown }).options;
  if (issue.code === 'invalid_union' && Array.isArray(unionOptions)) {
    const options = unionOptions as unknown[];
    const nearest = typeof given === 'string' ? nearestWord(given, options.map(String)) : undefined;
    return [
      {
        path,
        message: given === undefined ? 'missing' : `${JSON.stringify(given)} is not a known ${String(key)}`,
        fix: `${nearest === undefined ? '' : `did you mean "${nearest}"? `}use one of: ${quoted(options)}`,
      },
    ];
  }
  if (issue.code === 'invalid_value') {
    const options = issue.values;
    const nearest = typeof given === 'string' ? nearestWord(given, options.map(String)) : undefined;
    if (given === undefined && typeof key === 'string')
      return [
        { path, message: 'missing', fix: `add ${tomlKey(key)} = ${JSON.stringify(options[0])} to ${parent}` },
      ];
    return [
      {
        path,
        message: `${JSON.stringify(given)} is not allowed here`,
        fix: `${nearest === undefined ? '' : `did you mean "${nearest}"? `}use one of: ${quoted(options)}`,
      },
    ];
  }
  if (issue.code === 'invalid_type' && given === undefined && typeof key === 'string') {
    const placeholder = PLACEHOLDERS[issue.expected] ?? `<${issue.expected}>`;
    return [
      { path, message: 'missing (required)', fix: `add ${tomlKey(key)} = ${placeholder} to ${parent}` },
    ];
  }
  if (issue.code === 'invalid_type') {
    const placeholder = PLACEHOLDERS[issue.expected] ?? issue.expected;
    const numberText = typeof given === 'string' && /^-?\d+(\.\d+)?$/.test(given);
    return [
      {
        path,
        message: issue.message,
        fix:
          numberText && (issue.expected === 'number' || issue.expected === 'int')
            ? `write the number without quotes: ${tomlKey(String(key))} = ${given}`
            : `write ${tomlKey(String(key))} = ${placeholder}`,
      },
    ];
  }
  if (
    issue.code === 'custom' &&
    given === undefined &&
    typeof key === 'string' &&
    /^required\b/.test(issue.message)
  )
    return [{ path, message: issue.message, fix: `add ${tomlKey(key)} = "…" to ${parent}` }];
  return [{ path, message: issue.message }];
}
