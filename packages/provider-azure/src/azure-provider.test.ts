import type { CallContext, ChatEvent, ChatRequest, Provider } from '@modelmux/core';
import {
  type AzureOpenAIEmulator,
  type AzureRecordedRequest,
  startAzureOpenAIEmulator,
} from '@modelmux/testkit';
import OpenAI, { AzureOpenAI } from 'openai';
import { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { azurePlugin } from './azure-plugin.js';

const API_KEY = 'azure-test-key';
const API_VERSION = '2024-10-21';
const logger = { debug() {}, info() {}, warn() {}, error() {} };
const context = (signal = new AbortController().signal): CallContext => ({ signal, requestId: 'r1', logger });

let emulator: AzureOpenAIEmulator;
let dispatcher: Agent;
const providers: Provider[] = [];

beforeAll(async () => {
  emulator = await startAzureOpenAIEmulator({
    apiKey: API_KEY,
    deployments: { 'chat-prod': 'gpt-4o-2024-08-06', 'embed-prod': 'text-embedding-3-small' },
  });
  dispatcher = new Agent();
});
afterEach(() => emulator.reset());
afterAll(async () => {
  for (const provider of providers) await provider.close?.();
  // The emulator first: it ends any exchange a failed test left open, which the dispatcher's close would wait for.
  await emulator.close();
  await dispatcher.close();
});

function provider(settings: Record<string, unknown> = {}): Provider {
  const parsed = azurePlugin.settingsSchema.parse({
    endpoint: emulator.endpoint,
    api_key: API_KEY,
    deployments: { 'gpt-4o': 'chat-prod', 'text-embedding-3-small': 'embed-prod' },
    ...settings,
  });
  const created = azurePlugin.create(parsed, { id: 'azure', dispatcher, logger, now: Date.now, env: {} });
  providers.push(created);
  return created;
}

const request: ChatRequest = {
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
  ],
  maxOutputTokens: 50,
  temperature: 0.2,
};
const sdkBody = {
  messages: [
    { role: 'system' as const, content: 'Be brief.' },
    { role: 'user' as const, content: 'Weather in Paris?' },
  ],
  max_completion_tokens: 50,
  temperature: 0.2,
};

/** What the requests have in common that matters (ORACLES.md: telemetry headers ignored). */
function essentials(recorded: AzureRecordedRequest | undefined) {
  return {
    method: recorded?.method,
    path: recorded?.path,
    style: recorded?.style,
    deployment: recorded?.deployment,
    authScheme: recorded?.authScheme,
    contentType: recorded?.headers['content-type'],
    body: recorded?.body,
  };
}

async function events(iterable: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const out: ChatEvent[] = [];
  for await (const event of iterable) out.push(event);
  return out;
}

describe('Azure chat: the provider sends what openai-node’s own clients send', () => {
  it('deployments URL with api-version and the api-key header, as AzureOpenAI does', async () => {
    const result = await provider({ api: 'deployments', api_version: API_VERSION }).chatModel!(
      'gpt-4o',
    ).generate(request, context());
    const sdk = new AzureOpenAI({
      endpoint: emulator.endpoint,
      apiKey: API_KEY,
      apiVersion: API_VERSION,
      maxRetries: 0,
    });
    await sdk.chat.completions.create({ model: 'chat-prod', ...sdkBody });
    const [ours, theirs] = emulator.requests;
    expect(essentials(ours)).toEqual(essentials(theirs));
    expect(ours).toMatchObject({
      path: '/openai/deployments/chat-prod/chat/completions?api-version=2024-10-21',
      authScheme: 'api-key',
      body: { model: 'chat-prod' },
    });
    expect(ours?.headers.authorization).toBeUndefined();
    expect(result.content).toEqual([{ type: 'text', text: expect.any(String) }]);
    expect(result.modelId).toBe('gpt-4o-2024-08-06');
  });

  it('v1 URL with the deployment as model, as the OpenAI client pointed at /openai/v1 does with api-key', async () => {
    await provider().chatModel!('gpt-4o').generate(request, context());
    const sdk = new OpenAI({
      baseURL: `${emulator.v1BaseUrl}/`,
      apiKey: API_KEY,
      defaultHeaders: { 'api-key': API_KEY, authorization: null },
      maxRetries: 0,
    });
    await sdk.chat.completions.create({ model: 'chat-prod', ...sdkBody });
    const [ours, theirs] = emulator.requests;
    expect(essentials(ours)).toEqual(essentials(theirs));
    expect(ours).toMatchObject({
      path: '/openai/v1/chat/completions',
      style: 'v1',
      body: { model: 'chat-prod' },
    });
  });

  it('streams with stream_options like the SDK, past Azure’s annotation-only first chunk', async () => {
    const stream = await provider({ api: 'deployments' }).chatModel!('gpt-4o').stream(request, context());
    const out = await events(stream);
    const sdk = new AzureOpenAI({
      endpoint: emulator.endpoint,
      apiKey: API_KEY,
      apiVersion: API_VERSION,
      maxRetries: 0,
    });
    const sdkStream = await sdk.chat.completions.create({
      model: 'chat-prod',
      ...sdkBody,
      stream: true,
      stream_options: { include_usage: true },
    });
    let sdkText = '';
    for await (const chunk of sdkStream) sdkText += chunk.choices[0]?.delta?.content ?? '';
    expect(essentials(emulator.requests[0])).toEqual(essentials(emulator.requests[1]));
    expect(out[0]).toMatchObject({ type: 'response-start', id: expect.stringMatching(/^chatcmpl-/) });
    expect(out.filter((event) => event.type === 'content-filter').length).toBeGreaterThan(1);
    const text = out.flatMap((event) => (event.type === 'text-delta' ? [event.delta] : [])).join('');
    expect(text).toBe(sdkText);
    expect(out.at(-1)).toMatchObject({
      type: 'response-end',
      finishReason: { unified: 'stop' },
      usage: { inputTokens: expect.any(Number), outputTokens: expect.any(Number) },
    });
  });

  it('keeps Azure’s prompt and output filter verdicts', async () => {
    const result = await provider().chatModel!('gpt-4o').generate(request, context());
    expect(result.contentFilter?.prompt?.[0]).toMatchObject({
      promptIndex: 0,
      results: { hate: { filtered: false, severity: 'safe' } },
    });
    expect(result.contentFilter?.output).toMatchObject({ violence: { filtered: false, severity: 'safe' } });
  });

  it('ends a filtered completion with content_filter and the filtered category, stream and not', async () => {
    emulator.enqueue(
      { kind: 'content-filter-output', category: 'violence' },
      { kind: 'content-filter-output', category: 'violence' },
    );
    const model = provider().chatModel!('gpt-4o');
    const result = await model.generate(request, context());
    expect(result.finishReason).toEqual({ unified: 'content-filter', raw: 'content_filter' });
    expect(result.contentFilter?.output).toMatchObject({ violence: { filtered: true } });
    const out = await events(await model.stream(request, context()));
    expect(out.at(-1)).toMatchObject({ type: 'response-end', finishReason: { unified: 'content-filter' } });
    expect(out.filter((event) => event.type === 'content-filter').at(-1)).toMatchObject({
      results: { output: { violence: { filtered: true } } },
    });
  });

  it.each(['innererror', 'inner_error'] as const)(
    'maps a filtered prompt (%s spelling) to a 400 with the verdicts',
    async (spelling) => {
      emulator.enqueue({ kind: 'content-filter-prompt', category: 'hate', spelling });
      const error = await provider().chatModel!('gpt-4o')
        .generate(request, context())
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({
        code: 'MMX_UPSTREAM_BAD_REQUEST',
        statusCode: 400,
        upstreamCode: 'content_filter',
        upstreamParam: 'prompt',
        contentFilter: {
          code: 'ResponsibleAIPolicyViolation',
          results: { prompt: [{ promptIndex: 0, results: { hate: { filtered: true } } }] },
        },
      });
    },
  );

  it('maps 429 with retry-after-ms to a retryable rate limit that waits as long as Azure asks', async () => {
    emulator.enqueue({ kind: 'rate-limited', retryAfterSeconds: 3, retryAfterMs: 2500 });
    const error = await provider().chatModel!('gpt-4o')
      .generate(request, context())
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'MMX_UPSTREAM_RATE_LIMITED', retryable: true, retryAfterMs: 2500 });
  });

  it('maps a missing deployment and a wrong key, without echoing the key', async () => {
    const missing = await provider().chatModel!('no-such-deployment')
      .generate(request, context())
      .catch((caught: unknown) => caught);
    expect(missing).toMatchObject({ statusCode: 404, upstreamCode: 'DeploymentNotFound' });
    const denied = (await provider({ api_key: 'wrong-key-1234567' }).chatModel!('gpt-4o')
      .generate(request, context())
      .catch((caught: unknown) => caught)) as Error & { responseBody?: string };
    expect(denied).toMatchObject({ code: 'MMX_UPSTREAM_AUTH', statusCode: 401 });
    expect(JSON.stringify(denied)).not.toContain('wrong-key-1234567');
    expect(String(denied.responseBody)).not.toContain('wrong-key-1234567');
  });

  it('stops the upstream call when the caller aborts', async () => {
    emulator.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const pending = provider().chatModel!('gpt-4o').generate(request, context(controller.signal));
    await vi.waitFor(() => expect(emulator.requests).toHaveLength(1), { timeout: 5_000 });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await emulator.waitForClientClose(0);
  });
});

describe('Azure chat with images, a JSON schema and a reasoning model', () => {
  const PNG =
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
  const schema = {
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
    additionalProperties: false,
  };

  it('sends the same body as AzureOpenAI for an image, json_schema, reasoning_effort and max_completion_tokens', async () => {
    await provider({ api: 'deployments' }).chatModel!('gpt-4o').generate(
      {
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Where was this taken?' },
              { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: PNG } },
            ],
          },
        ],
        responseFormat: { type: 'json-schema', name: 'place', schema, strict: true },
        reasoningEffort: 'low',
        maxOutputTokens: 200,
      },
      context(),
    );
    const sdk = new AzureOpenAI({
      endpoint: emulator.endpoint,
      apiKey: API_KEY,
      apiVersion: API_VERSION,
      maxRetries: 0,
    });
    await sdk.chat.completions.create({
      model: 'chat-prod',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Where was this taken?' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
          ],
        },
      ],
      response_format: { type: 'json_schema', json_schema: { name: 'place', schema, strict: true } },
      reasoning_effort: 'low',
      max_completion_tokens: 200,
    });
    expect(essentials(emulator.requests[0])).toEqual(essentials(emulator.requests[1]));
  });
});

describe('Azure embeddings', () => {
  it.each(['v1', 'deployments'] as const)(
    'embeds on the %s API like the SDK, base64 decoded to the same float32 values',
    async (api) => {
      const result = await provider({ api }).embeddingModel!('text-embedding-3-small').embed(
        { inputs: ['alpha', 'beta'], acceptsFloat32Vectors: true },
        context(),
      );
      const sdk =
        api === 'v1'
          ? new OpenAI({
              baseURL: `${emulator.v1BaseUrl}/`,
              apiKey: API_KEY,
              defaultHeaders: { 'api-key': API_KEY, authorization: null },
              maxRetries: 0,
            })
          : new AzureOpenAI({
              endpoint: emulator.endpoint,
              apiKey: API_KEY,
              apiVersion: API_VERSION,
              maxRetries: 0,
            });
      const reply = await sdk.embeddings.create({ model: 'embed-prod', input: ['alpha', 'beta'] });
      expect(essentials(emulator.requests[0])).toEqual(essentials(emulator.requests[1]));
      expect(result.embeddings.map((vector) => Array.from(vector))).toEqual(
        reply.data.map((item) => item.embedding),
      );
      expect(result.usage.inputTokens).toBe(reply.usage.prompt_tokens);
    },
  );
});
