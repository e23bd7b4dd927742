import {
  type AzureOpenAIEmulator,
  type OpenAICompatibleEmulator,
  startAzureOpenAIEmulator,
  startOpenAICompatibleEmulator,
  validateOpenAiSchema,
} from '@modelmux/testkit';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../src/config/load-gateway-config.js';
import { type StartedServer, startServer } from '../src/server.js';
import { TEST_SHUTDOWN_TIMEOUT_MS } from './helpers.js';

// The Responses API passed through as it is to upstreams that speak it natively (config `passthrough`).

const AZURE_KEY = 'azure-pass-key';

let vllm: OpenAICompatibleEmulator;
let azure: AzureOpenAIEmulator;
let gateway: StartedServer;
let client: OpenAI;

beforeAll(async () => {
  [vllm, azure] = await Promise.all([
    startOpenAICompatibleEmulator({ apiKey: 'vllm-key' }),
    startAzureOpenAIEmulator({ apiKey: AZURE_KEY, deployments: { 'gpt-4o-prod': 'gpt-4o-2024-08-06' } }),
  ]);
  const config = parseGatewayConfig({
    // These tests check how each failure is translated; retries and fallback are tested in call-policy tests.
    routing: { max_retries: 0 },
    server: { log_level: 'silent', shutdown_timeout_ms: TEST_SHUTDOWN_TIMEOUT_MS },
    responses: { store: 'memory' },
    providers: {
      vllm: {
        type: 'openai-compatible',
        base_url: vllm.url,
        api_key: 'vllm-key',
        passthrough: ['responses'],
      },
      azure: {
        type: 'azure-openai',
        endpoint: azure.endpoint,
        api_key: AZURE_KEY,
        deployments: { 'gpt-4o': 'gpt-4o-prod' },
        passthrough: ['responses'],
      },
      translated: { type: 'openai-compatible', base_url: vllm.url, api_key: 'vllm-key' },
    },
    models: { native: { targets: ['vllm:qwen3'] } },
  });
  gateway = await startServer({ config, env: {}, host: '127.0.0.1', port: 0, logger: false });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'client-key', maxRetries: 0 });
});

afterEach(() => {
  vllm.reset();
  azure.reset();
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([vllm?.close(), azure?.close()]);
});

describe('Responses pass-through', () => {
  it('forwards built-in tools and every field as they are, with the instance’s credentials, to a native server', async () => {
    const body = {
      model: 'native',
      input: 'Search the news.',
      tools: [{ type: 'web_search' as const }],
      include: ['web_search_call.action.sources' as const],
      metadata: { team: 'search' },
    };
    const response = await client.responses.create(body);
    expect(validateOpenAiSchema('Response', response)).toEqual([]);
    expect(response.output_text).toMatch(/emulator/);
    const recorded = vllm.requests[0];
    expect(recorded?.path).toBe('/v1/responses');
    expect(recorded?.headers.authorization).toBe('Bearer vllm-key');
    expect(recorded?.body).toEqual({ ...body, model: 'qwen3' });
  });

  it('streams the upstream’s events through unchanged', async () => {
    const stream = client.responses.stream({ model: 'native', input: 'Hi' });
    const types: string[] = [];
    stream.on('event', (event) => types.push(event.type));
    const final = await stream.finalResponse();
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    expect(final.status).toBe('completed');
  });

  it('forwards to Azure’s v1 Responses API with the deployment as model', async () => {
    const response = await client.responses.create({
      model: 'azure:gpt-4o',
      input: 'Hi',
      tools: [{ type: 'web_search' }],
    });
    expect(response.status).toBe('completed');
    expect(azure.requests[0]).toMatchObject({
      path: '/openai/v1/responses',
      authScheme: 'api-key',
      body: { model: 'gpt-4o-prod', tools: [{ type: 'web_search' }] },
    });
  });

  it('maps an upstream 429 into OpenAI’s error shape with Retry-After', async () => {
    vllm.enqueue({ kind: 'error', status: 429, headers: { 'retry-after': '4' } });
    const error = await client.responses
      .create({ model: 'native', input: 'Hi' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('4');
  });

  it('still translates for an instance without passthrough, refusing built-in tools there', async () => {
    const error = await client.responses
      .create({ model: 'translated:qwen3', input: 'Hi', tools: [{ type: 'web_search' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(vllm.requests).toHaveLength(0);
  });
});
