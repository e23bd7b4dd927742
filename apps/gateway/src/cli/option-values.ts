import type { CommandArgs } from './cli-command.js';
import { UsageError } from './usage-error.js';

/** The value of a string option, or undefined when it was not given. */
export function stringOption(args: CommandArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** True when a boolean option was given. */
export function booleanOption(args: CommandArgs, name: string): boolean {
  return args.values[name] === true;
}

/** `--port`: an integer 0-65535 (0: any free port), or undefined when not given. */
export function portOption(args: CommandArgs, commandName: string): number | undefined {
  const text = stringOption(args, 'port');
  if (text === undefined) return undefined;
  const port = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(port) || port > 65_535)
    throw new UsageError(`--port must be an integer 0-65535, not ${text}`, commandName);
  return port;
}

/**
 * The config file of a command that reads one: the positional argument or `--config` (not both), resolved against
 * the working directory by the reader. Throws a `UsageError` when neither is given.
 */
export function configFileOption(args: CommandArgs, commandName: string): string {
  const flag = stringOption(args, 'config');
  const positional = args.positionals[0];
  if (flag !== undefined && positional !== undefined && flag !== positional)
    throw new UsageError(`give the config file once: ${positional} or --config ${flag}`, commandName);
  const file = flag ?? positional;
  if (file === undefined) throw new UsageError(`${commandName} needs a config file`, commandName);
  return file;
}

/** The `--config` option every command that reads a config file declares. */
export const CONFIG_OPTION = {
  type: 'string',
  short: 'c',
  placeholder: '<file.toml>',
  description: 'the config file (may also be given as the first argument)',
} as const;
