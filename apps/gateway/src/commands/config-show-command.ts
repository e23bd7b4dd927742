import { resolve } from 'node:path';
import type { CliCommand } from '../cli/cli-command.js';
import { CONFIG_OPTION, configFileOption } from '../cli/option-values.js';
import { loadGatewayConfig } from '../config/load-gateway-config.js';
import { maskConfigSecrets } from '../config/mask-config-secrets.js';

/** `modelmux config show`: the effective config as JSON, defaults filled in, secrets masked. */
export const configShowCommand: CliCommand = {
  name: ['config', 'show'],
  summary: 'print the effective config (defaults and MODELMUX_… overrides applied), secrets masked',
  synopsis: 'config show [file.toml] [--config <file.toml>]',
  description: [
    `Prints, as JSON, the config the gateway would run with: the file, \${ENV} references resolved, MODELMUX_…`,
    'variables applied and defaults filled in. Secret values are shown as ***; { env = "NAME" } references stay,',
    'since they name a variable, not a secret.',
  ].join('\n'),
  options: { config: CONFIG_OPTION },
  maxPositionals: 1,
  examples: ['modelmux config show modelmux.toml'],
  async run(args, context) {
    const file = configFileOption(args, 'config show');
    const config = await loadGatewayConfig(resolve(context.cwd, file), context.env);
    context.stdout.write(`${JSON.stringify(maskConfigSecrets(config), null, 2)}\n`);
    return 0;
  },
};
