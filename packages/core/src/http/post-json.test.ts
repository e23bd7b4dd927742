import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, MockAgent } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ModelmuxError } from '../errors/modelmux-error.js';
import { postJson } from './post-json.js';
import {
  createJsonErrorResponseHandler,
  createJsonResponseHandler,
  createSseResponseHandler,
} from './response-handlers.js';

const ORIGIN = 'https://upstream.test';
const okSchema = z.object({ answer: z.number() });
const errorHandler = createJsonErrorResponseHandler({
  errorSchema: z.object({ error: z.object({ message: z.string(), code: z.string().nullish() }) }),
  describe: (body) => ({ message: body.error.message, upstreamCode: body.error.code ?? undefined }),
});

const mockAgent = new MockAgent();
mockAgent.disableNetConnect();
const pool = mockAgent.get(ORIGIN);

afterEach(() => mockAgent.assertNoPendingInterceptors());
afterAll(() => mockAgent.close());

function post(extra: Partial<Parameters<typeof postJson>[0]> = {}) {
  return postJson({
    url: `${ORIGIN}/v1/x`,
    body: { question: 'q' },
    dispatcher: mockAgent,
    successfulResponseHandler: createJsonResponseHandler(okSchema),
    failedResponseHandler: errorHandler,
    providerId: 'p1',
    ...extra,
  });
}

async function failure(promise: Promise<unknown>): Promise<ModelmuxError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(ModelmuxError.isInstance(error)).toBe(true);
  return error as ModelmuxError;
}

describe('postJson', () => {
  it('sends the serialised body once, with the authorizer seeing the exact bytes', async () => {
    let sent: string | undefined;
    pool.intercept({ path: '/v1/x', method: 'POST' }).reply(200, (options) => {
      sent = String(options.body);
      expect(options.headers).toMatchObject({
        'content-type': 'application/json',
        'x-sig': `len:${sent.length}`,
      });
      return { answer: 42 };
    });
    let signed: string | undefined;
    const result = await post({
      authorize: async (request) => {
        signed = request.body;
        return { 'x-sig': `len:${request.body.length}` };
      },
    });
    expect(result.value).toEqual({ answer: 42 });
    expect(sent).toBe('{"question":"q"}');
    expect(signed).toBe(sent);
  });

  it.each([
    [400, 'MMX_UPSTREAM_BAD_REQUEST', 400, false],
    [401, 'MMX_UPSTREAM_AUTH', 502, false],
    [429, 'MMX_UPSTREAM_RATE_LIMITED', 429, true],
    [500, 'MMX_UPSTREAM_SERVER', 502, true],
    [503, 'MMX_UPSTREAM_OVERLOADED', 503, true],
  ])('maps HTTP %i to %s', async (status, code, httpStatus, retryable) => {
    pool.intercept({ path: '/v1/x', method: 'POST' }).reply(
      status,
      { error: { message: 'nope sk-abcdefghijklmnop', code: 'some_code' } },
      {
        headers: { 'retry-after': '2', 'x-request-id': 'req_1' },
      },
    );
    const error = await failure(post());
    expect(error).toMatchObject({ code, httpStatus, retryable, providerId: 'p1' });
    expect(error).toMatchObject({
      statusCode: status,
      retryAfterMs: 2000,
      upstreamRequestId: 'req_1',
      upstreamCode: 'some_code',
    });
    expect(error.message).toBe('nope [REDACTED]');
  });

  it('keeps a non-JSON error body as the message', async () => {
    pool.intercept({ path: '/v1/x', method: 'POST' }).reply(502, '<html>Bad gateway</html>');
    const error = await failure(post());
    expect(error.code).toBe('MMX_UPSTREAM_SERVER');
    expect(error.message).toContain('Bad gateway');
  });

  it('turns an invalid JSON body into MMX_UPSTREAM_INVALID_RESPONSE', async () => {
    pool.intercept({ path: '/v1/x', method: 'POST' }).reply(200, '{"answer": 4');
    expect((await failure(post())).code).toBe('MMX_UPSTREAM_INVALID_RESPONSE');
  });

  it('turns a body of the wrong shape into MMX_UPSTREAM_INVALID_RESPONSE naming the path', async () => {
    pool.intercept({ path: '/v1/x', method: 'POST' }).reply(200, { answer: 'forty-two' });
    const error = await failure(post());
    expect(error.code).toBe('MMX_UPSTREAM_INVALID_RESPONSE');
    expect(error.message).toContain('answer');
  });

  it('turns a network error into MMX_UPSTREAM_UNREACHABLE', async () => {
    pool
      .intercept({ path: '/v1/x', method: 'POST' })
      .replyWithError(Object.assign(new Error('boom'), { code: 'ECONNRESET' }));
    const error = await failure(post());
    expect(error).toMatchObject({ code: 'MMX_UPSTREAM_UNREACHABLE', retryable: true });
  });

  it('rejects with an AbortError when the signal was already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(post({ signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('turns a refused connection into MMX_UPSTREAM_UNREACHABLE', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const agent = new Agent();
    try {
      const error = await failure(post({ url: `http://127.0.0.1:${port}/v1/x`, dispatcher: agent }));
      expect(error.code).toBe('MMX_UPSTREAM_UNREACHABLE');
    } finally {
      await agent.close();
    }
  });

  it('turns a headers timeout into MMX_UPSTREAM_TIMEOUT and aborts a slow call on signal', async () => {
    const server = createServer(() => {
      // never answers
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const agent = new Agent({ headersTimeout: 100 });
    try {
      const timeout = await failure(post({ url: `http://127.0.0.1:${port}/v1/x`, dispatcher: agent }));
      expect(timeout).toMatchObject({ code: 'MMX_UPSTREAM_TIMEOUT', retryable: true });
      const controller = new AbortController();
      const pending = post({
        url: `http://127.0.0.1:${port}/v1/x`,
        dispatcher: new Agent(),
        signal: controller.signal,
      });
      setTimeout(() => controller.abort(), 20);
      await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await agent.close();
    }
  });

  it('streams SSE payloads and stops at the terminator', async () => {
    pool
      .intercept({ path: '/v1/x', method: 'POST' })
      .reply(200, 'data: {"answer":1}\n\ndata: nope\n\ndata: [DONE]\n\ndata: {"answer":3}\n\n', {
        headers: { 'content-type': 'text/event-stream' },
      });
    const { value } = await postJson({
      url: `${ORIGIN}/v1/x`,
      body: {},
      dispatcher: mockAgent,
      successfulResponseHandler: createSseResponseHandler(okSchema, { terminator: '[DONE]' }),
      failedResponseHandler: errorHandler,
    });
    const results = [];
    for await (const batch of value)
      for (const item of batch) results.push(item.success ? item.value : item.error.code);
    expect(results).toEqual([{ answer: 1 }, 'MMX_UPSTREAM_INVALID_RESPONSE']);
  });
});
