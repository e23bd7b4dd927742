import { type AzureOpenAIEmulator, startAzureOpenAIEmulator } from '@modelmux/testkit';
import OpenAI from 'openai';
import { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../src/config/load-gateway-config.js';
import { type StartedServer, startServer } from '../src/server.js';
import { SchemaCheckedClient, TEST_SHUTDOWN_TIMEOUT_MS } from './helpers.js';

// The real `openai` client → the gateway → Azure OpenAI on the emulator (v1 API and deployments API, api-key).

const API_KEY = 'e2e-azure-key';
const messages = [{ role: 'user' as const, content: 'What is the weather in Paris?' }];

let emulator: AzureOpenAIEmulator;
let gateway: StartedServer;
let checked: SchemaCheckedClient;
let client: OpenAI;

beforeAll(async () => {
  emulator = await startAzureOpenAIEmulator({
    apiKey: API_KEY,
    deployments: { 'chat-prod': 'gpt-4o-2024-08-06', 'embed-prod': 'text-embedding-3-small' },
  });
  const azure = { type: 'azure-openai', endpoint: emulator.endpoint, api_key: { env: 'E2E_AZURE_KEY' } };
  const config = parseGatewayConfig({
    // These tests check how each failure is translated; retries and fallback are tested in call-policy tests.
    routing: { max_retries: 0 },
    server: { log_level: 'silent', shutdown_timeout_ms: TEST_SHUTDOWN_TIMEOUT_MS },
    providers: {
      azure: { ...azure, deployments: { 'gpt-4o': 'chat-prod' } },
      'azure-classic': { ...azure, api: 'deployments', deployments: { 'gpt-4o': 'chat-prod' } },
    },
    models: { 'gpt-4o': { targets: ['azure:gpt-4o'] } },
  });
  gateway = await startServer({
    config,
    env: { E2E_AZURE_KEY: API_KEY },
    host: '127.0.0.1',
    port: 0,
    logger: false,
  });
  checked = new SchemaCheckedClient(gateway.url);
  client = checked.client;
});

afterEach(async () => {
  const violations = await checked.takeSchemaViolations();
  client = checked.client;
  emulator.reset();
  expect(violations).toEqual([]);
});

afterAll(async () => {
  await gateway?.close();
  await emulator?.close();
});

type WithFilters = {
  prompt_filter_results?: unknown[];
  choices: Array<{ content_filter_results?: unknown }>;
};

describe('Azure OpenAI through the gateway', () => {
  it.each([
    ['gpt-4o', '/openai/v1/chat/completions'],
    ['azure-classic:gpt-4o', '/openai/deployments/chat-prod/chat/completions?api-version=2024-10-21'],
  ])('answers %s with Azure’s filter verdicts passed on', async (model, path) => {
    const completion = (await client.chat.completions.create({ model, messages })) as unknown as WithFilters &
      OpenAI.ChatCompletion;
    expect(emulator.requests[0]?.path).toBe(path);
    expect(emulator.requests[0]?.authScheme).toBe('api-key');
    expect(completion.model).toBe(model);
    expect(completion.choices[0]?.message.content).toEqual(expect.any(String));
    expect(completion.prompt_filter_results).toEqual([
      {
        prompt_index: 0,
        content_filter_results: expect.objectContaining({ hate: { filtered: false, severity: 'safe' } }),
      },
    ]);
    expect(completion.choices[0]?.content_filter_results).toMatchObject({
      violence: { filtered: false, severity: 'safe' },
    });
  });

  it('streams: the prompt verdicts as a chunk without choices, never Azure’s empty-id chunk', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: Array<OpenAI.ChatCompletionChunk & { prompt_filter_results?: unknown }> = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(chunks.every((chunk) => chunk.id !== '' && chunk.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks.filter((chunk) => chunk.prompt_filter_results !== undefined)).toHaveLength(1);
    const text = chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '').join('');
    expect(text.length).toBeGreaterThan(0);
    expect(chunks.at(-1)?.usage).toMatchObject({
      prompt_tokens: expect.any(Number),
      completion_tokens: expect.any(Number),
    });
  });

  it('streams tool calls that the SDK joins', async () => {
    emulator.enqueue({ kind: 'tool-calls', calls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }] });
    const final = await client.chat.completions
      .stream({
        model: 'gpt-4o',
        messages,
        tools: [
          {
            type: 'function',
            function: {
              name: 'get_weather',
              parameters: { type: 'object', properties: { city: { type: 'string' } } },
            },
          },
        ],
      })
      .finalChatCompletion();
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
    expect(final.choices[0]?.message.tool_calls?.[0]).toMatchObject({
      type: 'function',
      function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
    });
  });

  it('ends a completion the output filter stopped with content_filter, stream and not', async () => {
    emulator.enqueue(
      { kind: 'content-filter-output', category: 'violence' },
      { kind: 'content-filter-output', category: 'violence' },
    );
    const completion = (await client.chat.completions.create({
      model: 'gpt-4o',
      messages,
    })) as unknown as WithFilters & OpenAI.ChatCompletion;
    expect(completion.choices[0]?.finish_reason).toBe('content_filter');
    expect(completion.choices[0]?.content_filter_results).toMatchObject({ violence: { filtered: true } });
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages, stream: true });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('content_filter');
    expect(
      (chunks.at(-1)!.choices[0] as { content_filter_results?: unknown }).content_filter_results,
    ).toMatchObject({
      violence: { filtered: true },
    });
  });

  it.each(['innererror', 'inner_error'] as const)(
    'gives a filtered prompt (%s) to the client as a 400 with Azure’s inner error',
    async (spelling) => {
      emulator.enqueue({ kind: 'content-filter-prompt', category: 'hate', spelling });
      const error = await client.chat.completions
        .create({ model: 'gpt-4o', messages })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      const failure = error as InstanceType<typeof OpenAI.BadRequestError>;
      expect(failure.code).toBe('content_filter');
      expect(failure.param).toBe('prompt');
      expect(failure.error).toMatchObject({
        innererror: {
          code: 'ResponsibleAIPolicyViolation',
          content_filter_result: { hate: { filtered: true, severity: 'high' } },
        },
      });
    },
  );

  it('passes a 429 on with retry-after and retry-after-ms as Azure gave them', async () => {
    emulator.enqueue({ kind: 'rate-limited', retryAfterSeconds: 2, retryAfterMs: 1500 });
    const error = await client.chat.completions
      .create({ model: 'gpt-4o', messages })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const headers = (error as InstanceType<typeof OpenAI.RateLimitError>).headers;
    expect(headers.get('retry-after-ms')).toBe('1500');
    expect(headers.get('retry-after')).toBe('2');
  });

  it('cancels the Azure call when the client aborts mid-stream', async () => {
    // A client of its own, destroyed at the end: after an abort on a reused keep-alive connection, the global fetch
    // keeps a socket open that would hold the gateway's close in afterAll.
    const agent = new Agent();
    const aborting = new OpenAI({
      baseURL: `${gateway.url}/v1`,
      apiKey: 'client-key',
      maxRetries: 0,
      fetchOptions: { dispatcher: agent } as never,
    });
    emulator.enqueue({ kind: 'text', text: 'one two three four five six', chunkDelayMs: 200 });
    const controller = new AbortController();
    const stream = await aborting.chat.completions.create(
      { model: 'gpt-4o', messages, stream: true },
      { signal: controller.signal },
    );
    for await (const chunk of stream) {
      if ((chunk.choices[0]?.delta?.content ?? '') !== '') controller.abort();
    }
    await emulator.waitForClientClose(0);
    expect(emulator.requests[0]?.closedByClient).toBe(true);
    await agent.destroy();
  });
});
