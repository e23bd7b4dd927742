/** The command line is wrong (unknown option, missing value, …): the message and the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The words of the command whose `--help` explains the fix, e.g. `config init`. */
    readonly commandName?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
