import { AzureOpenAI } from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { validateOpenAiSchema } from '../openapi/validate-openai-schema.js';
import { type AzureOpenAIEmulator, startAzureOpenAIEmulator } from './azure-openai-emulator.js';

const API_KEY = 'classic-key';
const API_VERSION = '2024-10-21';
const SAFE = { filtered: false, severity: 'safe' };
const SAFE_PROMPT_RESULTS = {
  hate: SAFE,
  jailbreak: { filtered: false, detected: false },
  self_harm: SAFE,
  sexual: SAFE,
  violence: SAFE,
};
const SAFE_OUTPUT_RESULTS = {
  hate: SAFE,
  protected_material_code: { filtered: false, detected: false },
  protected_material_text: { filtered: false, detected: false },
  self_harm: SAFE,
  sexual: SAFE,
  violence: SAFE,
};
const messages = [{ role: 'user' as const, content: 'What is the weather in Paris?' }];

let emulator: AzureOpenAIEmulator;
let client: AzureOpenAI;

beforeAll(async () => {
  emulator = await startAzureOpenAIEmulator({
    apiKey: API_KEY,
    deployments: { 'chat-dep': 'gpt-4o-2024-08-06', 'embed-dep': 'text-embedding-3-small' },
  });
  client = new AzureOpenAI({
    endpoint: emulator.endpoint,
    apiKey: API_KEY,
    apiVersion: API_VERSION,
    deployment: 'chat-dep',
    maxRetries: 0,
  });
});

afterEach(() => emulator.reset());

afterAll(() => emulator.close());

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

/** Every chunk after Azure's annotation-only first one must be a valid OpenAI chunk. */
function expectOpenAiChunks(chunks: readonly ChatCompletionChunk[]): void {
  for (const chunk of chunks)
    expect(validateOpenAiSchema('CreateChatCompletionStreamResponse', chunk)).toEqual([]);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('startAzureOpenAIEmulator', () => {
  it('listens on 127.0.0.1 and exposes the endpoint, the v1 base URL and the fake authority', () => {
    expect(emulator.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.endpoint).toBe(emulator.origin);
    expect(emulator.v1BaseUrl).toBe(`${emulator.origin}/openai/v1`);
    expect(emulator.authorityOrigin).toBe('https://login.emulator.test');
    expect(emulator.apiKey).toBe(API_KEY);
  });
});

describe('classic chat completions, non-streaming', () => {
  it('answers on the deployment path with the underlying model and content filter annotations', async () => {
    const completion = await client.chat.completions.create({ model: 'ignored-by-azure', messages });
    expect(validateOpenAiSchema('CreateChatCompletionResponse', completion)).toEqual([]);
    expect(completion).toMatchObject({
      object: 'chat.completion',
      model: 'gpt-4o-2024-08-06',
      choices: [
        {
          index: 0,
          finish_reason: 'stop',
          message: { role: 'assistant', content: 'Hello from the modelmux emulator.' },
          content_filter_results: SAFE_OUTPUT_RESULTS,
        },
      ],
      prompt_filter_results: [{ prompt_index: 0, content_filter_results: SAFE_PROMPT_RESULTS }],
      usage: { prompt_tokens: 6, completion_tokens: 5, total_tokens: 11 },
    });
    expect(completion.id).toMatch(/^chatcmpl-/);
  });

  it('records the path, api-version, deployment and the api-key scheme, and sends no authorization', async () => {
    await client.chat.completions.create({ model: 'ignored-by-azure', messages });
    const [request] = emulator.requests;
    expect(request).toMatchObject({
      method: 'POST',
      path: `/openai/deployments/chat-dep/chat/completions?api-version=${API_VERSION}`,
      style: 'classic',
      operation: 'chat.completions',
      deployment: 'chat-dep',
      apiVersion: API_VERSION,
      authScheme: 'api-key',
      body: { model: 'ignored-by-azure', messages },
      closedByClient: false,
    });
    expect(request!.headers['api-key']).toBe(API_KEY);
    expect(request!.headers.authorization).toBeUndefined();
  });

  it('takes the body model as the deployment when the client has none', async () => {
    const undeployed = new AzureOpenAI({
      endpoint: emulator.endpoint,
      apiKey: API_KEY,
      apiVersion: '2025-04-01-preview',
      maxRetries: 0,
    });
    const completion = await undeployed.chat.completions.create({ model: 'chat-dep', messages });
    expect(completion.model).toBe('gpt-4o-2024-08-06');
    expect(emulator.requests[0]).toMatchObject({
      path: '/openai/deployments/chat-dep/chat/completions?api-version=2025-04-01-preview',
      deployment: 'chat-dep',
      apiVersion: '2025-04-01-preview',
    });
  });

  it('answers tool calls with empty content filter results', async () => {
    emulator.enqueue({
      kind: 'tool-calls',
      calls: [{ name: 'get_weather', arguments: '{"city":"Paris"}', id: 'call_abc' }],
    });
    const completion = await client.chat.completions.create({ model: 'chat-dep', messages });
    expect(validateOpenAiSchema('CreateChatCompletionResponse', completion)).toEqual([]);
    expect(completion.choices[0]).toMatchObject({
      finish_reason: 'tool_calls',
      content_filter_results: {},
      message: {
        content: null,
        tool_calls: [
          {
            id: 'call_abc',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
        ],
      },
    });
  });

  it('carries the request id in x-request-id and apim-request-id', async () => {
    const { response } = await client.chat.completions.create({ model: 'chat-dep', messages }).withResponse();
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    expect(response.headers.get('apim-request-id')).toBe(response.headers.get('x-request-id'));
  });
});

describe('classic chat completions, streaming', () => {
  it('starts with the annotation-only chunk, annotates content chunks and ends with [DONE]', async () => {
    const stream = await client.chat.completions.create({ model: 'chat-dep', messages, stream: true });
    const [annotation, ...chunks] = await collect(stream);
    expect(annotation).toEqual({
      id: '',
      object: '',
      created: 0,
      model: '',
      prompt_filter_results: [{ prompt_index: 0, content_filter_results: SAFE_PROMPT_RESULTS }],
      choices: [],
    });
    expect(validateOpenAiSchema('CreateChatCompletionStreamResponse', annotation)).not.toEqual([]);
    expectOpenAiChunks(chunks);
    expect(chunks.map((chunk) => chunk.model)).toEqual(chunks.map(() => 'gpt-4o-2024-08-06'));
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    const role = chunks[0]!.choices[0] as unknown as Record<string, unknown>;
    expect(role).toMatchObject({ delta: { role: 'assistant' }, content_filter_results: {} });
    const content = chunks
      .slice(1, -1)
      .map((chunk) => chunk.choices[0] as unknown as Record<string, unknown>);
    expect(content.length).toBeGreaterThan(1);
    for (const choice of content) expect(choice.content_filter_results).toEqual(SAFE_OUTPUT_RESULTS);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(
      'Hello from the modelmux emulator.',
    );
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('stop');
    expect(chunks.some((chunk) => 'usage' in chunk)).toBe(false);
  });

  it('sends the raw stream with data: [DONE] last', async () => {
    const response = await fetch(
      `${emulator.origin}/openai/deployments/chat-dep/chat/completions?api-version=${API_VERSION}`,
      {
        method: 'POST',
        headers: { 'api-key': API_KEY, 'content-type': 'application/json' },
        body: JSON.stringify({ messages, stream: true }),
      },
    );
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const text = await response.text();
    expect(
      text.startsWith('data: {"id":"","object":"","created":0,"model":"","prompt_filter_results":'),
    ).toBe(true);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('honours stream_options.include_usage with a trailing usage chunk', async () => {
    const stream = await client.chat.completions.create({
      model: 'chat-dep',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const [annotation, ...chunks] = await collect(stream);
    expect(annotation).toMatchObject({ id: '', choices: [], usage: null });
    expectOpenAiChunks(chunks);
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toEqual({ prompt_tokens: 6, completion_tokens: 5, total_tokens: 11 });
    for (const chunk of chunks.slice(0, -1)) expect(chunk.usage).toBeNull();
  });

  it("lets the SDK's finalChatCompletion() join text across the empty first chunk", async () => {
    emulator.enqueue({ kind: 'text', text: 'Sunny and mild.' });
    const runner = client.chat.completions.stream({ model: 'chat-dep', messages });
    const completion = await runner.finalChatCompletion();
    expect(completion.id).toMatch(/^chatcmpl-/);
    expect(completion.model).toBe('gpt-4o-2024-08-06');
    expect(completion.choices[0]!.message.content).toBe('Sunny and mild.');
    expect(completion.choices[0]!.finish_reason).toBe('stop');
  });

  it("lets the SDK's finalChatCompletion() join tool call arguments", async () => {
    emulator.enqueue({
      kind: 'tool-calls',
      calls: [
        { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}', id: 'call_1' },
        { name: 'get_time', arguments: '{"zone":"Europe/Paris"}', id: 'call_2' },
      ],
    });
    const runner = client.chat.completions.stream({
      model: 'chat-dep',
      messages,
      stream_options: { include_usage: true },
    });
    const completion = await runner.finalChatCompletion();
    expect(completion.choices[0]!.finish_reason).toBe('tool_calls');
    expect(completion.choices[0]!.message.tool_calls).toEqual([
      {
        id: 'call_1',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
      },
      {
        id: 'call_2',
        type: 'function',
        function: { name: 'get_time', arguments: '{"zone":"Europe/Paris"}' },
      },
    ]);
    expect(completion.usage?.total_tokens).toBeGreaterThan(0);
  });
});

describe('classic routing errors', () => {
  it('answers an unknown deployment with 404 DeploymentNotFound', async () => {
    const missing = new AzureOpenAI({
      endpoint: emulator.endpoint,
      apiKey: API_KEY,
      apiVersion: API_VERSION,
      deployment: 'no-such-dep',
      maxRetries: 0,
    });
    const notFound = await rejection(missing.chat.completions.create({ model: 'x', messages }));
    expect(notFound).toBeInstanceOf(AzureOpenAI.NotFoundError);
    const apiError = notFound as InstanceType<typeof AzureOpenAI.NotFoundError>;
    expect(apiError.status).toBe(404);
    expect(apiError.code).toBe('DeploymentNotFound');
    expect(apiError.error).toEqual({
      code: 'DeploymentNotFound',
      message: expect.stringMatching(/^The API deployment for this resource does not exist\./),
    });
  });

  it('answers a deployment path without api-version with 404 and records no version', async () => {
    const response = await fetch(`${emulator.origin}/openai/deployments/chat-dep/chat/completions`, {
      method: 'POST',
      headers: { 'api-key': API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ messages }),
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: '404', message: 'Resource not found' } });
    expect(emulator.requests[0]!.apiVersion).toBeUndefined();
  });

  it('answers an api-version it does not know with 400 and records it', async () => {
    const odd = new AzureOpenAI({
      endpoint: emulator.endpoint,
      apiKey: API_KEY,
      apiVersion: 'last-tuesday',
      deployment: 'chat-dep',
      maxRetries: 0,
    });
    const error = await rejection(odd.chat.completions.create({ model: 'x', messages }));
    expect(error).toBeInstanceOf(AzureOpenAI.BadRequestError);
    expect((error as InstanceType<typeof AzureOpenAI.BadRequestError>).error).toEqual({
      code: 'BadRequest',
      message: 'API version not supported',
    });
    expect(emulator.requests[0]!.apiVersion).toBe('last-tuesday');
  });

  it('refuses chat on an embedding deployment with 400 OperationNotSupported', async () => {
    const embedClient = new AzureOpenAI({
      endpoint: emulator.endpoint,
      apiKey: API_KEY,
      apiVersion: API_VERSION,
      maxRetries: 0,
    });
    const wrong = await rejection(embedClient.chat.completions.create({ model: 'embed-dep', messages }));
    expect(wrong).toBeInstanceOf(AzureOpenAI.BadRequestError);
    expect((wrong as InstanceType<typeof AzureOpenAI.BadRequestError>).code).toBe('OperationNotSupported');
  });

  it('answers the Responses API paths it does not serve (retrieve) with 404 Resource not found', async () => {
    const error = await rejection(client.responses.retrieve('resp_123'));
    expect(error).toBeInstanceOf(AzureOpenAI.NotFoundError);
    expect(emulator.requests[0]!.path).toBe(`/openai/responses/resp_123?api-version=${API_VERSION}`);
    expect((error as InstanceType<typeof AzureOpenAI.NotFoundError>).error).toEqual({
      code: '404',
      message: 'Resource not found',
    });
  });

  it('answers a malformed chat body with an OpenAI-shaped 400 and takes no scenario', async () => {
    emulator.enqueue({ kind: 'text', text: 'kept for later' });
    const error = await rejection(client.chat.completions.create({ model: 'chat-dep', messages: [] }));
    expect(error).toBeInstanceOf(AzureOpenAI.BadRequestError);
    expect((error as InstanceType<typeof AzureOpenAI.BadRequestError>).param).toBe('messages');
    const completion = await client.chat.completions.create({ model: 'chat-dep', messages });
    expect(completion.choices[0]!.message.content).toBe('kept for later');
  });
});

describe('classic authentication', () => {
  it('rejects a wrong api-key with 401 and records the attempt as invalid', async () => {
    const wrong = new AzureOpenAI({
      endpoint: emulator.endpoint,
      apiKey: 'wrong-key',
      apiVersion: API_VERSION,
      deployment: 'chat-dep',
      maxRetries: 0,
    });
    const error = await rejection(wrong.chat.completions.create({ model: 'chat-dep', messages }));
    expect(error).toBeInstanceOf(AzureOpenAI.AuthenticationError);
    expect((error as InstanceType<typeof AzureOpenAI.AuthenticationError>).error).toEqual({
      code: '401',
      message: expect.stringMatching(
        /^Access denied due to invalid subscription key or wrong API endpoint\./,
      ),
    });
    expect(emulator.requests[0]!.authScheme).toBe('invalid');
  });

  it('rejects a request without credentials with 401', async () => {
    const response = await fetch(
      `${emulator.origin}/openai/deployments/chat-dep/chat/completions?api-version=${API_VERSION}`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ messages }) },
    );
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: {
        code: '401',
        message: expect.stringMatching(/^Access denied due to missing subscription key\./),
      },
    });
    expect(emulator.requests[0]!.authScheme).toBe('none');
  });

  it('does not take the API key as a bearer token on deployment paths', async () => {
    const response = await fetch(
      `${emulator.origin}/openai/deployments/chat-dep/chat/completions?api-version=${API_VERSION}`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ messages }),
      },
    );
    expect(response.status).toBe(401);
    expect(emulator.requests[0]!.authScheme).toBe('invalid');
  });

  it('lists the deployed models on GET /openai/models', async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toEqual(['gpt-4o-2024-08-06', 'text-embedding-3-small']);
    expect(models.data[1]).toMatchObject({ object: 'model', capabilities: { embeddings: true } });
    expect(emulator.requests[0]!.path).toBe(`/openai/models?api-version=${API_VERSION}`);
  });
});
