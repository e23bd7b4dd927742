import type { CliCommand } from './cli-command.js';
import type { CliContext } from './cli-context.js';
import { commandsUnder, findCommand } from './find-command.js';
import { formatCommandHelp, formatOverview } from './format-command-help.js';
import { parseCommandArgs } from './parse-command-args.js';
import { reportCliError } from './report-cli-error.js';
import { UsageError } from './usage-error.js';

/**
 * Runs one command line (`argv` without `node cli.js`) and resolves with the exit code: `--version`, `--help` (the
 * overview, or `<command> --help` / `help <command>` for one command), or the command the leading words name.
 */
export async function runCli(
  argv: readonly string[],
  commands: readonly CliCommand[],
  context: CliContext,
  version: string,
): Promise<number> {
  const first = argv[0];
  if (first === '--version' || first === '-v') {
    context.stdout.write(`modelmux ${version}\n`);
    return 0;
  }
  if (first === undefined || first === '--help' || first === '-h') {
    context.stdout.write(formatOverview(commands, version));
    return 0;
  }
  try {
    if (first === 'help') {
      const found = findCommand(commands, argv.slice(1));
      context.stdout.write(
        found === undefined ? formatOverview(commands, version) : formatCommandHelp(found.command),
      );
      return 0;
    }
    const found = findCommand(commands, argv);
    if (found === undefined) {
      const group = commandsUnder(commands, first);
      if (group.length > 0) {
        const asked = argv.slice(1).find((word) => !word.startsWith('-'));
        if (asked === undefined && argv.slice(1).some((word) => word === '--help' || word === '-h')) {
          context.stdout.write(formatOverview(group, version, first));
          return 0;
        }
        const names = group.map((command) => command.name.join(' ')).join(', ');
        throw new UsageError(
          asked === undefined
            ? `${first} needs a subcommand: ${names}`
            : `unknown command: ${first} ${asked}`,
        );
      }
      throw new UsageError(`unknown command: ${first}`);
    }
    const args = parseCommandArgs(found.command, found.rest);
    if (args.help) {
      context.stdout.write(formatCommandHelp(found.command));
      return 0;
    }
    return await found.command.run(args, context);
  } catch (error) {
    return reportCliError(error, context.stderr);
  }
}
