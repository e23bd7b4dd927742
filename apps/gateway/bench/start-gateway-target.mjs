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
 * Where the gateway keeps Responses API responses (`store` is on unless a request says `store: false`, and the
 * benchmark's requests do not). `memory` keeps the write in the measurement without SQLite's file I/O (its default
 * `./.modelmux/responses.sqlite` would also land in the working directory): a JSON copy per response in a Map bounded
 * by `memory_max_records` (10,000 by default, the least recently saved evicted first), so a long run does not grow.
 * Chat Completions and embeddings never open the store. Set here even though the demo config says the same, so that
 * what is measured does not change with the demo.
 */
const RESPONSES = { store: 'memory' };

/**
 * The real gateway from `dist/`, in front of the emulator with the demo config and no logging, on a free port. The
 * demo config's OpenAI-compatible instance serves embeddings too: the alias `embed` (the embeddings workload's model)
 * names its `text-embedding-3-small`. Responses API responses are kept in memory (`RESPONSES`).
 */
export async function startGatewayTarget(emulatorUrl, options = {}) {
  const { demoConfig, parseGatewayConfig, startServer } = await import(GATEWAY_ENTRY.href);
  const input = demoConfig(emulatorUrl);
  const embed = { targets: [`${openAICompatibleInstance(input)}:${EMBEDDING_MODEL}`] };
  if (options.passthrough !== undefined)
    input.providers[openAICompatibleInstance(input)].passthrough = options.passthrough;
  const config = parseGatewayConfig({
    ...input,
    server: { ...input.server, log_level: 'silent' },
    responses: RESPONSES,
    models: { ...input.models, embed },
  });
  const server = await startServer({ config, host: '127.0.0.1', port: 0 });
  return { url: server.url, close: () => server.close() };
}
