/** One thing wrong with a config: where, what, and how to fix it when that is clear. */
export interface ConfigProblem {
  /** `providers.local.base_url`, `line 3, column 7`, or the file name. */
  path: string;
  message: string;
  fix?: string;
}

/** The problems as `config validate` prints them: a count, then each with its path and, indented, its fix. */
export function formatConfigProblems(file: string, problems: readonly ConfigProblem[]): string {
  const lines = [`${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`];
  for (const problem of problems) {
    lines.push(`  - ${problem.path}: ${problem.message}`);
    if (problem.fix !== undefined) lines.push(`    fix: ${problem.fix}`);
  }
  return `${lines.join('\n')}\n`;
}
