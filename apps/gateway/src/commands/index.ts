import type { CliCommand } from '../cli/cli-command.js';
import { configInitCommand } from './config-init-command.js';
import { configShowCommand } from './config-show-command.js';
import { configValidateCommand } from './config-validate-command.js';
import { demoCommand } from './demo-command.js';
import { serveCommand } from './serve-command.js';

/** Every `modelmux` command, in the order the overview lists them. */
export function cliCommands(): CliCommand[] {
  return [serveCommand, demoCommand, configValidateCommand, configShowCommand, configInitCommand];
}
