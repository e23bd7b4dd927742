import { AzureOpenAI } from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { emulatedEmbedding } from '../openai-compatible-emulator/emulator-embeddings.js';
import { validateOpenAiSchema } from '../openapi/validate-openai-schema.js';
import { type AzureOpenAIEmulator, startAzureOpenAIEmulator } from './azure-openai-emulator.js';

const API_KEY = 'embed-key';

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
    apiVersion: '2024-10-21',
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

describe('classic embeddings', () => {
  it('answers floats with the underlying model on the deployment path', async () => {
    const response = await client.embeddings.create({
      model: 'embed-dep',
      input: 'hello world',
      encoding_format: 'float',
      dimensions: 4,
    });
    expect(validateOpenAiSchema('CreateEmbeddingResponse', response)).toEqual([]);
    expect(response.model).toBe('text-embedding-3-small');
    expect(response.data[0]!.embedding).toEqual(Array.from(emulatedEmbedding('hello world', 4)));
    expect(response.usage).toEqual({ prompt_tokens: 2, total_tokens: 2 });
    expect(emulator.requests[0]).toMatchObject({
      path: '/openai/deployments/embed-dep/embeddings?api-version=2024-10-21',
      operation: 'embeddings',
      deployment: 'embed-dep',
      authScheme: 'api-key',
    });
  });

  it('answers base64, which the SDK decodes to the same floats', async () => {
    const response = await client.embeddings.create({ model: 'embed-dep', input: ['a', 'b'] });
    expect(emulator.requests[0]!.body).toMatchObject({ encoding_format: 'base64' });
    expect(response.data.map((item) => item.index)).toEqual([0, 1]);
    expect(response.data[0]!.embedding).toEqual(Array.from(emulatedEmbedding('a', 8)));
    expect(response.data[1]!.embedding).toEqual(Array.from(emulatedEmbedding('b', 8)));
  });

  it("accepts Azure's input_type and sends base64 on the wire", async () => {
    const response = await fetch(
      `${emulator.origin}/openai/deployments/embed-dep/embeddings?api-version=2024-10-21`,
      {
        method: 'POST',
        headers: { 'api-key': API_KEY, 'content-type': 'application/json' },
        body: JSON.stringify({ input: 'query text', input_type: 'query', encoding_format: 'base64' }),
      },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { model: string; data: Array<{ embedding: unknown }> };
    expect(body.model).toBe('text-embedding-3-small');
    const bytes = Buffer.from(body.data[0]!.embedding as string, 'base64');
    const decoded = Array.from({ length: bytes.length / 4 }, (_, index) => bytes.readFloatLE(index * 4));
    expect(decoded).toEqual(Array.from(emulatedEmbedding('query text', 8)));
  });

  it('refuses embeddings on a chat deployment with 400 OperationNotSupported', async () => {
    const error = await rejection(client.embeddings.create({ model: 'chat-dep', input: 'x' }));
    expect(error).toBeInstanceOf(AzureOpenAI.BadRequestError);
    expect((error as InstanceType<typeof AzureOpenAI.BadRequestError>).error).toEqual({
      code: 'OperationNotSupported',
      message: expect.stringMatching(
        /^The embeddings operation does not work with the specified model, gpt-4o-2024-08-06\./,
      ),
    });
  });

  it('answers an unknown embedding deployment with 404 DeploymentNotFound', async () => {
    const error = await rejection(client.embeddings.create({ model: 'missing-embed', input: 'x' }));
    expect(error).toBeInstanceOf(AzureOpenAI.NotFoundError);
    expect((error as InstanceType<typeof AzureOpenAI.NotFoundError>).code).toBe('DeploymentNotFound');
  });

  it('takes a queued rate-limited scenario and names Embeddings_Create', async () => {
    emulator.enqueue({ kind: 'rate-limited', retryAfterSeconds: 7 });
    const error = await rejection(client.embeddings.create({ model: 'embed-dep', input: 'x' }));
    expect(error).toBeInstanceOf(AzureOpenAI.RateLimitError);
    const rateLimit = error as InstanceType<typeof AzureOpenAI.RateLimitError>;
    expect(rateLimit.headers.get('retry-after')).toBe('7');
    expect(rateLimit.message).toMatch(
      /Requests to the Embeddings_Create Operation under Azure OpenAI API version 2024-10-21/,
    );
  });

  it('leaves a queued completion scenario to the next chat request', async () => {
    emulator.enqueue({ kind: 'text', text: 'for chat' });
    const embedding = await client.embeddings.create({ model: 'embed-dep', input: 'x' });
    expect(embedding.data).toHaveLength(1);
    const completion = await client.chat.completions.create({
      model: 'chat-dep',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(completion.choices[0]!.message.content).toBe('for chat');
  });
});
