import { GATEWAY_ENTRY } from './built-entries.mjs';

/** The OpenAI-compatible emulator's embedding model behind the `embed` alias of the embeddings workload. */
const EMBEDDING_MODEL = 'text-embedding-3-small';

/** The id of the demo config's OpenAI-compatible provider instance (the one in front of the emulator). */
function openAICompatibleInstance(config) {
  const entry = Object.entries(config.providers ?? {}).find(
    ([, settings]) => settings.type === 'openai-compatible',
  );
  if (entry === undefined) throw new Error('the demo config has no openai-compatible provider instance');
  return entry[0];
}

/**
 * The real gateway from `dist/`, in front of the emulator with the demo config and no logging, on a free port. The
 * demo config's OpenAI-compatible instance serves embeddings too: the alias `embed` (the embeddings workload's model)
 * names its `text-embedding-3-small`.
 */
export async function startGatewayTarget(emulatorUrl) {
  const { demoConfig, parseGatewayConfig, startServer } = await import(GATEWAY_ENTRY.href);
  const input = demoConfig(emulatorUrl);
  const embed = { targets: [`${openAICompatibleInstance(input)}:${EMBEDDING_MODEL}`] };
  const config = parseGatewayConfig({
    ...input,
    server: { ...input.server, log_level: 'silent' },
    models: { ...input.models, embed },
  });
  const server = await startServer({ config, host: '127.0.0.1', port: 0 });
  return { url: server.url, close: () => server.close() };
}
