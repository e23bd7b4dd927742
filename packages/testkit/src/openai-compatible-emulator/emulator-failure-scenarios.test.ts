import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { assertOpenAiSchema } from '../openapi/validate-openai-schema.js';
import {
  type OpenAICompatibleEmulator,
  startOpenAICompatibleEmulator,
} from './openai-compatible-emulator.js';

let emulator: OpenAICompatibleEmulator;
let client: OpenAI;
const messages = [{ role: 'user' as const, content: 'Hi' }];

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

describe('error scenarios', () => {
  it('429 becomes OpenAI.RateLimitError with retry-after: 1 and an ErrorResponse body', async () => {
    emulator.enqueue({ kind: 'error', status: 429 });
    const error = await rejection(client.chat.completions.create({ model: 'gpt-test', messages }));
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const rateLimit = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(rateLimit.status).toBe(429);
    expect(rateLimit.headers.get('retry-after')).toBe('1');
    expect(rateLimit.headers.get('x-request-id')).toMatch(/^req_/);
    expect(rateLimit.requestID).toBe(rateLimit.headers.get('x-request-id'));
    assertOpenAiSchema('ErrorResponse', { error: rateLimit.error });
    expect(rateLimit.code).toBe('rate_limit_exceeded');
  });

  it('429 with explicit headers sends those instead of the default retry-after', async () => {
    emulator.enqueue({ kind: 'error', status: 429, headers: { 'retry-after-ms': '250' } });
    const error = (await rejection(
      client.chat.completions.create({ model: 'gpt-test', messages }),
    )) as InstanceType<typeof OpenAI.RateLimitError>;
    expect(error.headers.get('retry-after-ms')).toBe('250');
    expect(error.headers.get('retry-after')).toBeNull();
  });

  it('500 becomes OpenAI.InternalServerError, also for stream requests', async () => {
    emulator.enqueue({ kind: 'error', status: 500 }, { kind: 'error', status: 503 });
    const plain = await rejection(client.chat.completions.create({ model: 'gpt-test', messages }));
    expect(plain).toBeInstanceOf(OpenAI.InternalServerError);
    expect((plain as InstanceType<typeof OpenAI.InternalServerError>).status).toBe(500);
    const streamed = await rejection(
      client.chat.completions.create({ model: 'gpt-test', messages, stream: true }),
    );
    expect(streamed).toBeInstanceOf(OpenAI.InternalServerError);
    expect((streamed as InstanceType<typeof OpenAI.InternalServerError>).status).toBe(503);
  });

  it('sends a custom error body as given', async () => {
    const body = {
      error: {
        message: 'context too long',
        type: 'invalid_request_error',
        param: 'messages',
        code: 'context_length_exceeded',
      },
    };
    emulator.enqueue({ kind: 'error', status: 400, body });
    const error = (await rejection(
      client.chat.completions.create({ model: 'gpt-test', messages }),
    )) as InstanceType<typeof OpenAI.BadRequestError>;
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.error).toEqual(body.error);
    expect(error.param).toBe('messages');
  });

  it('sends a string body as is, with the given headers', async () => {
    emulator.enqueue({
      kind: 'error',
      status: 502,
      body: '<html>Bad gateway</html>',
      headers: { 'content-type': 'text/html' },
    });
    const response = await fetch(`${emulator.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-test', messages }),
    });
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    expect(await response.text()).toBe('<html>Bad gateway</html>');
  });

  it('answers after firstByteDelayMs', async () => {
    emulator.enqueue(
      { kind: 'error', status: 429, firstByteDelayMs: 20 },
      { kind: 'text', text: 'late', firstByteDelayMs: 20 },
    );
    await expect(client.chat.completions.create({ model: 'gpt-test', messages })).rejects.toBeInstanceOf(
      OpenAI.RateLimitError,
    );
    const completion = await client.chat.completions.create({ model: 'gpt-test', messages });
    expect(completion.choices[0]!.message.content).toBe('late');
  });

  it.each([400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503])(
    'the default body for %i is an ErrorResponse',
    async (status) => {
      emulator.enqueue({ kind: 'error', status });
      const response = await fetch(`${emulator.url}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-test', messages }),
      });
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/json');
      assertOpenAiSchema('ErrorResponse', await response.json());
    },
  );
});

describe('malformed JSON', () => {
  it('makes the non-stream call fail to parse', async () => {
    emulator.enqueue({ kind: 'malformed-json' });
    const response = await client.chat.completions.create({ model: 'gpt-test', messages }).asResponse();
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{"id": "chatcmpl-broken", "choices": [');

    emulator.enqueue({ kind: 'malformed-json' });
    const error = await rejection(client.chat.completions.create({ model: 'gpt-test', messages }));
    expect(error).toBeInstanceOf(SyntaxError);
  });

  it('makes the stream fail after one valid chunk', async () => {
    emulator.enqueue({ kind: 'malformed-json' });
    // The SDK logs the unparseable frame before throwing; keep the test output clean.
    const quietClient = new OpenAI({ baseURL: emulator.url, apiKey: 'test', maxRetries: 0, logLevel: 'off' });
    const stream = await quietClient.chat.completions.create({ model: 'gpt-test', messages, stream: true });
    const received: unknown[] = [];
    const error = await rejection(
      (async () => {
        for await (const chunk of stream) received.push(chunk);
      })(),
    );
    expect(error).toBeInstanceOf(SyntaxError);
    expect(received).toHaveLength(1);
    assertOpenAiSchema('CreateChatCompletionStreamResponse', received[0]);
  });
});

describe('truncated stream', () => {
  it('cuts the stream after the role chunk and two content chunks, so the client throws', async () => {
    emulator.enqueue({ kind: 'truncated-stream' });
    const stream = await client.chat.completions.create({ model: 'gpt-test', messages, stream: true });
    const contents: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const chunk of stream) {
          assertOpenAiSchema('CreateChatCompletionStreamResponse', chunk);
          expect(chunk.choices[0]!.finish_reason).toBeNull();
          contents.push(chunk.choices[0]!.delta.content ?? '');
        }
      })(),
    );
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('terminated');
    expect(contents).toEqual(['', 'Hello ', 'from ']);
    expect(emulator.requests[0]!.closedByClient).toBe(false);
  });

  it('makes finalChatCompletion() reject', async () => {
    emulator.enqueue({ kind: 'truncated-stream', afterChunks: 7 });
    await expect(
      client.chat.completions.stream({ model: 'gpt-test', messages }).finalChatCompletion(),
    ).rejects.toThrow('terminated');
  });

  it('cuts a non-stream body in half', async () => {
    emulator.enqueue({ kind: 'truncated-stream' });
    await expect(client.chat.completions.create({ model: 'gpt-test', messages })).rejects.toThrow(
      'terminated',
    );
    expect(emulator.requests[0]!.closedByClient).toBe(false);
  });
});

describe('hang and client close', () => {
  it('never answers; aborting the client resolves waitForClientClose', async () => {
    emulator.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const pending = client.chat.completions.create(
      { model: 'gpt-test', messages },
      { signal: controller.signal },
    );
    const settled = rejection(pending);
    await vi.waitFor(() => expect(emulator.requests).toHaveLength(1), { timeout: 5_000 });
    controller.abort();
    expect(await settled).toBeInstanceOf(OpenAI.APIUserAbortError);
    await emulator.waitForClientClose(0);
    expect(emulator.requests[0]!.closedByClient).toBe(true);
  });

  it('counts a close during firstByteDelayMs as a client close', async () => {
    emulator.enqueue({ kind: 'text', firstByteDelayMs: 60_000 });
    const controller = new AbortController();
    const settled = rejection(
      client.chat.completions.create(
        { model: 'gpt-test', messages, stream: true },
        { signal: controller.signal },
      ),
    );
    await vi.waitFor(() => expect(emulator.requests).toHaveLength(1), { timeout: 5_000 });
    controller.abort();
    await settled;
    await emulator.waitForClientClose(0);
    expect(emulator.requests[0]!.closedByClient).toBe(true);
  });

  it('paces a stream with chunkDelayMs and counts an abort mid-stream as a client close', async () => {
    emulator.enqueue({ kind: 'text', text: 'a b c d e f g h i j', chunkDelayMs: 40 });
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'gpt-test', messages, stream: true },
      { signal: controller.signal },
    );
    const seen: string[] = [];
    const reading = (async () => {
      for await (const chunk of stream) {
        seen.push(chunk.choices[0]?.delta.content ?? '');
        if (seen.length === 3) controller.abort();
      }
    })();
    // openai-node ends the iteration quietly when its own signal aborts it.
    await reading.catch(() => undefined);
    expect(controller.signal.aborted).toBe(true);
    await emulator.waitForClientClose(0, 2_000);
    expect(seen.length).toBeLessThan(12);
  });

  it('delivers a paced stream completely when nobody aborts', async () => {
    emulator.enqueue({ kind: 'text', text: 'one two three', chunkDelayMs: 5 });
    const stream = await client.chat.completions.create({ model: 'gpt-test', messages, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('one two three');
  });

  it('rejects waitForClientClose for a request that was answered completely', async () => {
    await client.chat.completions.create({ model: 'gpt-test', messages });
    await expect(emulator.waitForClientClose(0)).rejects.toThrow(/before the client closed it/);
    expect(emulator.requests[0]!.closedByClient).toBe(false);
  });

  it('rejects waitForClientClose after the timeout when the client keeps waiting', async () => {
    emulator.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const settled = rejection(
      client.chat.completions.create({ model: 'gpt-test', messages }, { signal: controller.signal }),
    );
    await vi.waitFor(() => expect(emulator.requests).toHaveLength(1), { timeout: 5_000 });
    await expect(emulator.waitForClientClose(0, 50)).rejects.toThrow(/not closed by the client within 50 ms/);
    controller.abort();
    await settled;
  });

  it('close() ends hung connections and resolves', async () => {
    const other = await startOpenAICompatibleEmulator({ defaultScenario: { kind: 'hang' } });
    const otherClient = new OpenAI({ baseURL: other.url, apiKey: 'test', maxRetries: 0 });
    const settled = rejection(otherClient.chat.completions.create({ model: 'gpt-test', messages }));
    await vi.waitFor(() => expect(other.requests).toHaveLength(1), { timeout: 5_000 });
    await other.close();
    expect(await settled).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(other.requests[0]!.closedByClient).toBe(false);
  });
});

describe('authentication', () => {
  let secured: OpenAICompatibleEmulator;

  beforeAll(async () => {
    secured = await startOpenAICompatibleEmulator({ apiKey: 'sk-emulator' });
  });

  afterAll(() => secured.close());

  it('rejects a wrong key with OpenAI.AuthenticationError', async () => {
    const wrong = new OpenAI({ baseURL: secured.url, apiKey: 'sk-wrong', maxRetries: 0 });
    const error = (await rejection(
      wrong.chat.completions.create({ model: 'gpt-test', messages }),
    )) as InstanceType<typeof OpenAI.AuthenticationError>;
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(error.status).toBe(401);
    expect(error.code).toBe('invalid_api_key');
    assertOpenAiSchema('ErrorResponse', { error: error.error });
  });

  it('rejects a missing key on every route', async () => {
    const response = await fetch(`${secured.url}/models`);
    expect(response.status).toBe(401);
    assertOpenAiSchema('ErrorResponse', await response.json());
  });

  it('accepts the right key', async () => {
    const right = new OpenAI({ baseURL: secured.url, apiKey: 'sk-emulator', maxRetries: 0 });
    const completion = await right.chat.completions.create({ model: 'gpt-test', messages });
    expect(completion.choices[0]!.message.content).toBe('Hello from the modelmux emulator.');
  });
});

describe('bad requests', () => {
  async function post(
    path: string,
    body: string,
  ): Promise<{ status: number; json: unknown; headers: Headers }> {
    const response = await fetch(`${emulator.origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    return { status: response.status, json: await response.json(), headers: response.headers };
  }

  it('answers unknown routes with 404 in the OpenAI error shape', async () => {
    const result = await post('/v1/completions', '{}');
    expect(result.status).toBe(404);
    expect(result.headers.get('x-request-id')).toMatch(/^req_/);
    assertOpenAiSchema('ErrorResponse', result.json);
    expect(result.json).toMatchObject({ error: { message: 'Invalid URL (POST /v1/completions)' } });
    const wrongMethod = await fetch(`${emulator.url}/chat/completions`);
    expect(wrongMethod.status).toBe(404);
  });

  it('answers an invalid JSON body with 400 and records it without a body', async () => {
    const result = await post('/v1/chat/completions', '{"model": ');
    expect(result.status).toBe(400);
    assertOpenAiSchema('ErrorResponse', result.json);
    expect(emulator.requests[0]).toMatchObject({ method: 'POST', body: undefined });
  });

  it('answers a chat request without messages with 400 and does not take a queued scenario', async () => {
    emulator.enqueue({ kind: 'text', text: 'queued' });
    const result = await post('/v1/chat/completions', JSON.stringify({ model: 'gpt-test' }));
    expect(result.status).toBe(400);
    assertOpenAiSchema('ErrorResponse', result.json);
    expect(result.json).toMatchObject({ error: { param: 'messages' } });
    const completion = await client.chat.completions.create({ model: 'gpt-test', messages });
    expect(completion.choices[0]!.message.content).toBe('queued');
  });
});
