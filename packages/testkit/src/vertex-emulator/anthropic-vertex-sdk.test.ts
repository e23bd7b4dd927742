import { APIError, OverloadedError, PermissionDeniedError, RateLimitError } from '@anthropic-ai/sdk';
import { AnthropicVertex } from '@anthropic-ai/vertex-sdk';
import { OAuth2Client } from 'google-auth-library';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startVertexEmulator, type VertexEmulator } from './vertex-emulator.js';
import type { VertexAnthropicMessage } from './vertex-emulator-scenario.js';

const ACCESS_TOKEN = 'anthropic-vertex-test-token';
const MODEL = 'claude-sonnet-4-5@20250929';
const messages = [{ role: 'user' as const, content: 'What is the weather in Paris and Rome?' }];

let emulator: VertexEmulator;
let client: AnthropicVertex;

beforeAll(async () => {
  vi.stubEnv('METADATA_SERVER_DETECTION', 'none');
  emulator = await startVertexEmulator({ accessToken: ACCESS_TOKEN });
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: ACCESS_TOKEN, expiry_date: Date.now() + 3_600_000 });
  client = new AnthropicVertex({
    baseURL: `${emulator.url}/v1`,
    region: 'us-east5',
    projectId: 'my-proj',
    authClient,
    maxRetries: 0,
  });
});

afterEach(() => emulator.reset());

afterAll(async () => {
  await emulator.close();
  vi.unstubAllEnvs();
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

const toolMessage: VertexAnthropicMessage = {
  id: 'msg_vrtx_01tools',
  content: [
    { type: 'text', text: 'Let me check both cities at once.' },
    { type: 'tool_use', id: 'toolu_paris', name: 'get_weather', input: { city: 'Paris', units: 'celsius' } },
    {
      type: 'tool_use',
      id: 'toolu_rome',
      name: 'get_weather',
      input: { city: 'Rome', days: [1, 2], note: 'a "q"' },
    },
  ],
  stop_reason: 'tool_use',
  stop_sequence: null,
  usage: {
    input_tokens: 31,
    output_tokens: 57,
    cache_creation_input_tokens: 12,
    cache_read_input_tokens: 100,
  },
};

const thinkingMessage: VertexAnthropicMessage = {
  content: [
    {
      type: 'thinking',
      thinking: 'The user greets me. A short reply will do.',
      signature: 'EqQBCkYIARgCKkD+sig==',
    },
    { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP' },
    { type: 'text', text: 'Hello! How can I help?' },
  ],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 10, output_tokens: 42 },
};

describe('AnthropicVertex against the emulator: requests', () => {
  it('sends POST …/publishers/anthropic/models/{model}:rawPredict with anthropic_version and no model', async () => {
    await client.messages.create({
      model: MODEL,
      max_tokens: 256,
      messages,
      system: 'Be terse.',
      stop_sequences: ['END'],
    });
    expect(emulator.requests).toHaveLength(1);
    const [request] = emulator.requests;
    expect(request).toMatchObject({
      method: 'POST',
      path: `/v1/projects/my-proj/locations/us-east5/publishers/anthropic/models/${MODEL}:rawPredict`,
      publisher: 'anthropic',
      modelId: MODEL,
    });
    expect(request!.headers).toMatchObject({
      authorization: `Bearer ${ACCESS_TOKEN}`,
      'content-type': 'application/json',
    });
    expect(request!.headers['x-api-key']).toBeUndefined();
    expect(request!.headers['anthropic-version']).toBeUndefined();
    expect(request!.body).toEqual({
      max_tokens: 256,
      messages,
      system: 'Be terse.',
      stop_sequences: ['END'],
      anthropic_version: '2026-10-21',
    });
  });

  it('streams through :streamRawPredict and keeps "stream": true in the body', async () => {
    await client.messages.stream({ model: MODEL, max_tokens: 64, messages }).finalMessage();
    const [request] = emulator.requests;
    expect(request!.path).toBe(
      `/v1/projects/my-proj/locations/us-east5/publishers/anthropic/models/${MODEL}:streamRawPredict`,
    );
    expect(request!.headers['x-stainless-helper-method']).toBe('stream');
    expect(request!.body).toEqual({
      max_tokens: 64,
      messages,
      stream: true,
      anthropic_version: '2026-10-21',
    });
  });

  it('sends anthropic-beta as a header and region global as locations/global', async () => {
    const globalClient = client.withOptions({ region: 'global' });
    await globalClient.beta.messages.create({
      model: MODEL,
      max_tokens: 16,
      messages,
      betas: ['context-1m-2025-08-07'],
    });
    const [request] = emulator.requests;
    expect(request!.path).toBe(
      `/v1/projects/my-proj/locations/global/publishers/anthropic/models/${MODEL}:rawPredict`,
    );
    expect(request!.headers['anthropic-beta']).toBe('context-1m-2025-08-07');
    expect(request!.body).not.toHaveProperty('model');
  });

  it('counts tokens through count-tokens:rawPredict, which keeps model in the body', async () => {
    const counted = await client.messages.countTokens({ model: MODEL, messages });
    expect(counted.input_tokens).toBe(8);
    const [request] = emulator.requests;
    expect(request!.path).toBe(
      '/v1/projects/my-proj/locations/us-east5/publishers/anthropic/models/count-tokens:rawPredict',
    );
    expect(request!.body).toMatchObject({ model: MODEL, messages });
  });
});

describe('AnthropicVertex against the emulator: replies', () => {
  it('parses the default reply, with the request id from the request-id header', async () => {
    const message = await client.messages.create({ model: MODEL, max_tokens: 64, messages });
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5-20250929',
      content: [{ type: 'text', text: 'Hello from the Vertex emulator.' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 8, output_tokens: 5 },
    });
    expect(message.id).toMatch(/^msg_vrtx_/);
    expect(message._request_id).toMatch(/^req_vrtx_/);
  });

  it('returns text, parallel tool_use blocks and cache usage exactly as sent', async () => {
    emulator.enqueue({ kind: 'anthropic-message', message: toolMessage });
    const message = await client.messages.create({ model: MODEL, max_tokens: 256, messages });
    expect(message.id).toBe('msg_vrtx_01tools');
    expect(message.content).toEqual(toolMessage.content);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage).toEqual(toolMessage.usage);
  });

  it('returns thinking with its signature and redacted_thinking exactly as sent', async () => {
    emulator.enqueue({ kind: 'anthropic-message', message: thinkingMessage });
    const message = await client.messages.create({ model: MODEL, max_tokens: 2048, messages });
    expect(message.content).toEqual(thinkingMessage.content);
    expect(message.usage).toEqual(thinkingMessage.usage);
  });

  it('stream finalMessage() joins text and both tool inputs, and takes the cumulative usage', async () => {
    emulator.enqueue({ kind: 'anthropic-message', message: toolMessage });
    const stream = client.messages.stream({ model: MODEL, max_tokens: 256, messages });
    const events: string[] = [];
    const inputFragments: string[] = [];
    stream.on('streamEvent', (event) => {
      events.push(event.type);
      if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta')
        inputFragments.push(event.delta.partial_json);
    });
    const message = await stream.finalMessage();
    expect(message.id).toBe('msg_vrtx_01tools');
    expect(message.content).toEqual(toolMessage.content);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.stop_sequence).toBeNull();
    expect(message.usage).toEqual(toolMessage.usage);
    expect(events[0]).toBe('message_start');
    expect(events.at(-1)).toBe('message_stop');
    expect(events.at(-2)).toBe('message_delta');
    expect(events.filter((type) => type === 'content_block_start')).toHaveLength(3);
    expect(inputFragments).toHaveLength(6);
  });

  it('stream finalMessage() joins thinking and keeps the signature and redacted_thinking', async () => {
    emulator.enqueue({ kind: 'anthropic-message', message: thinkingMessage, chunkDelayMs: 1 });
    const stream = client.messages.stream({ model: MODEL, max_tokens: 2048, messages });
    const thinking: string[] = [];
    const signatures: string[] = [];
    stream.on('thinking', (delta) => thinking.push(delta));
    stream.on('signature', (signature) => signatures.push(signature));
    const message = await stream.finalMessage();
    expect(message.content).toEqual(thinkingMessage.content);
    expect(thinking.length).toBeGreaterThan(1);
    expect(signatures).toEqual(['EqQBCkYIARgCKkD+sig==']);
    expect(await stream.finalText()).toBe('Hello! How can I help?');
  });

  it('turns a mid-stream event: error into APIError after the events before it', async () => {
    emulator.enqueue({
      kind: 'anthropic-stream-error',
      afterEvents: 4,
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
    const stream = client.messages.stream({ model: MODEL, max_tokens: 64, messages });
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const error = await rejection(stream.finalMessage());
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).error).toEqual({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
    expect((error as APIError).type).toBe('overloaded_error');
    expect(texts).toEqual(['Hello ']);
  });

  it('makes a stream cut without message_stop fail', async () => {
    emulator.enqueue({ kind: 'truncated-stream' });
    const error = await rejection(
      client.messages.stream({ model: MODEL, max_tokens: 64, messages }).finalMessage(),
    );
    expect(error).toBeInstanceOf(Error);
  });
});

describe('AnthropicVertex against the emulator: errors', () => {
  it('429 becomes RateLimitError with retry-after: 2, a Google-shaped body and the request id', async () => {
    emulator.enqueue({ kind: 'error', status: 429 });
    const error = await rejection(client.messages.create({ model: MODEL, max_tokens: 64, messages }));
    expect(error).toBeInstanceOf(RateLimitError);
    const rateLimit = error as RateLimitError;
    expect(rateLimit.status).toBe(429);
    expect(rateLimit.headers?.get('retry-after')).toBe('2');
    expect(rateLimit.requestID).toMatch(/^req_vrtx_/);
    expect(rateLimit.error).toMatchObject({ error: { code: 429, status: 'RESOURCE_EXHAUSTED' } });
  });

  it('529 with an Anthropic-shaped overloaded_error body becomes OverloadedError', async () => {
    const body = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } };
    emulator.enqueue({ kind: 'error', status: 529, body });
    const error = await rejection(client.messages.create({ model: MODEL, max_tokens: 64, messages }));
    expect(error).toBeInstanceOf(OverloadedError);
    expect((error as OverloadedError).status).toBe(529);
    expect((error as OverloadedError).type).toBe('overloaded_error');
    expect((error as OverloadedError).error).toEqual(body);
  });

  it('anthropic-stream-error on a non-stream request is an HTTP error with the status of its type', async () => {
    emulator.enqueue({
      kind: 'anthropic-stream-error',
      error: { type: 'overloaded_error', message: 'Busy' },
    });
    const error = await rejection(client.messages.create({ model: MODEL, max_tokens: 64, messages }));
    expect(error).toBeInstanceOf(OverloadedError);
    expect((error as OverloadedError).error).toMatchObject({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Busy' },
      request_id: (error as OverloadedError).requestID,
    });
  });

  it('a Google-shaped 403 becomes PermissionDeniedError, also for streams', async () => {
    emulator.enqueue({ kind: 'error', status: 403 }, { kind: 'error', status: 403 });
    const plain = await rejection(client.messages.create({ model: MODEL, max_tokens: 64, messages }));
    expect(plain).toBeInstanceOf(PermissionDeniedError);
    expect((plain as PermissionDeniedError).error).toMatchObject({
      error: { code: 403, status: 'PERMISSION_DENIED' },
    });
    const streamed = await rejection(
      client.messages.stream({ model: MODEL, max_tokens: 64, messages }).finalMessage(),
    );
    expect(streamed).toBeInstanceOf(PermissionDeniedError);
  });

  it('retries a 529 that sends retry-after-ms, and the retry takes the next scenario', async () => {
    emulator.enqueue({ kind: 'error', status: 529, headers: { 'retry-after-ms': '5' } });
    const retrying = client.withOptions({ maxRetries: 1 });
    const message = await retrying.messages.create({ model: MODEL, max_tokens: 64, messages });
    expect(message.content).toEqual([{ type: 'text', text: 'Hello from the Vertex emulator.' }]);
    expect(emulator.requests.map((request) => request.headers['x-stainless-retry-count'])).toEqual([
      '0',
      '1',
    ]);
  });

  it('lets an aborted request show up as closed by the client', async () => {
    emulator.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const pending = rejection(
      client.messages.create({ model: MODEL, max_tokens: 64, messages }, { signal: controller.signal }),
    );
    await vi.waitFor(() => expect(emulator.requests).toHaveLength(1), { timeout: 5_000 });
    controller.abort();
    await emulator.waitForClientClose(0);
    expect(emulator.requests[0]!.closedByClient).toBe(true);
    expect((await pending) as Error).toBeInstanceOf(Error);
  });
});
