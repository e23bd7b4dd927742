#!/usr/bin/env node
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ModelmuxError } from '@modelmux/core';
import {
  DEFAULT_VERTEX_ACCESS_TOKEN,
  startAzureOpenAIEmulator,
  startBedrockEmulator,
  startOpenAICompatibleEmulator,
  startVertexEmulator,
} from '@modelmux/testkit';
import { loadGatewayConfig, parseGatewayConfig } from './config/load-gateway-config.js';
import { maskConfigSecrets } from './config/mask-config-secrets.js';
import { DEMO_AWS_KEYS, demoConfig } from './demo-config.js';
import { type StartedServer, startServer } from './server.js';
import { VERSION } from './version.js';

const USAGE = `modelmux — an OpenAI-compatible LLM gateway

Usage:
  modelmux serve --config <file.toml> [--host <host>] [--port <port>]
  modelmux demo [--host <host>] [--port <port>]     gateway + emulated upstreams, no credentials needed
  modelmux config validate --config <file.toml>     boot the config without listening; explain each problem
  modelmux config show --config <file.toml>         the effective config (defaults filled in), secrets masked
  modelmux --version
`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function onShutdown(close: () => Promise<void>): void {
  let closing = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (closing) return;
      closing = true;
      close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string', short: 'c' },
      host: { type: 'string' },
      port: { type: 'string', short: 'p' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  if (values.version) {
    process.stdout.write(`modelmux ${VERSION}\n`);
    return;
  }
  const command = positionals.join(' ');
  if (values.help || command === '' || command === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const port = values.port === undefined ? undefined : Number.parseInt(values.port, 10);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535))
    fail(`--port must be 0-65535, not ${values.port}`);
  const env = process.env;

  if (command === 'serve' || command === 'config validate' || command === 'config show') {
    if (values.config === undefined) fail(`${command} needs --config <file.toml>\n\n${USAGE}`);
    const config = await loadGatewayConfig(values.config, env);
    if (command === 'config show') {
      process.stdout.write(`${JSON.stringify(maskConfigSecrets(config), null, 2)}\n`);
      return;
    }
    // Provider plugin packages named in config are found beside the config file, then in the working directory.
    const pluginSearchDirectories = [dirname(resolve(values.config)), process.cwd()];
    if (command === 'config validate') {
      const { buildApp } = await import('./app.js');
      const app = buildApp({ config, env, logger: false, pluginSearchDirectories });
      await app.ready();
      await app.close();
      process.stdout.write(
        `${values.config} is valid: ${Object.keys(config.providers).length} provider(s), ${Object.keys(config.models).length} alias(es)\n`,
      );
      return;
    }
    const server = await startServer({ config, env, host: values.host, port, pluginSearchDirectories });
    onShutdown(server.close);
    return;
  }

  if (command === 'demo') {
    const emulator = await startOpenAICompatibleEmulator({ recordRequests: false });
    const vertex = await startVertexEmulator();
    const bedrock = await startBedrockEmulator({ region: 'us-east-1', credentials: { ...DEMO_AWS_KEYS } });
    const azure = await startAzureOpenAIEmulator({ recordRequests: false });
    const closeEmulators = async () => {
      await Promise.allSettled([emulator.close(), vertex.close(), bedrock.close(), azure.close()]);
    };
    let server: StartedServer;
    try {
      const config = parseGatewayConfig(
        demoConfig(
          emulator.url,
          { url: vertex.url, accessToken: DEFAULT_VERTEX_ACCESS_TOKEN },
          { url: bedrock.url },
          { endpoint: azure.endpoint, apiKey: azure.apiKey },
        ),
      );
      server = await startServer({ config, env, host: values.host ?? '127.0.0.1', port: port ?? 8080 });
    } catch (error) {
      await closeEmulators();
      throw error;
    }
    onShutdown(async () => {
      await server.close();
      await closeEmulators();
    });
    const curl = (path: string, body: string) =>
      `  curl -s ${server.url}${path} -H 'content-type: application/json' -d '${body}'`;
    const chat = (model: string) =>
      curl('/v1/chat/completions', `{"model":"${model}","messages":[{"role":"user","content":"Hello"}]}`);
    process.stdout.write(
      [
        '',
        `modelmux demo: gateway on ${server.url}; emulated upstreams: OpenAI-compatible ${emulator.url}, Vertex AI ${vertex.url}, Bedrock ${bedrock.url}, Azure OpenAI ${azure.endpoint}`,
        'Try:',
        chat('demo'),
        chat('claude'),
        chat('claude-bedrock'),
        chat('gpt-4o-azure'),
        curl('/v1/embeddings', '{"model":"embed","input":["first text","second text"]}'),
        '',
        '',
      ].join('\n'),
    );
    return;
  }
  fail(`unknown command: ${command}\n\n${USAGE}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (ModelmuxError.isInstance(error)) fail(`${error.code}: ${error.message}`);
  fail(error instanceof Error ? (error.stack ?? error.message) : String(error));
});
