import type { CliCommand } from './cli-command.js';

const HELP_OPTION = '  -h, --help';

/** The `--help` text of one command: synopsis, description, options and examples. */
export function formatCommandHelp(command: CliCommand): string {
  const rows = Object.entries(command.options).map(([name, option]) => {
    const flag = `${option.short === undefined ? '    ' : `-${option.short}, `}--${name}`;
    return [
      `  ${flag}${option.placeholder === undefined ? '' : ` ${option.placeholder}`}`,
      option.description,
    ];
  });
  rows.push([HELP_OPTION, 'show this help']);
  const width = Math.max(...rows.map(([flag]) => (flag as string).length)) + 2;
  const lines = [`Usage: modelmux ${command.synopsis}`, '', command.summary];
  if (command.description !== undefined) lines.push('', command.description);
  lines.push('', 'Options:', ...rows.map(([flag, text]) => `${(flag as string).padEnd(width)}${text}`));
  if (command.examples !== undefined && command.examples.length > 0)
    lines.push('', 'Examples:', ...command.examples.map((example) => `  ${example}`));
  return `${lines.join('\n')}\n`;
}

/**
 * The overview `modelmux --help` prints: every command with its summary. For a group (`modelmux config --help`),
 * `group` is its word and `commands` the commands under it.
 */
export function formatOverview(commands: readonly CliCommand[], version: string, group?: string): string {
  const width = Math.max(...commands.map((command) => command.name.join(' ').length)) + 4;
  return [
    `modelmux ${version} — an OpenAI-compatible LLM gateway`,
    '',
    `Usage: modelmux ${group === undefined ? '' : `${group} `}<command> [options]`,
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.join(' ').padEnd(width)}${command.summary}`),
    `  ${'help <command>'.padEnd(width)}the usage of one command (or: modelmux <command> --help)`,
    '',
    'Options:',
    `  ${'-v, --version'.padEnd(width)}print the version`,
    `  ${'-h, --help'.padEnd(width)}show this help`,
    '',
  ].join('\n');
}
