import type { ConfigProblem } from './config-problem.js';
import { isTable } from './is-table.js';
import { nearestWord } from './nearest-word.js';

/** Each alias target checked: `instance:model` form, and an instance that is configured (else the nearest one). */
export function aliasProblems(models: unknown, providers: unknown): ConfigProblem[] {
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
