import { BEDROCK_CREDENTIALS } from './bedrock-credentials.mjs';
import { GATEWAY_ENTRY } from './built-entries.mjs';

/** The Bedrock model behind the `claude` alias clients ask for. */
const CLAUDE_MODEL = 'anthropic.claude-3-5-sonnet-20240620-v1:0';

/**
 * The real gateway from `dist/` with one `bedrock` provider in front of the Bedrock emulator (`endpoint`, the keys
 * the emulator verifies every SigV4 signature with) and the alias `claude`, no logging, on a free port.
 */
export async function startGatewayBedrockTarget(bedrockOrigin) {
  const { parseGatewayConfig, startServer } = await import(GATEWAY_ENTRY.href);
  const config = parseGatewayConfig({
    server: { log_level: 'silent' },
    providers: {
      bedrock: {
        type: 'bedrock',
        region: 'us-east-1',
        endpoint: bedrockOrigin,
        credentials: {
          type: 'keys',
          access_key_id: BEDROCK_CREDENTIALS.accessKeyId,
          secret_access_key: BEDROCK_CREDENTIALS.secretAccessKey,
        },
      },
    },
    models: { claude: { targets: [`bedrock:${CLAUDE_MODEL}`] } },
  });
  const server = await startServer({ config, host: '127.0.0.1', port: 0 });
  return { url: server.url, close: () => server.close() };
}
