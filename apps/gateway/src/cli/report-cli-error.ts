import { ConfigError, ModelmuxError } from '@modelmux/core';
import type { TextSink } from './cli-context.js';
import { UsageError } from './usage-error.js';

/**
 * Writes a failed command's error and returns its exit code: 2 for a usage error (with a pointer to `--help`), 1
 * otherwise. A config error lists each problem with its path; other gateway errors give their code.
 */
export function reportCliError(error: unknown, stderr: TextSink): number {
  if (error instanceof UsageError) {
    const help = error.commandName === undefined ? 'modelmux --help' : `modelmux ${error.commandName} --help`;
    stderr.write(`modelmux: ${error.message}\nRun \`${help}\` for usage.\n`);
    return 2;
  }
  if (ConfigError.isInstance(error)) {
    const lines = error.issues.map((issue) => `  - ${issue.path}: ${issue.message}`);
    stderr.write(
      `${error.code}: invalid configuration:\n${lines.join('\n')}\n` +
        'Run `modelmux config validate <file>` to see how to fix each problem.\n',
    );
    return 1;
  }
  if (ModelmuxError.isInstance(error)) {
    stderr.write(`${error.code}: ${error.message}\n`);
    return 1;
  }
  stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}
