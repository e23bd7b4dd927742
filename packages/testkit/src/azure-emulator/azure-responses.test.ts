import OpenAI, { AzureOpenAI } from 'openai';
import type { ResponseStream } from 'openai/lib/responses/ResponseStream';
import type { Response, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { validateOpenAiSchema } from '../openapi/validate-openai-schema.js';
import { type AzureOpenAIEmulator, startAzureOpenAIEmulator } from './azure-openai-emulator.js';

const API_KEY = 'responses-key';
const API_VERSION = '2025-04-01-preview';
const ENTRA_TOKEN = 'static-entra-token';
const input = 'What is the weather in Paris?';

let emulator: AzureOpenAIEmulator;
let classic: AzureOpenAI;
let v1ApiKey: OpenAI;
let v1Bearer: OpenAI;

beforeAll(async () => {
  emulator = await startAzureOpenAIEmulator({
    apiKey: API_KEY,
    deployments: { 'chat-dep': 'gpt-4o-2024-08-06', 'embed-dep': 'text-embedding-3-small' },
    entraTokens: [ENTRA_TOKEN],
  });
  classic = new AzureOpenAI({
    endpoint: emulator.endpoint,
    apiKey: API_KEY,
    apiVersion: API_VERSION,
    maxRetries: 0,
  });
  v1ApiKey = new OpenAI({
    baseURL: `${emulator.v1BaseUrl}/`,
    apiKey: 'unused',
    defaultHeaders: { 'api-key': API_KEY, authorization: null },
    maxRetries: 0,
  });
  v1Bearer = new OpenAI({ baseURL: `${emulator.v1BaseUrl}/`, apiKey: API_KEY, maxRetries: 0 });
});

afterEach(() => emulator.reset());

afterAll(() => emulator.close());

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

function expectValidResponse(response: Response): void {
  expect(validateOpenAiSchema('Response', response)).toEqual([]);
}

/** Collects a `responses.stream()` run, checking each event's schema and `sequence_number`. */
async function collect(
  runner: ResponseStream<unknown>,
): Promise<{ events: ResponseStreamEvent[]; final: Response }> {
  const events: ResponseStreamEvent[] = [];
  runner.on('event', (event) => events.push(event));
  const final = await runner.finalResponse();
  events.forEach((event, index) => {
    expect(event.sequence_number).toBe(index);
    expect(validateOpenAiSchema('ResponseStreamEvent', event)).toEqual([]);
  });
  return { events, final };
}

describe('classic POST /openai/responses?api-version=…', () => {
  it('answers AzureOpenAI.responses.create with the deployment model and records the request', async () => {
    const response = await classic.responses.create({ model: 'chat-dep', input });
    expectValidResponse(response);
    expect(response).toMatchObject({ object: 'response', status: 'completed', model: 'gpt-4o-2024-08-06' });
    expect(response.output_text).toBe('Hello from the modelmux emulator.');
    expect(response.usage).toMatchObject({ input_tokens: 6, output_tokens: 5, total_tokens: 11 });
    expect(emulator.requests[0]).toMatchObject({
      method: 'POST',
      path: `/openai/responses?api-version=${API_VERSION}`,
      style: 'classic',
      operation: 'responses',
      deployment: 'chat-dep',
      apiVersion: API_VERSION,
      authScheme: 'api-key',
    });
    expect(emulator.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('is where AzureOpenAI sends responses even with its deployment option: the body names the deployment', async () => {
    const withDeployment = new AzureOpenAI({
      endpoint: emulator.endpoint,
      apiKey: API_KEY,
      apiVersion: API_VERSION,
      deployment: 'chat-dep',
      maxRetries: 0,
    });
    const response = await withDeployment.responses.create({ model: 'chat-dep', input });
    expectValidResponse(response);
    expect(emulator.requests[0]).toMatchObject({
      path: `/openai/responses?api-version=${API_VERSION}`,
      deployment: 'chat-dep',
    });
  });

  it('streams events that responses.stream().finalResponse() accepts', async () => {
    emulator.enqueue({ kind: 'text', text: 'Hello there.' });
    const { events, final } = await collect(classic.responses.stream({ model: 'chat-dep', input }));
    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(final.output_text).toBe('Hello there.');
    expect(final.model).toBe('gpt-4o-2024-08-06');
    expectValidResponse(final);
  });

  it('answers tool calls with function_call items', async () => {
    emulator.enqueue({ kind: 'tool-calls', calls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }] });
    const response = await classic.responses.create({
      model: 'chat-dep',
      input,
      tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object' }, strict: false }],
    });
    expectValidResponse(response);
    expect(response.output).toMatchObject([
      {
        type: 'function_call',
        call_id: 'call_emulator_0',
        name: 'get_weather',
        arguments: '{"city":"Paris"}',
      },
    ]);
    expect(response.tools).toEqual([
      {
        type: 'function',
        name: 'get_weather',
        description: null,
        parameters: { type: 'object' },
        strict: false,
      },
    ]);
  });

  it('accepts an Entra ID bearer token', async () => {
    const entra = new AzureOpenAI({
      endpoint: emulator.endpoint,
      azureADTokenProvider: async () => ENTRA_TOKEN,
      apiVersion: API_VERSION,
      maxRetries: 0,
    });
    const response = await entra.responses.create({ model: 'chat-dep', input });
    expect(response.status).toBe('completed');
    expect(emulator.requests[0]!.authScheme).toBe('entra-id');
  });

  it('needs an api-version: 404 Resource not found without one', async () => {
    const response = await fetch(`${emulator.origin}/openai/responses`, {
      method: 'POST',
      headers: { 'api-key': API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'chat-dep', input }),
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: '404', message: 'Resource not found' } });
  });
});

describe('v1 POST /openai/v1/responses', () => {
  it('accepts the api-key header and takes the body model as the deployment', async () => {
    const response = await v1ApiKey.responses.create({ model: 'chat-dep', input });
    expectValidResponse(response);
    expect(response.model).toBe('gpt-4o-2024-08-06');
    expect(emulator.requests[0]).toMatchObject({
      path: '/openai/v1/responses',
      style: 'v1',
      operation: 'responses',
      deployment: 'chat-dep',
      authScheme: 'api-key',
    });
    expect(emulator.requests[0]!.apiVersion).toBeUndefined();
    expect(emulator.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('accepts the API key as a bearer token and streams', async () => {
    const { events, final } = await collect(v1Bearer.responses.stream({ model: 'chat-dep', input }));
    expect(events[0]!.type).toBe('response.created');
    expect(events.at(-1)!.type).toBe('response.completed');
    expect(final.output_text).toBe('Hello from the modelmux emulator.');
    expect(emulator.requests[0]!.authScheme).toBe('bearer-api-key');
  });
});

describe('errors', () => {
  it('rejects a wrong key with 401 on both styles', async () => {
    const wrongClassic = new AzureOpenAI({
      endpoint: emulator.endpoint,
      apiKey: 'wrong',
      apiVersion: API_VERSION,
      maxRetries: 0,
    });
    const classicError = await rejection(wrongClassic.responses.create({ model: 'chat-dep', input }));
    expect(classicError).toBeInstanceOf(AzureOpenAI.AuthenticationError);
    expect((classicError as InstanceType<typeof AzureOpenAI.AuthenticationError>).error).toMatchObject({
      code: '401',
    });
    const wrongV1 = new OpenAI({ baseURL: `${emulator.v1BaseUrl}/`, apiKey: 'wrong', maxRetries: 0 });
    expect(await rejection(wrongV1.responses.create({ model: 'chat-dep', input }))).toBeInstanceOf(
      OpenAI.AuthenticationError,
    );
    expect(emulator.requests.map((request) => request.authScheme)).toEqual(['invalid', 'invalid']);
  });

  it('answers an unknown deployment with 404 DeploymentNotFound on both styles', async () => {
    for (const client of [classic, v1ApiKey]) {
      const error = (await rejection(client.responses.create({ model: 'nope', input }))) as InstanceType<
        typeof OpenAI.NotFoundError
      >;
      expect(error).toBeInstanceOf(OpenAI.NotFoundError);
      expect(error.code).toBe('DeploymentNotFound');
    }
    expect(emulator.requests.map((request) => request.deployment)).toEqual(['nope', 'nope']);
  });

  it('refuses responses on an embedding deployment with 400 OperationNotSupported', async () => {
    const error = (await rejection(v1ApiKey.responses.create({ model: 'embed-dep', input }))) as InstanceType<
      typeof OpenAI.BadRequestError
    >;
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.code).toBe('OperationNotSupported');
    expect(error.message).toContain('The responses operation does not work');
  });

  it('answers a request without input with an OpenAI-shaped 400 and takes no scenario', async () => {
    emulator.enqueue({ kind: 'text', text: 'kept for later' });
    const error = (await rejection(classic.responses.create({ model: 'chat-dep' } as never))) as InstanceType<
      typeof OpenAI.BadRequestError
    >;
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.param).toBe('input');
    expect(validateOpenAiSchema('ErrorResponse', { error: error.error })).toEqual([]);
    const next = await classic.responses.create({ model: 'chat-dep', input });
    expect(next.output_text).toBe('kept for later');
  });

  it('turns an error scenario with 429 into RateLimitError', async () => {
    emulator.enqueue({ kind: 'error', status: 429 });
    const error = (await rejection(v1ApiKey.responses.create({ model: 'chat-dep', input }))) as InstanceType<
      typeof OpenAI.RateLimitError
    >;
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.headers.get('retry-after')).toBe('1');
  });

  it("sends Azure's own 429 for rate-limited, naming Responses_Create and the API version", async () => {
    emulator.enqueue({ kind: 'rate-limited', retryAfterSeconds: 2 });
    const error = (await rejection(classic.responses.create({ model: 'chat-dep', input }))) as InstanceType<
      typeof OpenAI.RateLimitError
    >;
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.code).toBe('429');
    expect(error.message).toContain(
      `Requests to the Responses_Create Operation under Azure OpenAI API version ${API_VERSION}`,
    );
    expect(error.headers.get('retry-after')).toBe('2');
    expect(error.headers.get('retry-after-ms')).toBe('2000');
  });

  it("sends Azure's 400 content_filter for a filtered prompt", async () => {
    emulator.enqueue({ kind: 'content-filter-prompt', category: 'violence' });
    const error = (await rejection(v1ApiKey.responses.create({ model: 'chat-dep', input }))) as InstanceType<
      typeof OpenAI.BadRequestError
    >;
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.code).toBe('content_filter');
    expect(error.param).toBe('prompt');
  });

  it('ends a filtered output as incomplete with content_filter, streamed or not', async () => {
    emulator.enqueue(
      { kind: 'content-filter-output' },
      { kind: 'content-filter-output', text: 'Partial text' },
    );
    const response = await v1ApiKey.responses.create({ model: 'chat-dep', input });
    expectValidResponse(response);
    expect(response).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'content_filter' },
    });
    expect(response.output_text).toBe('Here is the start of');
    const { events, final } = await collect(v1ApiKey.responses.stream({ model: 'chat-dep', input }));
    expect(events.at(-1)!.type).toBe('response.incomplete');
    expect(final).toMatchObject({ status: 'incomplete', output_text: 'Partial text' });
  });
});

describe('scenario queue and client close', () => {
  it('shares the queue with chat completions', async () => {
    emulator.enqueue({ kind: 'text', text: 'for responses' }, { kind: 'text', text: 'for chat' });
    const response = await v1ApiKey.responses.create({ model: 'chat-dep', input });
    const chat = await v1ApiKey.chat.completions.create({
      model: 'chat-dep',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(response.output_text).toBe('for responses');
    expect(chat.choices[0]!.message.content).toBe('for chat');
  });

  it('never answers a hang; aborting the SDK resolves waitForClientClose', async () => {
    emulator.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const settled = rejection(
      classic.responses.create({ model: 'chat-dep', input, stream: true }, { signal: controller.signal }),
    );
    await vi.waitFor(() => expect(emulator.requests).toHaveLength(1), { timeout: 5_000 });
    controller.abort();
    expect(await settled).toBeInstanceOf(OpenAI.APIUserAbortError);
    await emulator.waitForClientClose(0);
    expect(emulator.requests[0]!.closedByClient).toBe(true);
  });
});
