import OpenAI from 'openai';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { validateOpenAiSchema } from '../openapi/validate-openai-schema.js';
import {
  type OpenAICompatibleEmulator,
  startOpenAICompatibleEmulator,
} from './openai-compatible-emulator.js';

let emulator: OpenAICompatibleEmulator;
let client: OpenAI;
const input = 'Hi';

beforeAll(async () => {
  emulator = await startOpenAICompatibleEmulator();
  client = new OpenAI({ baseURL: emulator.url, apiKey: 'test', maxRetries: 0 });
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

async function post(body: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${emulator.url}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

describe('bad requests', () => {
  it('answers a request without input with 400 BadRequestError and takes no scenario', async () => {
    emulator.enqueue({ kind: 'text', text: 'kept for later' });
    const error = (await rejection(client.responses.create({ model: 'gpt-test' } as never))) as InstanceType<
      typeof OpenAI.BadRequestError
    >;
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.error).toEqual({
      message: "Missing required parameter: 'input'.",
      type: 'invalid_request_error',
      param: 'input',
      code: 'missing_required_parameter',
    });
    expect(validateOpenAiSchema('ErrorResponse', { error: error.error })).toEqual([]);
    const next = await client.responses.create({ model: 'gpt-test', input });
    expect(next.output_text).toBe('kept for later');
  });

  it.each([
    [{ input }, 'model', 'missing_required_parameter'],
    [{ model: 42, input }, 'model', 'invalid_type'],
    [{ model: 'm', input: { text: 'hi' } }, 'input', 'invalid_type'],
    [{ model: 'm', input: [{ role: 'user' }] }, 'input[0].content', 'missing_required_parameter'],
    [{ model: 'm', input: [{ role: 'bot', content: 'x' }] }, 'input[0].role', 'invalid_value'],
    [
      { model: 'm', input: [{ type: 'function_call_output', output: '1' }] },
      'input[0].call_id',
      'missing_required_parameter',
    ],
    [
      { model: 'm', input, tools: [{ type: 'function', function: { name: 'nested_like_chat' } }] },
      'tools[0].name',
      'missing_required_parameter',
    ],
    [{ model: 'm', input, max_output_tokens: 5 }, 'max_output_tokens', 'integer_below_min_value'],
  ])('answers %j with 400 naming %s (%s)', async (body, param, code) => {
    const result = await post(body);
    expect(result.status).toBe(400);
    expect(validateOpenAiSchema('ErrorResponse', result.json)).toEqual([]);
    expect(result.json).toMatchObject({ error: { type: 'invalid_request_error', param, code } });
  });

  it('answers an invalid JSON body with 400 and records it', async () => {
    const result = await post('{"model": ');
    expect(result.status).toBe(400);
    expect(validateOpenAiSchema('ErrorResponse', result.json)).toEqual([]);
    expect(emulator.requests[0]).toMatchObject({ path: '/v1/responses', body: undefined });
  });

  it('still answers the other Responses paths with 404', async () => {
    const response = await fetch(`${emulator.url}/responses/resp_123`);
    expect(response.status).toBe(404);
  });
});

describe('authentication', () => {
  it('rejects a wrong key with AuthenticationError and accepts the right one', async () => {
    const secured = await startOpenAICompatibleEmulator({ apiKey: 'sk-emulator' });
    try {
      const wrong = new OpenAI({ baseURL: secured.url, apiKey: 'sk-wrong', maxRetries: 0 });
      const error = await rejection(wrong.responses.create({ model: 'gpt-test', input }));
      expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
      expect((error as InstanceType<typeof OpenAI.AuthenticationError>).code).toBe('invalid_api_key');
      const right = new OpenAI({ baseURL: secured.url, apiKey: 'sk-emulator', maxRetries: 0 });
      expect((await right.responses.create({ model: 'gpt-test', input })).status).toBe('completed');
    } finally {
      await secured.close();
    }
  });
});

describe('error scenarios', () => {
  it('429 becomes RateLimitError with retry-after, for create and for stream', async () => {
    emulator.enqueue({ kind: 'error', status: 429 }, { kind: 'error', status: 429 });
    const error = (await rejection(client.responses.create({ model: 'gpt-test', input }))) as InstanceType<
      typeof OpenAI.RateLimitError
    >;
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.headers.get('retry-after')).toBe('1');
    expect(error.code).toBe('rate_limit_exceeded');
    expect(validateOpenAiSchema('ErrorResponse', { error: error.error })).toEqual([]);
    const streamed = await rejection(client.responses.stream({ model: 'gpt-test', input }).finalResponse());
    expect(streamed).toBeInstanceOf(OpenAI.RateLimitError);
  });

  it('sends the scenario body and headers after firstByteDelayMs', async () => {
    const body = { error: { message: 'busy', type: 'server_error', param: null, code: null } };
    emulator.enqueue({ kind: 'error', status: 503, body, headers: { 'x-test': '1' }, firstByteDelayMs: 30 });
    const started = Date.now();
    const error = (await rejection(client.responses.create({ model: 'gpt-test', input }))) as InstanceType<
      typeof OpenAI.InternalServerError
    >;
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error.status).toBe(503);
    expect(error.error).toEqual(body.error);
    expect(error.headers.get('x-test')).toBe('1');
  });

  it('malformed-json cuts the body, or breaks the stream after response.created', async () => {
    emulator.enqueue({ kind: 'malformed-json' }, { kind: 'malformed-json' });
    expect(await rejection(client.responses.create({ model: 'gpt-test', input }))).toBeInstanceOf(
      SyntaxError,
    );
    const quiet = new OpenAI({ baseURL: emulator.url, apiKey: 'test', maxRetries: 0, logLevel: 'off' });
    const events: ResponseStreamEvent[] = [];
    const error = await rejection(
      (async () => {
        for await (const event of await quiet.responses.create({ model: 'gpt-test', input, stream: true }))
          events.push(event);
      })(),
    );
    expect(error).toBeInstanceOf(SyntaxError);
    expect(events.map((event) => event.type)).toEqual(['response.created']);
    expect(validateOpenAiSchema('ResponseStreamEvent', events[0])).toEqual([]);
  });

  it('truncated-stream cuts the stream after afterChunks text deltas, so finalResponse() rejects', async () => {
    emulator.enqueue({ kind: 'truncated-stream', afterChunks: 3 });
    const runner = client.responses.stream({ model: 'gpt-test', input });
    const events: ResponseStreamEvent[] = [];
    runner.on('event', (event) => events.push(event));
    await expect(runner.finalResponse()).rejects.toThrow('terminated');
    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.delta',
    ]);
    for (const event of events) expect(validateOpenAiSchema('ResponseStreamEvent', event)).toEqual([]);
    expect(emulator.requests[0]!.closedByClient).toBe(false);
  });

  it('truncated-stream cuts a non-stream body in half', async () => {
    emulator.enqueue({ kind: 'truncated-stream' });
    await expect(client.responses.create({ model: 'gpt-test', input })).rejects.toThrow('terminated');
  });
});

describe('hang and client close', () => {
  it('never answers a hang; aborting the SDK resolves waitForClientClose', async () => {
    emulator.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const settled = rejection(
      client.responses.create({ model: 'gpt-test', input }, { signal: controller.signal }),
    );
    await vi.waitFor(() => expect(emulator.requests).toHaveLength(1), { timeout: 5_000 });
    controller.abort();
    expect(await settled).toBeInstanceOf(OpenAI.APIUserAbortError);
    await emulator.waitForClientClose(0);
    expect(emulator.requests[0]!.closedByClient).toBe(true);
  });

  it('counts an abort in the middle of a paced stream as a client close', async () => {
    emulator.enqueue({ kind: 'text', text: 'a b c d e f g h i j', chunkDelayMs: 40 });
    const runner = client.responses.stream({ model: 'gpt-test', input });
    let seen = 0;
    runner.on('event', () => {
      seen++;
      if (seen === 4) runner.abort();
    });
    expect(await rejection(runner.finalResponse())).toBeInstanceOf(OpenAI.APIUserAbortError);
    await emulator.waitForClientClose(0, 2_000);
    expect(seen).toBeLessThan(10);
  });

  it('rejects waitForClientClose for a response that was sent completely', async () => {
    await client.responses.stream({ model: 'gpt-test', input }).finalResponse();
    await expect(emulator.waitForClientClose(0)).rejects.toThrow(/before the client closed it/);
  });
});
