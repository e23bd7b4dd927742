import { DEFAULT_VERTEX_ACCESS_TOKEN } from '@modelmux/testkit';
import { GATEWAY_ENTRY } from './built-entries.mjs';

/** The Vertex model behind the `claude` alias clients ask for. */
const CLAUDE_MODEL = 'claude-sonnet-4-5@20250929';

/**
 * The real gateway from `dist/` with one `vertex` provider in front of the Vertex emulator (its access token as a
 * static credential) and the alias `claude`, no logging, on a free port.
 */
export async function startGatewayVertexTarget(vertexOrigin) {
  const { parseGatewayConfig, startServer } = await import(GATEWAY_ENTRY.href);
  const config = parseGatewayConfig({
    server: { log_level: 'silent' },
    providers: {
      vertex: {
        type: 'vertex',
        project: 'bench',
        region: 'us-east5',
        base_url: vertexOrigin,
        credentials: { type: 'access_token', token: DEFAULT_VERTEX_ACCESS_TOKEN },
      },
    },
    models: { claude: { targets: [`vertex:${CLAUDE_MODEL}`] } },
  });
  const server = await startServer({ config, host: '127.0.0.1', port: 0 });
  return { url: server.url, close: () => server.close() };
}
