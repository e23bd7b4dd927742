import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { validateOpenAiSchema } from '../openapi/validate-openai-schema.js';
import { type AzureOpenAIEmulator, startAzureOpenAIEmulator } from './azure-openai-emulator.js';

const API_KEY = 'v1-key';
const messages = [{ role: 'user' as const, content: 'Say hello' }];

let emulator: AzureOpenAIEmulator;
let bearerClient: OpenAI;
let apiKeyClient: OpenAI;

beforeAll(async () => {
  emulator = await startAzureOpenAIEmulator({ apiKey: API_KEY });
  bearerClient = new OpenAI({ baseURL: `${emulator.v1BaseUrl}/`, apiKey: API_KEY, maxRetries: 0 });
  apiKeyClient = new OpenAI({
    baseURL: `${emulator.v1BaseUrl}/`,
    apiKey: 'unused',
    defaultHeaders: { 'api-key': API_KEY, authorization: null },
    maxRetries: 0,
  });
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

describe('v1 chat completions', () => {
  it('accepts the API key as a bearer token and takes the body model as the deployment', async () => {
    const completion = await bearerClient.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(validateOpenAiSchema('CreateChatCompletionResponse', completion)).toEqual([]);
    expect(completion.model).toBe('gpt-4o-mini-2024-07-18');
    expect(completion).toHaveProperty('prompt_filter_results');
    expect(emulator.requests[0]).toMatchObject({
      path: '/openai/v1/chat/completions',
      style: 'v1',
      operation: 'chat.completions',
      deployment: 'gpt-4o-mini',
      authScheme: 'bearer-api-key',
    });
    expect(emulator.requests[0]!.apiVersion).toBeUndefined();
    expect(emulator.requests[0]!.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it('accepts the api-key header when the authorization header is removed', async () => {
    const completion = await apiKeyClient.chat.completions.create({ model: 'gpt-4o', messages });
    expect(completion.model).toBe('gpt-4o-2024-08-06');
    expect(emulator.requests[0]!.authScheme).toBe('api-key');
    expect(emulator.requests[0]!.headers.authorization).toBeUndefined();
    expect(emulator.requests[0]!.headers['api-key']).toBe(API_KEY);
  });

  it('streams with the annotation chunk first, and the SDK joins the completion', async () => {
    emulator.enqueue({ kind: 'text', text: 'Hello there.' });
    const runner = bearerClient.chat.completions.stream({ model: 'gpt-4o', messages });
    const chunks: unknown[] = [];
    runner.on('chunk', (chunk) => chunks.push(chunk));
    const completion = await runner.finalChatCompletion();
    expect(completion.choices[0]!.message.content).toBe('Hello there.');
    expect(chunks[0]).toMatchObject({ id: '', object: '', choices: [] });
    for (const chunk of chunks.slice(1))
      expect(validateOpenAiSchema('CreateChatCompletionStreamResponse', chunk)).toEqual([]);
  });

  it('records ?api-version=preview when a client asks for preview features', async () => {
    await bearerClient.chat.completions.create(
      { model: 'gpt-4o', messages },
      { query: { 'api-version': 'preview' } },
    );
    expect(emulator.requests[0]).toMatchObject({
      path: '/openai/v1/chat/completions?api-version=preview',
      apiVersion: 'preview',
    });
  });

  it('answers an unknown deployment in the body with 404 DeploymentNotFound', async () => {
    const error = await rejection(bearerClient.chat.completions.create({ model: 'gpt-5-nowhere', messages }));
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('DeploymentNotFound');
  });

  it('rejects a wrong bearer key and a wrong api-key with 401', async () => {
    const wrongBearer = new OpenAI({ baseURL: `${emulator.v1BaseUrl}/`, apiKey: 'nope', maxRetries: 0 });
    const bearerError = await rejection(wrongBearer.chat.completions.create({ model: 'gpt-4o', messages }));
    expect(bearerError).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((bearerError as InstanceType<typeof OpenAI.AuthenticationError>).error).toMatchObject({
      code: '401',
    });

    const wrongKey = new OpenAI({
      baseURL: `${emulator.v1BaseUrl}/`,
      apiKey: 'unused',
      defaultHeaders: { 'api-key': 'nope', authorization: null },
      maxRetries: 0,
    });
    const keyError = await rejection(wrongKey.chat.completions.create({ model: 'gpt-4o', messages }));
    expect(keyError).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((keyError as InstanceType<typeof OpenAI.AuthenticationError>).message).toMatch(
      /invalid subscription key/,
    );
    expect(emulator.requests.map((request) => request.authScheme)).toEqual(['invalid', 'invalid']);
  });
});

describe('v1 embeddings and models', () => {
  it('answers embeddings with the underlying model; the SDK decodes its default base64', async () => {
    const response = await bearerClient.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['first', 'second'],
    });
    expect(emulator.requests[0]!.body).toMatchObject({ encoding_format: 'base64' });
    expect(response.model).toBe('text-embedding-3-small');
    expect(response.data).toHaveLength(2);
    expect(response.data[0]!.embedding).toHaveLength(8);
    expect(response.data[0]!.embedding).not.toEqual(response.data[1]!.embedding);
  });

  it('lists the deployed models on GET /openai/v1/models', async () => {
    const page = await apiKeyClient.models.list();
    expect(page.data.map((model) => model.id)).toEqual([
      'gpt-4o-2024-08-06',
      'gpt-4o-mini-2024-07-18',
      'text-embedding-3-small',
    ]);
    expect(page.data[0]).toMatchObject({
      object: 'model',
      status: 'succeeded',
      capabilities: { chat_completion: true, embeddings: false },
    });
    expect(emulator.requests[0]).toMatchObject({ method: 'GET', style: 'v1', operation: 'models' });
  });

  it('answers the v1 Responses paths it does not serve (retrieve) with 404 Resource not found', async () => {
    const error = await rejection(bearerClient.responses.retrieve('resp_123'));
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(emulator.requests[0]!.path).toBe('/openai/v1/responses/resp_123');
  });
});
