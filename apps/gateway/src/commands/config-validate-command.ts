import { dirname, resolve } from 'node:path';
import type { CliCommand } from '../cli/cli-command.js';
import { CONFIG_OPTION, configFileOption } from '../cli/option-values.js';
import { formatConfigProblems } from '../config/config-problem.js';
import { findConfigProblems } from '../config/find-config-problems.js';

/** `modelmux config validate`: every problem of a config with its path and fix; boots it when there are none. */
export const configValidateCommand: CliCommand = {
  name: ['config', 'validate'],
  summary: 'check a config file: every problem with its path and how to fix it',
  synopsis: 'config validate [file.toml] [--config <file.toml>]',
  description: [
    `Reads the file as \`serve\` would (\${VAR} references, MODELMUX_… variables), checks it against the gateway's`,
    "and every provider's settings, and lists every problem with its path and, where it is clear, the fix (the key",
    'you probably meant, the values allowed, the variable to export). When there is none, it builds every provider',
    'without listening or calling an upstream. Exits 0 when the gateway would boot, 1 otherwise.',
  ].join('\n'),
  options: { config: CONFIG_OPTION },
  maxPositionals: 1,
  examples: [
    'modelmux config validate modelmux.toml',
    'modelmux config validate --config /etc/modelmux/modelmux.toml',
  ],
  async run(args, context) {
    const file = configFileOption(args, 'config validate');
    const path = resolve(context.cwd, file);
    // Provider plugin packages named in config are found beside the config file, then in the working directory.
    const pluginSearchDirectories = [dirname(path), context.cwd];
    const { installedProviderPlugins } = await import('../installed-plugins.js');
    const { loadProviderPlugins } = await import('../load-provider-plugins.js');
    const providerPlugins = installedProviderPlugins();
    const check = await findConfigProblems({
      file: path,
      env: context.env,
      providerPlugins,
      loadPluginPackages: (instances) =>
        loadProviderPlugins({
          instances,
          plugins: providerPlugins,
          searchDirectories: pluginSearchDirectories,
        }),
      boot: async (config) => {
        const { buildApp } = await import('../app.js');
        const app = buildApp({ config, env: context.env, logger: false, pluginSearchDirectories });
        try {
          await app.ready();
        } finally {
          await app.close();
        }
      },
    });
    if (check.config === undefined) {
      context.stderr.write(formatConfigProblems(file, check.problems));
      return 1;
    }
    const { providers, models } = check.config;
    context.stdout.write(
      `${file} is valid: ${Object.keys(providers).length} provider(s), ${Object.keys(models).length} alias(es)\n`,
    );
    return 0;
  },
};
