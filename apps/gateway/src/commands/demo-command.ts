import type { CliCommand } from '../cli/cli-command.js';
import { portOption, stringOption } from '../cli/option-values.js';
import { DEMO_AWS_KEYS, demoConfig } from '../demo-config.js';

/** The demo's example requests, one per emulated upstream. */
function tryLines(gatewayUrl: string): string[] {
  const curl = (path: string, body: string) =>
    `  curl -s ${gatewayUrl}${path} -H 'content-type: application/json' -d '${body}'`;
  const chat = (model: string) =>
    curl('/v1/chat/completions', `{"model":"${model}","messages":[{"role":"user","content":"Hello"}]}`);
  return [
    chat('demo'),
    chat('claude'),
    chat('claude-bedrock'),
    chat('gpt-4o-azure'),
    curl('/v1/embeddings', '{"model":"embed","input":["first text","second text"]}'),
  ];
}

/** `modelmux demo`: the gateway in front of every emulated upstream, so a newcomer can try each backend. */
export const demoCommand: CliCommand = {
  name: ['demo'],
  summary: 'run the gateway in front of emulated upstreams (no credentials needed)',
  synopsis: 'demo [--host <host>] [--port <port>]',
  description: [
    'Starts local emulators of an OpenAI-compatible server, Vertex AI (Claude), AWS Bedrock (SigV4-verified) and',
    'Azure OpenAI, and the gateway in front of them with the models demo, claude, claude-bedrock, gpt-4o-azure and',
    'embed. Stored responses live in memory; nothing is written to disk. SIGINT or SIGTERM stops everything.',
  ].join('\n'),
  options: {
    host: {
      type: 'string',
      placeholder: '<host>',
      description: 'listen on this address (default 127.0.0.1)',
    },
    port: {
      type: 'string',
      short: 'p',
      placeholder: '<port>',
      description: 'listen on this port, 0 for any free one (default 8080)',
    },
  },
  examples: ['modelmux demo', 'modelmux demo --port 9090'],
  async run(args, context) {
    const port = portOption(args, 'demo');
    const signal = context.shutdownSignal();
    const testkit = await import('@modelmux/testkit');
    const { parseGatewayConfig } = await import('../config/load-gateway-config.js');
    const { startServer } = await import('../server.js');
    const started: Array<{ close(): Promise<void> }> = [];
    const closeEmulators = async () => {
      await Promise.allSettled(started.map((emulator) => emulator.close()));
    };
    const track = <T extends { close(): Promise<void> }>(emulator: T): T => {
      started.push(emulator);
      return emulator;
    };
    let server: Awaited<ReturnType<typeof startServer>>;
    let urls: string;
    try {
      const openAICompatible = track(await testkit.startOpenAICompatibleEmulator({ recordRequests: false }));
      const vertex = track(await testkit.startVertexEmulator());
      const bedrock = track(
        await testkit.startBedrockEmulator({ region: 'us-east-1', credentials: { ...DEMO_AWS_KEYS } }),
      );
      const azure = track(await testkit.startAzureOpenAIEmulator({ recordRequests: false }));
      urls = `OpenAI-compatible ${openAICompatible.url}, Vertex AI ${vertex.url}, Bedrock ${bedrock.url}, Azure OpenAI ${azure.endpoint}`;
      const config = parseGatewayConfig(
        demoConfig(
          openAICompatible.url,
          { url: vertex.url, accessToken: testkit.DEFAULT_VERTEX_ACCESS_TOKEN },
          { url: bedrock.url },
          { endpoint: azure.endpoint, apiKey: azure.apiKey },
        ),
      );
      server = await startServer({
        config,
        env: context.env,
        host: stringOption(args, 'host') ?? '127.0.0.1',
        port: port ?? 8080,
      });
    } catch (error) {
      await closeEmulators();
      throw error;
    }
    context.stdout.write(
      [
        '',
        `modelmux demo: gateway on ${server.url}; emulated upstreams: ${urls}`,
        'Try:',
        ...tryLines(server.url),
        '',
        '',
      ].join('\n'),
    );
    await signal;
    await server.close();
    await closeEmulators();
    return 0;
  },
};
