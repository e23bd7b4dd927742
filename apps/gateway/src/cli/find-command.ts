import type { CliCommand } from './cli-command.js';

/** The command whose name the leading words of `argv` spell (the longest such name), and the arguments after it. */
export function findCommand(
  commands: readonly CliCommand[],
  argv: readonly string[],
): { command: CliCommand; rest: string[] } | undefined {
  let best: CliCommand | undefined;
  for (const command of commands) {
    const matches = command.name.every((word, index) => argv[index] === word);
    if (matches && (best === undefined || command.name.length > best.name.length)) best = command;
  }
  return best === undefined ? undefined : { command: best, rest: argv.slice(best.name.length) };
}

/** The commands under a group word, e.g. every `config …` command for `config`. */
export function commandsUnder(commands: readonly CliCommand[], word: string | undefined): CliCommand[] {
  return commands.filter((command) => command.name.length > 1 && command.name[0] === word);
}
