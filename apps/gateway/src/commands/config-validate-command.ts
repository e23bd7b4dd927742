import { resolve } from 'node:path';
import type { CliCommand } from '../cli/cli-command.js';
import { CONFIG_OPTION, configFileOption } from '../cli/option-values.js';
import { loadGatewayConfig } from '../config/load-gateway-config.js';

/** `modelmux config validate`: boots the config without listening and explains each problem. */
export const configValidateCommand: CliCommand = {
  name: ['config', 'validate'],
  summary: 'check a config file: every problem with its path and how to fix it',
  synopsis: 'config validate [file.toml] [--config <file.toml>]',
  description: [
    `Reads the file as \`serve\` would (\${ENV} references, MODELMUX_… variables) and builds every provider without`,
    'listening or calling an upstream. Exits 0 when the gateway would boot, 1 otherwise.',
  ].join('\n'),
  options: { config: CONFIG_OPTION },
  maxPositionals: 1,
  examples: ['modelmux config validate modelmux.toml'],
  async run(args, context) {
    const file = configFileOption(args, 'config validate');
    const config = await loadGatewayConfig(resolve(context.cwd, file), context.env);
    const { buildApp } = await import('../app.js');
    const app = buildApp({ config, env: context.env, logger: false });
    try {
      await app.ready();
    } finally {
      await app.close();
    }
    context.stdout.write(
      `${file} is valid: ${Object.keys(config.providers).length} provider(s), ${Object.keys(config.models).length} alias(es)\n`,
    );
    return 0;
  },
};
