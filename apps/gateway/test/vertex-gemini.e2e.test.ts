import { createTestServiceAccountKey, startVertexEmulator, type VertexEmulator } from '@modelmux/testkit';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../src/config/load-gateway-config.js';
import { type StartedServer, startServer } from '../src/server.js';
import { SchemaCheckedClient, TEST_SHUTDOWN_TIMEOUT_MS } from './helpers.js';

// The real `openai` client → the gateway → Gemini on the Vertex emulator (service-account JWT flow included).

const MODEL = 'gemini-2.5-flash';
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

let emulator: VertexEmulator;
let gateway: StartedServer;
let checked: SchemaCheckedClient;
let client: OpenAI;

beforeAll(async () => {
  process.env.METADATA_SERVER_DETECTION = 'none';
  emulator = await startVertexEmulator();
  const { key } = createTestServiceAccountKey({ tokenUri: emulator.tokenUrl, projectId: 'my-proj' });
  const config = parseGatewayConfig({
    // These tests check how each failure is translated; retries and fallback are tested in call-policy tests.
    routing: { max_retries: 0 },
    server: { log_level: 'silent', shutdown_timeout_ms: TEST_SHUTDOWN_TIMEOUT_MS },
    providers: {
      vertex: {
        type: 'vertex',
        project: 'my-proj',
        region: 'us-central1',
        base_url: emulator.url,
        credentials: { type: 'service_account_json', json: { env: 'E2E_GOOGLE_SA' } },
      },
    },
    models: { gemini: { targets: [`vertex:${MODEL}`] } },
  });
  gateway = await startServer({
    config,
    env: { E2E_GOOGLE_SA: JSON.stringify(key) },
    host: '127.0.0.1',
    port: 0,
    logger: false,
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

function gemini(
  parts: unknown[],
  finishReason = 'STOP',
  usageMetadata: Record<string, number> = {
    promptTokenCount: 12,
    candidatesTokenCount: 5,
    totalTokenCount: 17,
  },
) {
  return {
    kind: 'gemini-response' as const,
    response: { candidates: [{ content: { role: 'model' as const, parts }, finishReason }], usageMetadata },
  };
}

function lastBody(): Record<string, unknown> {
  return emulator.requests.at(-1)?.body as Record<string, unknown>;
}

describe('Gemini on Vertex through the gateway', () => {
  it('answers with a system instruction over several turns', async () => {
    emulator.enqueue(gemini([{ text: 'Bonjour !' }]));
    const completion = await client.chat.completions.create({
      model: 'gemini',
      messages: [
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Salut' },
        { role: 'user', content: 'Again' },
      ],
      max_tokens: 100,
      temperature: 0.4,
    });
    expect(completion.choices[0]?.message.content).toBe('Bonjour !');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 });
    const sent = emulator.requests.at(-1);
    expect(sent?.path).toBe(
      `/v1/projects/my-proj/locations/us-central1/publishers/google/models/${MODEL}:generateContent`,
    );
    expect(sent?.body).toMatchObject({
      systemInstruction: { parts: [{ text: 'Answer in French.' }] },
      contents: [
        { role: 'user', parts: [{ text: 'Hello' }] },
        { role: 'model', parts: [{ text: 'Salut' }] },
        { role: 'user', parts: [{ text: 'Again' }] },
      ],
      generationConfig: { maxOutputTokens: 100, temperature: 0.4 },
    });
  });

  it('sends a base64 image inline and streams the answer', async () => {
    emulator.enqueue(gemini([{ text: 'A single red pixel.' }]));
    const stream = await client.chat.completions.create({
      model: 'gemini',
      stream: true,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
          ],
        },
      ],
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('A single red pixel.');
    expect((lastBody().contents as Array<{ parts: unknown[] }>)[0]?.parts[1]).toEqual({
      inlineData: { mimeType: 'image/png', data: PNG },
    });
    expect(emulator.requests.at(-1)?.path).toMatch(/:streamGenerateContent\?alt=sse$/);
  });

  for (const streamed of [false, true]) {
    it(`runs parallel tool calls over two turns, keeping the thought signature (${streamed ? 'stream' : 'non-stream'})`, async () => {
      emulator.enqueue(
        gemini(
          [
            {
              functionCall: { name: 'get_weather', args: { city: 'Paris' } },
              thoughtSignature: 'c2lnLXBhcmlz',
            },
            { functionCall: { name: 'get_weather', args: { city: 'Tokyo' } } },
          ],
          'STOP',
        ),
        gemini([{ text: 'Paris 21, Tokyo 25' }]),
      );
      const messages: OpenAI.ChatCompletionMessageParam[] = [
        { role: 'user', content: 'Weather in Paris and Tokyo?' },
      ];
      const first = streamed
        ? await client.chat.completions
            .stream({ model: 'gemini', messages, tools: [weatherTool] })
            .finalChatCompletion()
        : await client.chat.completions.create({ model: 'gemini', messages, tools: [weatherTool] });
      expect(first.choices[0]?.finish_reason).toBe('tool_calls');
      const calls = (first.choices[0]?.message.tool_calls ?? []).filter((call) => call.type === 'function');
      expect(calls.map((call) => JSON.parse(call.function.arguments))).toEqual([
        { city: 'Paris' },
        { city: 'Tokyo' },
      ]);
      messages.push(first.choices[0]!.message as OpenAI.ChatCompletionMessageParam);
      messages.push(
        { role: 'tool', tool_call_id: calls[0]!.id, content: '{"temp":21}' },
        { role: 'tool', tool_call_id: calls[1]!.id, content: '{"temp":25}' },
      );
      const second = await client.chat.completions.create({
        model: 'gemini',
        messages,
        tools: [weatherTool],
      });
      expect(second.choices[0]?.message.content).toBe('Paris 21, Tokyo 25');
      const contents = lastBody().contents as Array<{ role: string; parts: Array<Record<string, unknown>> }>;
      expect(contents[1]).toEqual({
        role: 'model',
        parts: [
          {
            functionCall: { name: 'get_weather', args: { city: 'Paris' } },
            thoughtSignature: 'c2lnLXBhcmlz',
          },
          { functionCall: { name: 'get_weather', args: { city: 'Tokyo' } } },
        ],
      });
      expect(contents[2]?.role).toBe('user');
      expect(contents[2]?.parts.map((part) => part.functionResponse)).toEqual([
        { name: 'get_weather', response: { temp: 21 } },
        { name: 'get_weather', response: { temp: 25 } },
      ]);
    });
  }

  it('returns thoughts as reasoning and sets a thinking budget', async () => {
    emulator.enqueue(
      gemini([{ text: 'Weather first.', thought: true }, { text: 'It is sunny.' }], 'STOP', {
        promptTokenCount: 10,
        candidatesTokenCount: 4,
        thoughtsTokenCount: 6,
        totalTokenCount: 20,
      }),
    );
    const completion = await client.chat.completions.create({
      model: 'gemini',
      messages: [{ role: 'user', content: 'Weather?' }],
      reasoning_effort: 'low',
    });
    const message = completion.choices[0]?.message as OpenAI.ChatCompletionMessage & {
      reasoning_content?: string;
    };
    expect(message.reasoning_content).toBe('Weather first.');
    expect(message.content).toBe('It is sunny.');
    expect(completion.usage?.completion_tokens_details?.reasoning_tokens).toBe(6);
    expect(lastBody().generationConfig).toMatchObject({
      thinkingConfig: { thinkingBudget: 2048, includeThoughts: true },
    });
  });

  it('keeps thinking and the thought signature across a tool call and the next turn', async () => {
    emulator.enqueue(
      gemini([
        { text: 'The user wants the weather.', thought: true },
        {
          functionCall: { name: 'get_weather', args: { city: 'Paris' } },
          thoughtSignature: 'dGhvdWdodC1zaWc=',
        },
      ]),
      gemini([{ text: 'It is 21 in Paris.' }]),
    );
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in Paris?' }];
    const first = await client.chat.completions
      .stream({ model: 'gemini', messages, tools: [weatherTool], reasoning_effort: 'low' })
      .finalChatCompletion();
    const message = first.choices[0]!.message as OpenAI.ChatCompletionMessage & {
      reasoning_content?: string;
    };
    const call = message.tool_calls?.[0];
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Paris' });
    messages.push(message as OpenAI.ChatCompletionMessageParam, {
      role: 'tool',
      tool_call_id: call!.id,
      content: '{"temp":21}',
    });
    const second = await client.chat.completions.create({
      model: 'gemini',
      messages,
      tools: [weatherTool],
      reasoning_effort: 'low',
    });
    expect(second.choices[0]?.message.content).toBe('It is 21 in Paris.');
    const contents = lastBody().contents as Array<{ role: string; parts: Array<Record<string, unknown>> }>;
    expect(contents[1]?.parts.find((part) => part.functionCall !== undefined)).toEqual({
      functionCall: { name: 'get_weather', args: { city: 'Paris' } },
      thoughtSignature: 'dGhvdWdodC1zaWc=',
    });
    expect(contents[2]?.parts[0]).toMatchObject({
      functionResponse: { name: 'get_weather', response: { temp: 21 } },
    });
  });

  it('asks for JSON with the response schema', async () => {
    emulator.enqueue(gemini([{ text: '{"city":"Paris","temp":21}' }]));
    const schema = {
      type: 'object',
      properties: { city: { type: 'string' }, temp: { type: 'number' } },
      required: ['city', 'temp'],
    };
    const completion = await client.chat.completions.create({
      model: 'gemini',
      messages: [{ role: 'user', content: 'Weather as JSON' }],
      response_format: { type: 'json_schema', json_schema: { name: 'weather', schema } },
    });
    expect(JSON.parse(completion.choices[0]?.message.content ?? '')).toEqual({ city: 'Paris', temp: 21 });
    expect(lastBody().generationConfig).toMatchObject({
      responseMimeType: 'application/json',
      responseJsonSchema: schema,
    });
  });

  it('maps stop sequences, a length cut and cached usage', async () => {
    emulator.enqueue(
      gemini([{ text: 'one two' }], 'STOP', {
        promptTokenCount: 120,
        cachedContentTokenCount: 100,
        candidatesTokenCount: 2,
        totalTokenCount: 122,
      }),
      gemini([{ text: 'cut' }], 'MAX_TOKENS'),
    );
    const stopped = await client.chat.completions.create({
      model: 'gemini',
      messages: [{ role: 'user', content: 'count' }],
      stop: ['END'],
    });
    expect(stopped.usage).toMatchObject({
      prompt_tokens: 120,
      completion_tokens: 2,
      prompt_tokens_details: { cached_tokens: 100 },
    });
    expect(lastBody().generationConfig).toMatchObject({ stopSequences: ['END'] });
    const cut = await client.chat.completions.create({
      model: 'gemini',
      messages: [{ role: 'user', content: 'long' }],
      max_tokens: 1,
    });
    expect(cut.choices[0]?.finish_reason).toBe('length');
  });

  it('passes an upstream 429 with its Retry-After', async () => {
    emulator.enqueue({ kind: 'error', status: 429, headers: { 'retry-after': '4' } });
    const error = await client.chat.completions
      .create({ model: 'gemini', messages: [{ role: 'user', content: 'x' }] })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after')).toBe('4');
  });

  it('gives the client an error when the stream is cut mid-way', async () => {
    emulator.enqueue({ kind: 'truncated-stream', afterEvents: 2 });
    const stream = await client.chat.completions.create({
      model: 'gemini',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
    });
    const error = await (async () => {
      for await (const _chunk of stream) {
        // read until the error
      }
    })().catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.APIError);
  });
});
