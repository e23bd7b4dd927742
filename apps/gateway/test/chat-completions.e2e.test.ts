import { type OpenAICompatibleEmulator, startOpenAICompatibleEmulator } from '@modelmux/testkit';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseGatewayConfig } from '../src/config/load-gateway-config.js';
import { type StartedServer, startServer } from '../src/server.js';
import { SchemaCheckedClient, TEST_SHUTDOWN_TIMEOUT_MS } from './helpers.js';

// The real `openai` client against a running gateway in front of the OpenAI-compatible emulator.

let emulator: OpenAICompatibleEmulator;
let gateway: StartedServer;
let checked: SchemaCheckedClient;
let client: OpenAI;
const logLines: string[] = [];

beforeAll(async () => {
  emulator = await startOpenAICompatibleEmulator({ apiKey: 'upstream-secret' });
  const config = parseGatewayConfig(
    {
      // These tests check how each failure is translated; retries and fallback are tested in call-policy tests.
      routing: { max_retries: 0 },
      server: { log_level: 'debug', shutdown_timeout_ms: TEST_SHUTDOWN_TIMEOUT_MS },
      providers: {
        vllm: { type: 'openai-compatible', base_url: emulator.url, api_key: { env: 'E2E_UPSTREAM_KEY' } },
      },
      models: { fast: { targets: ['vllm:qwen3-8b'] } },
    },
    {},
  );
  gateway = await startServer({
    config,
    env: { E2E_UPSTREAM_KEY: 'upstream-secret' },
    host: '127.0.0.1',
    port: 0,
    logStream: { write: (line) => logLines.push(line) },
  });
  checked = new SchemaCheckedClient(gateway.url);
  client = checked.client;
});

afterEach(async () => {
  const violations = await checked.takeSchemaViolations();
  client = checked.client;
  emulator.reset();
  expect(violations).toEqual([]);
});

afterAll(async () => {
  await gateway?.close();
  await emulator?.close();
});

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

describe('Chat Completions through the gateway', () => {
  it('answers a chat, forwarding the upstream key and the model id', async () => {
    emulator.enqueue({
      kind: 'text',
      text: 'Bonjour tout le monde',
      usage: { prompt_tokens: 12, completion_tokens: 4 },
    });
    const completion = await client.chat.completions.create({
      model: 'fast',
      messages: [
        { role: 'developer', content: 'Answer in French.' },
        { role: 'user', content: 'Say hello' },
      ],
      max_completion_tokens: 50,
    });
    expect(completion.choices[0]?.message.content).toBe('Bonjour tout le monde');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.model).toBe('fast');
    expect(completion.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 4, total_tokens: 16 });
    const sent = emulator.requests[0];
    expect(sent?.headers.authorization).toBe('Bearer upstream-secret');
    expect(sent?.body).toMatchObject({
      model: 'qwen3-8b',
      max_tokens: 50,
      messages: [
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'Say hello' },
      ],
    });
  });

  it('streams, with usage when asked for', async () => {
    emulator.enqueue({
      kind: 'text',
      text: 'one two three four five',
      reasoning: 'counting',
      usage: { prompt_tokens: 3, completion_tokens: 5, reasoning_tokens: 1 },
    });
    const stream = await client.chat.completions.create({
      model: 'vllm:qwen3-8b',
      messages: [{ role: 'user', content: 'count' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let reasoning = '';
    const ids = new Set<string>();
    let usage: OpenAI.CompletionUsage | null | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      ids.add(chunk.id);
      const delta = chunk.choices[0]?.delta as
        | ({ reasoning_content?: string } & { content?: string | null })
        | undefined;
      text += delta?.content ?? '';
      reasoning += delta?.reasoning_content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('one two three four five');
    expect(reasoning).toBe('counting');
    expect(ids.size).toBe(1);
    expect(finish).toBe('stop');
    expect(usage).toMatchObject({
      prompt_tokens: 3,
      completion_tokens: 5,
      completion_tokens_details: { reasoning_tokens: 1 },
    });
    expect(emulator.requests[0]?.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('runs parallel tool calls over two turns, streamed', async () => {
    emulator.enqueue(
      {
        kind: 'tool-calls',
        calls: [
          { id: 'call_paris', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { id: 'call_tokyo', name: 'get_weather', arguments: '{"city":"Tokyo"}' },
        ],
      },
      { kind: 'text', text: 'Paris 21, Tokyo 25' },
    );
    const messages: OpenAI.ChatCompletionMessageParam[] = [
      { role: 'user', content: 'Weather in Paris and Tokyo?' },
    ];
    const first = await client.chat.completions
      .stream({ model: 'fast', messages, tools: [weatherTool], parallel_tool_calls: true })
      .finalChatCompletion();
    const calls = first.choices[0]?.message.tool_calls ?? [];
    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    expect(
      calls.map((call) =>
        call.type === 'function' ? [call.id, call.function.name, JSON.parse(call.function.arguments)] : [],
      ),
    ).toEqual([
      ['call_paris', 'get_weather', { city: 'Paris' }],
      ['call_tokyo', 'get_weather', { city: 'Tokyo' }],
    ]);
    messages.push(first.choices[0]!.message as OpenAI.ChatCompletionMessageParam);
    messages.push(
      { role: 'tool', tool_call_id: 'call_paris', content: '{"temp":21}' },
      { role: 'tool', tool_call_id: 'call_tokyo', content: '{"temp":25}' },
    );
    const second = await client.chat.completions.create({ model: 'fast', messages, tools: [weatherTool] });
    expect(second.choices[0]?.message.content).toBe('Paris 21, Tokyo 25');
    expect(emulator.requests[0]?.body).toMatchObject({ parallel_tool_calls: true, tools: [weatherTool] });
    expect(emulator.requests[1]?.body).toMatchObject({
      messages: [
        { role: 'user' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_paris',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
            {
              id: 'call_tokyo',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_paris', content: '{"temp":21}' },
        { role: 'tool', tool_call_id: 'call_tokyo', content: '{"temp":25}' },
      ],
    });
  });

  it('passes json_schema through and returns the JSON', async () => {
    emulator.enqueue({ kind: 'text', text: '{"city":"Paris","temp":21}' });
    const schema = {
      type: 'object',
      properties: { city: { type: 'string' }, temp: { type: 'number' } },
      required: ['city', 'temp'],
      additionalProperties: false,
    };
    const completion = await client.chat.completions.create({
      model: 'fast',
      messages: [{ role: 'user', content: 'Weather as JSON' }],
      response_format: { type: 'json_schema', json_schema: { name: 'weather', schema, strict: true } },
    });
    expect(JSON.parse(completion.choices[0]?.message.content ?? '')).toEqual({ city: 'Paris', temp: 21 });
    expect(emulator.requests[0]?.body).toMatchObject({
      response_format: { type: 'json_schema', json_schema: { name: 'weather', schema, strict: true } },
    });
  });

  it('answers an unknown model with 404', async () => {
    const error = await client.chat.completions
      .create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found');
    expect(emulator.requests).toHaveLength(0);
  });

  it('answers invalid input with 400 naming the field', async () => {
    const error = await client.chat.completions
      .create({ model: 'fast', messages: [{ role: 'user', content: 'x' }], temperature: 7 })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('temperature');
    expect(emulator.requests).toHaveLength(0);
  });

  it('passes an upstream 429 and its Retry-After to the client', async () => {
    emulator.enqueue({ kind: 'error', status: 429, headers: { 'retry-after': '7' } });
    const error = await client.chat.completions
      .create({ model: 'fast', messages: [{ role: 'user', content: 'x' }] })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after')).toBe('7');
  });

  it('maps an upstream 500 to a 502 server error', async () => {
    emulator.enqueue({ kind: 'error', status: 500 });
    const error = await client.chat.completions
      .create({ model: 'fast', messages: [{ role: 'user', content: 'x' }], stream: true })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect((error as InstanceType<typeof OpenAI.InternalServerError>).status).toBe(502);
  });

  it('gives the client an error, not a silent stop, when the upstream stream is cut', async () => {
    emulator.enqueue({ kind: 'truncated-stream', afterChunks: 2 });
    const stream = await client.chat.completions.create({
      model: 'fast',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
    });
    const received: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
    })().catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(String((error as Error).message)).toMatch(/ended|closed|unreachable/i);
    expect(received.join('').length).toBeGreaterThan(0);
  });

  it('gives the client an error when the upstream sends malformed JSON', async () => {
    emulator.enqueue({ kind: 'malformed-json' });
    const error = await client.chat.completions
      .create({ model: 'fast', messages: [{ role: 'user', content: 'x' }] })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('MMX_UPSTREAM_INVALID_RESPONSE');
  });

  it('cancels the upstream request when the client aborts mid-stream', async () => {
    emulator.enqueue({
      kind: 'text',
      text: Array.from({ length: 100 }, (_, index) => `w${index}`).join(' '),
      chunks: 100,
      chunkDelayMs: 50,
    });
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'fast', messages: [{ role: 'user', content: 'x' }], stream: true },
      { signal: controller.signal },
    );
    const received: string[] = [];
    const reading = (async () => {
      for await (const chunk of stream) {
        received.push(chunk.choices[0]?.delta.content ?? '');
        if (received.length === 3) controller.abort();
      }
    })();
    // openai-node ends the iteration quietly when its own signal aborts it.
    await reading.catch(() => undefined);
    expect(controller.signal.aborted).toBe(true);
    await emulator.waitForClientClose(0, 5_000);
    expect(emulator.requests[0]?.closedByClient).toBe(true);
    expect(received.length).toBeLessThan(100);
    checked.discard();
  });

  it('cancels the upstream request when the client gives up before the first byte', async () => {
    emulator.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const hanging = client.chat.completions.create(
      { model: 'fast', messages: [{ role: 'user', content: 'y' }] },
      { signal: controller.signal },
    );
    await vi.waitFor(() => expect(emulator.requests).toHaveLength(1), { timeout: 5_000 });
    controller.abort();
    await expect(hanging).rejects.toThrow();
    await emulator.waitForClientClose(0, 5_000);
    checked.discard();
  });

  it('writes one JSON log line per request, with no credential in any line', async () => {
    emulator.enqueue({
      kind: 'error',
      status: 401,
      body: { error: { message: 'Incorrect API key provided: upstream-secret' } },
    });
    const error = await client.chat.completions
      .create({ model: 'fast', messages: [{ role: 'user', content: 'x' }] })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(JSON.stringify((error as InstanceType<typeof OpenAI.APIError>).error)).not.toContain(
      'upstream-secret',
    );
    const completed = logLines
      .map((line) => JSON.parse(line))
      .filter((line) => line.msg === 'request completed');
    expect(completed.length).toBeGreaterThan(10);
    expect(completed.at(-1)).toMatchObject({
      status: 502,
      model: 'fast',
      target: 'vllm:qwen3-8b',
      outcome: 'MMX_UPSTREAM_AUTH',
    });
    for (const line of logLines) {
      expect(line).not.toContain('upstream-secret');
      expect(line).not.toContain('client-key');
    }
  });

  it('lists the configured models', async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toEqual(['fast']);
  });
});
