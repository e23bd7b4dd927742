import { resolve } from 'node:path';
import type { CliCommand } from '../cli/cli-command.js';
import { CONFIG_OPTION, configFileOption, portOption, stringOption } from '../cli/option-values.js';
import { loadGatewayConfig } from '../config/load-gateway-config.js';

/** `modelmux serve`: the gateway on the config's host and port, until SIGINT/SIGTERM drains and stops it. */
export const serveCommand: CliCommand = {
  name: ['serve'],
  summary: 'run the gateway with a config file',
  synopsis: 'serve --config <file.toml> [--host <host>] [--port <port>]',
  description: [
    'Serves the client APIs (/v1/chat/completions, /v1/responses, /v1/embeddings, /v1/models) with the providers',
    'and aliases of the config, plus /healthz, /readyz and /metrics. Every config value can be overridden by a',
    'MODELMUX_… environment variable (e.g. MODELMUX_SERVER__PORT=9090). SIGINT or SIGTERM stops accepting',
    'connections and lets open requests finish (at most server.shutdown_timeout_ms), then exits 0.',
  ].join('\n'),
  options: {
    config: CONFIG_OPTION,
    host: {
      type: 'string',
      placeholder: '<host>',
      description: 'listen on this address (default: server.host)',
    },
    port: {
      type: 'string',
      short: 'p',
      placeholder: '<port>',
      description: 'listen on this port, 0 for any free one (default: server.port)',
    },
  },
  maxPositionals: 1,
  examples: [
    'modelmux serve --config modelmux.toml',
    'modelmux serve modelmux.toml --host 0.0.0.0 --port 9090',
  ],
  async run(args, context) {
    const file = configFileOption(args, 'serve');
    const port = portOption(args, 'serve');
    const config = await loadGatewayConfig(resolve(context.cwd, file), context.env);
    const signal = context.shutdownSignal();
    const { startServer } = await import('../server.js');
    const server = await startServer({ config, env: context.env, host: stringOption(args, 'host'), port });
    await signal;
    await server.close();
    return 0;
  },
};
