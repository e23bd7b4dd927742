import type { CliContext } from './cli-context.js';

/** One option of a command: what `node:util` parseArgs needs, and what `--help` shows. */
export interface CommandOption {
  type: 'string' | 'boolean';
  short?: string;
  /** Shown in `--help`, e.g. `<file.toml>`; string options only. */
  placeholder?: string;
  description: string;
}

/** The arguments of one command after parsing. */
export interface CommandArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** A `modelmux` command, e.g. `config validate`. */
export interface CliCommand {
  /** The words that name it, e.g. `['config', 'validate']`. */
  readonly name: readonly string[];
  /** One line for the overview. */
  readonly summary: string;
  /** The synopsis after `modelmux`, e.g. `config validate [file.toml]`. */
  readonly synopsis: string;
  /** Paragraphs printed by `--help` after the synopsis. */
  readonly description?: string;
  readonly options: Readonly<Record<string, CommandOption>>;
  /** Most positional arguments accepted (default 0). */
  readonly maxPositionals?: number;
  /** Examples printed by `--help`, each a full command line. */
  readonly examples?: readonly string[];
  /** Resolves with the exit code. */
  run(args: CommandArgs, context: CliContext): Promise<number>;
}
