import type { GatewayConfigInput } from './config/gateway-config-schema.js';

/** Model ids the demo's emulated Vertex upstream serves. */
export const DEMO_CLAUDE_MODEL = 'claude-sonnet-4-5@20250929';

/** The model id the demo's emulated Bedrock upstream serves. */
export const DEMO_BEDROCK_MODEL = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

/** Example AWS keys shared by the demo gateway and its Bedrock emulator (which verifies every signature). */
export const DEMO_AWS_KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'modelmux-demo-secret' } as const;

/** The deployment the demo's emulated Azure OpenAI resource serves, and the name clients use for it. */
export const DEMO_AZURE_DEPLOYMENT = 'gpt-4o';

/**
 * The no-credentials configuration: the gateway in front of the OpenAI-compatible emulator and, when given, the
 * Vertex emulator (whose token it presents as a static access token), the Bedrock emulator and the Azure one.
 */
export function demoConfig(
  emulatorUrl: string,
  vertex?: { url: string; accessToken: string },
  bedrock?: { url: string },
  azure?: { endpoint: string; apiKey: string },
): GatewayConfigInput {
  const config = {
    // The demo writes no files: stored Responses API responses live in memory.
    responses: { store: 'memory' as const },
    providers: {
      emulator: { type: 'openai-compatible', base_url: emulatorUrl, models: { 'emulator-model': {} } },
    } as Record<string, { type: string } & Record<string, unknown>>,
    models: {
      demo: { targets: ['emulator:emulator-model'] },
      embed: { targets: ['emulator:text-embedding-3-small'] },
    } as Record<string, { targets: string[] }>,
  };
  if (vertex !== undefined) {
    config.providers.vertex = {
      type: 'vertex',
      project: 'demo-project',
      region: 'us-east5',
      base_url: vertex.url,
      credentials: { type: 'access_token', token: vertex.accessToken },
      models: { [DEMO_CLAUDE_MODEL]: { max_output_tokens: 1024 } },
    };
    config.models.claude = { targets: [`vertex:${DEMO_CLAUDE_MODEL}`] };
  }
  if (bedrock !== undefined) {
    config.providers.bedrock = {
      type: 'bedrock',
      region: 'us-east-1',
      endpoint: bedrock.url,
      credentials: {
        type: 'keys',
        access_key_id: DEMO_AWS_KEYS.accessKeyId,
        secret_access_key: DEMO_AWS_KEYS.secretAccessKey,
      },
    };
    config.models['claude-bedrock'] = { targets: [`bedrock:${DEMO_BEDROCK_MODEL}`] };
  }
  if (azure !== undefined) {
    config.providers.azure = {
      type: 'azure-openai',
      endpoint: azure.endpoint,
      api_key: azure.apiKey,
      deployments: { [DEMO_AZURE_DEPLOYMENT]: DEMO_AZURE_DEPLOYMENT },
    };
    config.models['gpt-4o-azure'] = { targets: [`azure:${DEMO_AZURE_DEPLOYMENT}`] };
  }
  return config;
}
