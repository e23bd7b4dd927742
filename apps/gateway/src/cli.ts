#!/usr/bin/env node
import { processCliContext } from './cli/process-cli-context.js';
import { runCli } from './cli/run-cli.js';
import { cliCommands } from './commands/index.js';
import { VERSION } from './version.js';

// The `modelmux` entry point: everything else lives in cli/ (parsing, help, errors) and commands/ (one per file).
runCli(process.argv.slice(2), cliCommands(), processCliContext(), VERSION).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
