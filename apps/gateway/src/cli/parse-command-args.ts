import { parseArgs } from 'node:util';
import type { CliCommand, CommandArgs } from './cli-command.js';
import { UsageError } from './usage-error.js';

/** `node:util` parseArgs errors carry one of these codes; their messages are already clear. */
const PARSE_ERROR_CODES = new Set([
  'ERR_PARSE_ARGS_UNKNOWN_OPTION',
  'ERR_PARSE_ARGS_INVALID_OPTION_VALUE',
  'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL',
]);

/** parseArgs explains how to pass a positional that starts with `-`; the first sentence is what matters here. */
function firstSentence(message: string): string {
  return message.split(/\.\s|\n/)[0] as string;
}

/**
 * Parses the arguments after the command's name, strictly: an unknown option, a missing value or too many positional
 * arguments is a `UsageError`. `help` is set when `-h`/`--help` was given.
 */
export function parseCommandArgs(
  command: CliCommand,
  argv: readonly string[],
): CommandArgs & { help: boolean } {
  const name = command.name.join(' ');
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const [option, spec] of Object.entries(command.options))
    options[option] = spec.short === undefined ? { type: spec.type } : { type: spec.type, short: spec.short };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== undefined && PARSE_ERROR_CODES.has(code))
      throw new UsageError(firstSentence((error as Error).message), name);
    throw error;
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const help = values.help === true;
  delete values.help;
  if (!help && parsed.positionals.length > (command.maxPositionals ?? 0)) {
    const extra = parsed.positionals.slice(command.maxPositionals ?? 0).join(' ');
    throw new UsageError(`unexpected argument: ${extra}`, name);
  }
  return { values, positionals: parsed.positionals, help };
}
