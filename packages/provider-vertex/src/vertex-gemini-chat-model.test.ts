import { readFileSync } from 'node:fs';
import type { CallContext, ChatEvent, ChatRequest } from '@modelmux/core';
import { collectChatEvents, findChatEventInvariantViolations } from '@modelmux/testkit';
import { MockAgent } from 'undici';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createGeminiTestConfig, GEMINI_TEST_ORIGIN, geminiTestPath } from './gemini-test-config.js';
import { VertexGeminiChatModel } from './vertex-gemini-chat-model.js';

const agent = new MockAgent();
agent.disableNetConnect();
const upstream = agent.get(GEMINI_TEST_ORIGIN);
afterEach(() => agent.assertNoPendingInterceptors());
afterAll(() => agent.close());

const MODEL = 'gemini-2.5-flash';
const GENERATE_PATH = geminiTestPath(MODEL, 'generateContent');
const STREAM_PATH = `${geminiTestPath(MODEL, 'streamGenerateContent')}?alt=sse`;
const SIGNATURE = 'CiQB0e2Kb7Zr0M8x1vQn4yLZ3w+/AbC=';

const logger = { debug() {}, info() {}, warn() {}, error() {} };
const context = (signal = new AbortController().signal): CallContext => ({
  signal,
  requestId: 'r1',
  logger,
  extraHeaders: { 'x-request-id': 'r1' },
});
const model = () =>
  new VertexGeminiChatModel(MODEL, createGeminiTestConfig(agent, { models: { [MODEL]: { top_p: 0.5 } } }));

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const streamBody = fixture('vertex-gemini-tool-call.1.chunks.txt')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => `data: ${line}\r\n\r\n`)
  .join('');

const request: ChatRequest = {
  messages: [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Tokyo?' }] },
  ],
  tools: [
    {
      name: 'get_weather',
      parameters: {
        type: 'object',
        properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
        required: ['city'],
      },
    },
  ],
  reasoningEffort: 'low',
  user: 'u-1',
  providerOptions: { vertex: { labels: { team: 'search' } } },
};

const expectedBody = {
  systemInstruction: { parts: [{ text: 'You are terse.' }] },
  contents: [{ role: 'user', parts: [{ text: 'Weather in Paris and Tokyo?' }] }],
  tools: [
    {
      functionDeclarations: [
        {
          name: 'get_weather',
          parameters: {
            type: 'OBJECT',
            properties: {
              city: { type: 'STRING' },
              unit: { type: 'STRING', enum: ['celsius', 'fahrenheit'] },
            },
            required: ['city'],
          },
        },
      ],
    },
  ],
  generationConfig: { topP: 0.5, thinkingConfig: { thinkingBudget: 2048, includeThoughts: true } },
  labels: { team: 'search' },
};
const userWarning = { type: 'unsupported', feature: 'user', detail: expect.any(String) };

describe('VertexGeminiChatModel', () => {
  it('posts the Gemini body to generateContent, authorised, and converts the reply', async () => {
    let seen: { body: unknown; headers: Record<string, string> } | undefined;
    upstream.intercept({ path: GENERATE_PATH, method: 'POST' }).reply(
      200,
      (options) => {
        seen = { body: JSON.parse(String(options.body)), headers: options.headers as Record<string, string> };
        return fixture('vertex-gemini-tool-call.1.json');
      },
      { headers: { 'content-type': 'application/json', 'x-request-id': 'up-1' } },
    );
    const result = await model().generate(request, context());
    expect(seen?.body).toEqual(expectedBody);
    expect(seen?.headers).toMatchObject({
      authorization: 'Bearer t',
      'content-type': 'application/json',
      'x-request-id': 'r1',
    });
    expect(result).toEqual({
      id: '8TqJaPzFHqmJ2PgP3bWQ0Ak',
      modelId: 'gemini-2.5-flash',
      content: [
        { type: 'reasoning', text: 'The user wants the weather in two cities, so I call get_weather twice.' },
        { type: 'text', text: 'Checking é 👋' },
        {
          type: 'tool-call',
          callId: `call_0__thought__${SIGNATURE}`,
          toolName: 'get_weather',
          arguments: '{"city":"Paris"}',
        },
        {
          type: 'tool-call',
          callId: 'call_1',
          toolName: 'get_weather',
          arguments: '{"city":"Tokyo","unit":"celsius"}',
        },
      ],
      finishReason: { unified: 'tool-calls', raw: 'STOP' },
      usage: { inputTokens: 42, outputTokens: 48, reasoningTokens: 18, totalTokens: 90 },
      warnings: [userWarning],
      upstream: { requestId: 'up-1' },
    });
  });

  it('sends the thought signature back on the function call it came with', async () => {
    let body: Record<string, unknown> | undefined;
    upstream.intercept({ path: GENERATE_PATH, method: 'POST' }).reply(200, (options) => {
      body = JSON.parse(String(options.body));
      return { candidates: [{ content: { parts: [{ text: 'Sunny.' }] }, finishReason: 'STOP' }] };
    });
    const callId = `call_0__thought__${SIGNATURE}`;
    await model().generate(
      {
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
          {
            role: 'assistant',
            content: [{ type: 'tool-call', callId, toolName: 'get_weather', arguments: '{"city":"Paris"}' }],
          },
          { role: 'tool', toolCallId: callId, content: [{ type: 'text', text: '{"sky":"clear"}' }] },
        ],
      },
      context(),
    );
    expect(body?.contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather in Paris?' }] },
      {
        role: 'model',
        parts: [
          { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: SIGNATURE },
        ],
      },
      { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { sky: 'clear' } } }] },
    ]);
  });

  it('streams from streamGenerateContent?alt=sse', async () => {
    let body: unknown;
    upstream.intercept({ path: STREAM_PATH, method: 'POST' }).reply(
      200,
      (options) => {
        body = JSON.parse(String(options.body));
        return streamBody;
      },
      { headers: { 'content-type': 'text/event-stream' } },
    );
    const events = await collectChatEvents(await model().stream(request, context()));
    expect(body).toEqual(expectedBody);
    expect(findChatEventInvariantViolations(events)).toEqual([]);
    expect(events[0]).toEqual({
      type: 'response-start',
      id: '8TqJaPzFHqmJ2PgP3bWQ0Ak',
      modelId: 'gemini-2.5-flash',
      warnings: [userWarning],
    });
    expect(events.filter((event) => event.type === 'tool-call-end')).toEqual<ChatEvent[]>([
      { type: 'tool-call-end', callId: `call_0__thought__${SIGNATURE}`, arguments: '{"city":"Paris"}' },
      { type: 'tool-call-end', callId: 'call_1', arguments: '{"city":"Tokyo","unit":"celsius"}' },
    ]);
    expect(events.at(-1)).toEqual({
      type: 'response-end',
      finishReason: { unified: 'tool-calls', raw: 'STOP' },
      usage: { inputTokens: 42, outputTokens: 48, reasoningTokens: 18, totalTokens: 90 },
    });
  });

  it('ends a truncated stream with an error event', async () => {
    upstream
      .intercept({ path: STREAM_PATH, method: 'POST' })
      .reply(200, streamBody.slice(0, streamBody.lastIndexOf('data:')), {
        headers: { 'content-type': 'text/event-stream' },
      });
    const events = await collectChatEvents(await model().stream(request, context()));
    expect(findChatEventInvariantViolations(events)).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { code: 'MMX_UPSTREAM_INVALID_RESPONSE' } });
  });

  it.each<['generate' | 'stream', string]>([
    ['generate', GENERATE_PATH],
    ['stream', STREAM_PATH],
  ])('%s: a 429 with retry-after rejects as rate limited', async (method, path) => {
    upstream.intercept({ path, method: 'POST' }).reply(
      429,
      {
        error: {
          code: 429,
          message: 'Resource exhausted. Please try again later.',
          status: 'RESOURCE_EXHAUSTED',
        },
      },
      { headers: { 'content-type': 'application/json', 'retry-after': '7' } },
    );
    await expect(model()[method](request, context())).rejects.toMatchObject({
      code: 'MMX_UPSTREAM_RATE_LIMITED',
      retryable: true,
      statusCode: 429,
      retryAfterMs: 7000,
      upstreamCode: 'RESOURCE_EXHAUSTED',
      providerId: 'vertex-test',
      modelId: MODEL,
    });
  });

  it('maps a Google-shaped 403 to an auth error', async () => {
    upstream.intercept({ path: GENERATE_PATH, method: 'POST' }).reply(
      403,
      [
        {
          error: {
            code: 403,
            message: "Permission 'aiplatform.endpoints.predict' denied on resource",
            status: 'PERMISSION_DENIED',
          },
        },
      ],
      { headers: { 'content-type': 'application/json' } },
    );
    await expect(model().generate(request, context())).rejects.toMatchObject({
      code: 'MMX_UPSTREAM_AUTH',
      statusCode: 403,
      upstreamCode: 'PERMISSION_DENIED',
      message: "Permission 'aiplatform.endpoints.predict' denied on resource",
    });
  });

  it('rejects a prompt Gemini blocked as a bad request', async () => {
    upstream.intercept({ path: GENERATE_PATH, method: 'POST' }).reply(200, {
      promptFeedback: { blockReason: 'SAFETY' },
      usageMetadata: { promptTokenCount: 8, totalTokenCount: 8 },
    });
    await expect(model().generate(request, context())).rejects.toMatchObject({
      name: 'UpstreamError',
      code: 'MMX_UPSTREAM_BAD_REQUEST',
      statusCode: 400,
      message: 'Gemini blocked the prompt (blockReason SAFETY)',
      providerId: 'vertex-test',
      modelId: MODEL,
    });
  });

  it('rejects a 200 body of the wrong shape as an invalid response', async () => {
    upstream
      .intercept({ path: GENERATE_PATH, method: 'POST' })
      .reply(200, { candidates: [{ content: { parts: [{ functionCall: { args: {} } }] } }] });
    await expect(model().generate(request, context())).rejects.toMatchObject({
      code: 'MMX_UPSTREAM_INVALID_RESPONSE',
    });
  });

  it('rejects unknown provider options before calling Vertex', async () => {
    await expect(
      model().generate({ ...request, providerOptions: { vertex: { safetySettings: [] } } }, context()),
    ).rejects.toMatchObject({
      code: 'MMX_REQUEST_PROVIDER_OPTIONS_INVALID',
      param: 'provider_options.vertex.safetySettings',
    });
  });

  it('rejects with an AbortError when the client has gone', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(model().generate(request, context(controller.signal))).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('builds its URLs and looks up its defaults once, in the constructor', async () => {
    const config = createGeminiTestConfig(agent);
    const url = vi.spyOn(config, 'url');
    const modelDefaults = vi.spyOn(config, 'modelDefaults');
    const chat = new VertexGeminiChatModel(MODEL, config);
    upstream
      .intercept({ path: GENERATE_PATH, method: 'POST' })
      .reply(200, { candidates: [{ content: { parts: [{ text: 'a' }] }, finishReason: 'STOP' }] })
      .times(2);
    await chat.generate(request, context());
    await chat.generate(request, context());
    expect(url.mock.calls).toEqual([
      ['google', MODEL, 'generateContent'],
      ['google', MODEL, 'streamGenerateContent'],
    ]);
    expect(modelDefaults).toHaveBeenCalledTimes(1);
  });
});
