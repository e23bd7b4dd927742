import type { ProviderPlugin } from '@modelmux/core';
import type { z } from 'zod';
import type { ConfigProblem } from './config-problem.js';
import { explainZodIssue } from './explain-zod-issue.js';
import { isTable } from './is-table.js';
import { nearestWord } from './nearest-word.js';

/**
 * Each `[providers.<id>]` table checked against its plugin's settings schema; an unknown type names the nearest.
 * `typeOf` maps a `type` that named a plugin package to the type of the plugin loaded from it.
 */
export function providerProblems(
  providers: unknown,
  plugins: ReadonlyArray<ProviderPlugin<unknown>>,
  typeOf: ReadonlyMap<string, string> = new Map(),
): ConfigProblem[] {
  if (!isTable(providers)) return [];
  const byType = new Map(plugins.map((plugin) => [plugin.type, plugin]));
  const problems: ConfigProblem[] = [];
  for (const [id, instance] of Object.entries(providers)) {
    if (!isTable(instance) || typeof instance.type !== 'string') continue; // the gateway schema reports these
    const { type, ...settings } = instance;
    const plugin = byType.get(typeOf.get(type) ?? type);
    if (plugin === undefined) {
      const nearest = nearestWord(type, byType.keys());
      problems.push({
        path: `providers.${id}.type`,
        message: `no provider plugin has type "${type}"`,
        fix:
          `${nearest === undefined ? '' : `did you mean "${nearest}"? `}use one of: ${[...byType.keys()].join(', ')}` +
          ', or the name of a provider plugin package installed beside the config file',
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
