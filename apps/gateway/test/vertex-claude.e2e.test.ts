import { createTestServiceAccountKey, startVertexEmulator, type VertexEmulator } from '@modelmux/testkit';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../src/config/load-gateway-config.js';
import { type StartedServer, startServer } from '../src/server.js';
import { SchemaCheckedClient, TEST_SHUTDOWN_TIMEOUT_MS } from './helpers.js';

// The real `openai` client → the gateway → Claude on the Vertex emulator, authorised through the real
// google-auth-library JWT flow against the emulator's token endpoint.

const MODEL = 'claude-sonnet-4-5@20250929';
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
        region: 'us-east5',
        base_url: emulator.url,
        credentials: { type: 'service_account_json', json: { env: 'E2E_GOOGLE_SA' } },
      },
    },
    models: { claude: { targets: [`vertex:${MODEL}`] } },
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

function anthropic(
  content: unknown[],
  stopReason: string,
  usage: Record<string, number> = { input_tokens: 20, output_tokens: 10 },
) {
  return {
    kind: 'anthropic-message' as const,
    message: { content: content as never, stop_reason: stopReason, usage: usage as never },
  };
}

function lastBody(): Record<string, unknown> {
  return emulator.requests.at(-1)?.body as Record<string, unknown>;
}

describe('Claude on Vertex through the gateway', () => {
  it('answers with a system prompt over several turns, with a Google token from the service account', async () => {
    emulator.enqueue(anthropic([{ type: 'text', text: 'Bonjour !' }], 'end_turn'));
    const completion = await client.chat.completions.create({
      model: 'claude',
      messages: [
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Salut' },
        { role: 'user', content: 'Again' },
      ],
      max_tokens: 100,
    });
    expect(completion.choices[0]?.message.content).toBe('Bonjour !');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    const sent = emulator.requests.at(-1);
    expect(sent?.path).toBe(
      `/v1/projects/my-proj/locations/us-east5/publishers/anthropic/models/${MODEL}:rawPredict`,
    );
    expect(sent?.headers.authorization).toMatch(/^Bearer /);
    expect(emulator.tokenRequests.length).toBe(1);
    expect(sent?.body).toEqual({
      anthropic_version: 'vertex-2023-10-16',
      system: [{ type: 'text', text: 'Answer in French.' }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Hello' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Salut' }] },
        { role: 'user', content: [{ type: 'text', text: 'Again' }] },
      ],
      max_tokens: 100,
    });
  });

  it('sends a base64 image inline and streams the answer', async () => {
    emulator.enqueue(anthropic([{ type: 'text', text: 'A single red pixel.' }], 'end_turn'));
    const stream = await client.chat.completions.create({
      model: 'claude',
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
    expect((lastBody().messages as Array<{ content: unknown[] }>)[0]?.content[1]).toEqual({
      type: 'image',
      source: { type: 'base64', media_type: 'image/png', data: PNG },
    });
    expect(emulator.requests.at(-1)?.path).toMatch(/:streamRawPredict$/);
  });

  for (const streamed of [false, true]) {
    it(`runs parallel tool calls over two turns (${streamed ? 'stream' : 'non-stream'})`, async () => {
      emulator.enqueue(
        anthropic(
          [
            { type: 'tool_use', id: 'toolu_paris', name: 'get_weather', input: { city: 'Paris' } },
            { type: 'tool_use', id: 'toolu_tokyo', name: 'get_weather', input: { city: 'Tokyo' } },
          ],
          'tool_use',
        ),
        anthropic([{ type: 'text', text: 'Paris 21, Tokyo 25' }], 'end_turn'),
      );
      const messages: OpenAI.ChatCompletionMessageParam[] = [
        { role: 'user', content: 'Weather in Paris and Tokyo?' },
      ];
      const first = streamed
        ? await client.chat.completions
            .stream({ model: 'claude', messages, tools: [weatherTool] })
            .finalChatCompletion()
        : await client.chat.completions.create({ model: 'claude', messages, tools: [weatherTool] });
      expect(first.choices[0]?.finish_reason).toBe('tool_calls');
      const calls = first.choices[0]?.message.tool_calls ?? [];
      expect(
        calls.map((call) => (call.type === 'function' ? [call.id, JSON.parse(call.function.arguments)] : [])),
      ).toEqual([
        ['toolu_paris', { city: 'Paris' }],
        ['toolu_tokyo', { city: 'Tokyo' }],
      ]);
      messages.push(first.choices[0]!.message as OpenAI.ChatCompletionMessageParam);
      messages.push(
        { role: 'tool', tool_call_id: 'toolu_paris', content: '21' },
        { role: 'tool', tool_call_id: 'toolu_tokyo', content: '25' },
      );
      const second = await client.chat.completions.create({
        model: 'claude',
        messages,
        tools: [weatherTool],
      });
      expect(second.choices[0]?.message.content).toBe('Paris 21, Tokyo 25');
      expect(lastBody().messages).toEqual([
        { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Tokyo?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'toolu_paris', name: 'get_weather', input: { city: 'Paris' } },
            { type: 'tool_use', id: 'toolu_tokyo', name: 'get_weather', input: { city: 'Tokyo' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_paris', content: '21' },
            { type: 'tool_result', tool_use_id: 'toolu_tokyo', content: '25' },
          ],
        },
      ]);
    });
  }

  it('keeps thinking and its signature across a tool call and the next turn', async () => {
    emulator.enqueue(
      anthropic(
        [
          { type: 'thinking', thinking: 'I need the weather.', signature: 'sig-abc' },
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
        ],
        'tool_use',
      ),
      anthropic([{ type: 'text', text: 'It is 21 in Paris.' }], 'end_turn'),
    );
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in Paris?' }];
    const first = await client.chat.completions
      .stream({
        model: 'claude',
        messages,
        tools: [weatherTool],
        reasoning_effort: 'low',
        max_completion_tokens: 4000,
      })
      .finalChatCompletion();
    const message = first.choices[0]!.message as OpenAI.ChatCompletionMessage & { thinking_blocks?: unknown };
    expect(message.thinking_blocks).toEqual([
      { type: 'thinking', thinking: 'I need the weather.', signature: 'sig-abc' },
    ]);
    expect(emulator.requests.at(-1)?.body).toMatchObject({
      thinking: { type: 'enabled', budget_tokens: 2048 },
      max_tokens: 4000,
    });
    messages.push(message as OpenAI.ChatCompletionMessageParam, {
      role: 'tool',
      tool_call_id: 'toolu_1',
      content: '21',
    });
    await client.chat.completions.create({
      model: 'claude',
      messages,
      tools: [weatherTool],
      reasoning_effort: 'low',
      max_completion_tokens: 4000,
    });
    expect((lastBody().messages as Array<{ content: unknown[] }>)[1]?.content).toEqual([
      { type: 'thinking', thinking: 'I need the weather.', signature: 'sig-abc' },
      { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
    ]);
  });

  it('returns json_schema output through a forced tool as the message content', async () => {
    emulator.enqueue(
      anthropic(
        [{ type: 'tool_use', id: 'toolu_j', name: 'json_output', input: { city: 'Paris', temp: 21 } }],
        'tool_use',
      ),
    );
    const response = await client.chat.completions.create({
      model: 'claude',
      messages: [{ role: 'user', content: 'Weather as JSON' }],
      response_format: { type: 'json_schema', json_schema: { name: 'weather', schema: { type: 'object' } } },
    });
    expect(JSON.parse(response.choices[0]?.message.content ?? '')).toEqual({ city: 'Paris', temp: 21 });
    expect(response.choices[0]?.finish_reason).toBe('stop');
    const warnings = checked.lastResponse()?.headers.get('x-modelmux-warnings');
    expect(warnings).toContain('response_format');
  });

  it('maps a stop sequence, a length cut and cached usage', async () => {
    emulator.enqueue(
      {
        kind: 'anthropic-message',
        message: {
          content: [{ type: 'text', text: 'one two' }],
          stop_reason: 'stop_sequence',
          stop_sequence: 'END',
          usage: {
            input_tokens: 5,
            output_tokens: 2,
            cache_read_input_tokens: 100,
            cache_creation_input_tokens: 10,
          },
        },
      },
      anthropic([{ type: 'text', text: 'cut' }], 'max_tokens'),
    );
    const stopped = await client.chat.completions.create({
      model: 'claude',
      messages: [{ role: 'user', content: 'count' }],
      stop: ['END'],
    });
    expect(stopped.choices[0]?.finish_reason).toBe('stop');
    expect(stopped.usage).toMatchObject({
      prompt_tokens: 115,
      completion_tokens: 2,
      total_tokens: 117,
      prompt_tokens_details: { cached_tokens: 100 },
    });
    expect(lastBody().stop_sequences).toEqual(['END']);
    const cut = await client.chat.completions.create({
      model: 'claude',
      messages: [{ role: 'user', content: 'long' }],
      max_tokens: 1,
    });
    expect(cut.choices[0]?.finish_reason).toBe('length');
  });

  it('passes an upstream 429 with its Retry-After', async () => {
    emulator.enqueue({ kind: 'error', status: 429, headers: { 'retry-after': '9' } });
    const error = await client.chat.completions
      .create({ model: 'claude', messages: [{ role: 'user', content: 'x' }] })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after')).toBe('9');
  });

  it('turns an error event mid-stream into an error for the client', async () => {
    emulator.enqueue({
      kind: 'anthropic-stream-error',
      afterEvents: 3,
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
    const stream = await client.chat.completions.create({
      model: 'claude',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
    });
    const error = await (async () => {
      for await (const _chunk of stream) {
        // read until the error
      }
    })().catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(String((error as Error).message)).toContain('Overloaded');
  });
});
