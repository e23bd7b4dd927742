import { type BedrockEmulator, startBedrockEmulator } from '@modelmux/testkit';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../src/config/load-gateway-config.js';
import { type StartedServer, startServer } from '../src/server.js';
import { SchemaCheckedClient, TEST_SHUTDOWN_TIMEOUT_MS } from './helpers.js';

// The real `openai` client → the gateway → Bedrock Converse on the emulator, which verifies every SigV4 signature.

const MODEL = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};

let emulator: BedrockEmulator;
let gateway: StartedServer;
let checked: SchemaCheckedClient;
let client: OpenAI;

beforeAll(async () => {
  emulator = await startBedrockEmulator({ region: 'us-east-1', credentials: CREDENTIALS });
  const config = parseGatewayConfig({
    // These tests check how each failure is translated; retries and fallback are tested in call-policy tests.
    routing: { max_retries: 0 },
    server: { log_level: 'silent', shutdown_timeout_ms: TEST_SHUTDOWN_TIMEOUT_MS },
    providers: {
      bedrock: {
        type: 'bedrock',
        region: 'us-east-1',
        endpoint: emulator.url,
        credentials: {
          type: 'keys',
          access_key_id: CREDENTIALS.accessKeyId,
          secret_access_key: { env: 'E2E_AWS_SECRET' },
        },
      },
    },
    models: { claude: { targets: [`bedrock:${MODEL}`] } },
  });
  gateway = await startServer({
    config,
    env: { E2E_AWS_SECRET: CREDENTIALS.secretAccessKey },
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
  for (const request of emulator.requests) expect(request.signatureValid).toBe(true);
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

function converse(content: unknown[], stopReason: string, usage = { inputTokens: 20, outputTokens: 8 }) {
  return { kind: 'converse' as const, output: { content: content as never }, stopReason, usage };
}

function lastBody(): Record<string, unknown> {
  return emulator.requests.at(-1)?.body as Record<string, unknown>;
}

describe('Bedrock Converse through the gateway', () => {
  it('answers with a system prompt, signed with SigV4 over the exact body', async () => {
    emulator.enqueue(converse([{ text: 'Bonjour !' }], 'end_turn'));
    const completion = await client.chat.completions.create({
      model: 'claude',
      messages: [
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'Hello' },
      ],
      max_tokens: 100,
    });
    expect(completion.choices[0]?.message.content).toBe('Bonjour !');
    expect(completion.usage).toMatchObject({ prompt_tokens: 20, completion_tokens: 8 });
    const sent = emulator.requests.at(-1);
    expect(sent?.path).toBe(`/model/${encodeURIComponent(MODEL)}/converse`);
    expect(sent?.signatureValid).toBe(true);
    expect(sent?.body).toEqual({
      system: [{ text: 'Answer in French.' }],
      messages: [{ role: 'user', content: [{ text: 'Hello' }] }],
      inferenceConfig: { maxTokens: 100 },
    });
  });

  it('streams text from the binary event stream', async () => {
    emulator.enqueue(converse([{ text: 'one two three four' }], 'end_turn'));
    const stream = await client.chat.completions.create({
      model: 'claude',
      stream: true,
      messages: [{ role: 'user', content: 'count' }],
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('one two three four');
    expect(usage).toMatchObject({ prompt_tokens: 20, completion_tokens: 8 });
    expect(emulator.requests.at(-1)?.path).toMatch(/\/converse-stream$/);
  });

  for (const streamed of [false, true]) {
    it(`runs parallel tool calls over two turns (${streamed ? 'stream' : 'non-stream'})`, async () => {
      emulator.enqueue(
        converse(
          [
            { toolUse: { toolUseId: 'tooluse_paris', name: 'get_weather', input: { city: 'Paris' } } },
            { toolUse: { toolUseId: 'tooluse_tokyo', name: 'get_weather', input: { city: 'Tokyo' } } },
          ],
          'tool_use',
        ),
        converse([{ text: 'Paris 21, Tokyo 25' }], 'end_turn'),
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
      const calls = (first.choices[0]?.message.tool_calls ?? []).filter((call) => call.type === 'function');
      expect(calls.map((call) => [call.id, JSON.parse(call.function.arguments)])).toEqual([
        ['tooluse_paris', { city: 'Paris' }],
        ['tooluse_tokyo', { city: 'Tokyo' }],
      ]);
      messages.push(first.choices[0]!.message as OpenAI.ChatCompletionMessageParam);
      messages.push(
        { role: 'tool', tool_call_id: 'tooluse_paris', content: '21' },
        { role: 'tool', tool_call_id: 'tooluse_tokyo', content: '25' },
      );
      const second = await client.chat.completions.create({
        model: 'claude',
        messages,
        tools: [weatherTool],
      });
      expect(second.choices[0]?.message.content).toBe('Paris 21, Tokyo 25');
      expect(lastBody().messages).toEqual([
        { role: 'user', content: [{ text: 'Weather in Paris and Tokyo?' }] },
        {
          role: 'assistant',
          content: [
            { toolUse: { toolUseId: 'tooluse_paris', name: 'get_weather', input: { city: 'Paris' } } },
            { toolUse: { toolUseId: 'tooluse_tokyo', name: 'get_weather', input: { city: 'Tokyo' } } },
          ],
        },
        {
          role: 'user',
          content: [
            { toolResult: { toolUseId: 'tooluse_paris', content: [{ text: '21' }] } },
            { toolResult: { toolUseId: 'tooluse_tokyo', content: [{ text: '25' }] } },
          ],
        },
      ]);
      expect(lastBody().toolConfig).toMatchObject({ tools: [{ toolSpec: { name: 'get_weather' } }] });
    });
  }

  it('keeps reasoning and its signature across a tool call and the next turn', async () => {
    emulator.enqueue(
      converse(
        [
          { reasoningContent: { reasoningText: { text: 'I need the weather.', signature: 'sig-bedrock' } } },
          { toolUse: { toolUseId: 'tooluse_1', name: 'get_weather', input: { city: 'Paris' } } },
        ],
        'tool_use',
      ),
      converse([{ text: 'It is 21.' }], 'end_turn'),
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
    expect(emulator.requests.at(-1)?.body).toMatchObject({
      additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 2048 } },
    });
    messages.push(first.choices[0]!.message as OpenAI.ChatCompletionMessageParam, {
      role: 'tool',
      tool_call_id: 'tooluse_1',
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
      { reasoningContent: { reasoningText: { text: 'I need the weather.', signature: 'sig-bedrock' } } },
      { toolUse: { toolUseId: 'tooluse_1', name: 'get_weather', input: { city: 'Paris' } } },
    ]);
  });

  it('sends a base64 image inline over several turns', async () => {
    const png =
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    emulator.enqueue(converse([{ text: 'A red pixel.' }], 'end_turn'));
    const completion = await client.chat.completions.create({
      model: 'claude',
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } },
          ],
        },
      ],
    });
    expect(completion.choices[0]?.message.content).toBe('A red pixel.');
    expect((lastBody().messages as Array<{ content: unknown[] }>)[2]?.content).toEqual([
      { text: 'What is this?' },
      { image: { format: 'png', source: { bytes: png } } },
    ]);
  });

  it('asks for json_schema with Converse native structured output on models that support it', async () => {
    emulator.enqueue(converse([{ text: '{"city":"Paris","temp":21}' }], 'end_turn'));
    const schema = { type: 'object', properties: { city: { type: 'string' }, temp: { type: 'number' } } };
    const response = await client.chat.completions.create({
      model: 'claude',
      messages: [{ role: 'user', content: 'Weather as JSON' }],
      response_format: { type: 'json_schema', json_schema: { name: 'weather', schema } },
    });
    expect(JSON.parse(response.choices[0]?.message.content ?? '')).toEqual({ city: 'Paris', temp: 21 });
    expect(lastBody().outputConfig).toEqual({
      textFormat: {
        type: 'json_schema',
        structure: { jsonSchema: { schema: JSON.stringify(schema), name: 'weather' } },
      },
    });
  });

  it('falls back to a forced tool when asked to, returning its input as the content', async () => {
    emulator.enqueue(
      converse(
        [{ toolUse: { toolUseId: 'tooluse_j', name: 'json_output', input: { city: 'Paris' } } }],
        'tool_use',
      ),
    );
    const response = await client.chat.completions.create({
      model: 'claude',
      messages: [{ role: 'user', content: 'Weather as JSON' }],
      response_format: { type: 'json_object' },
      // @ts-expect-error modelmux extension field
      provider_options: { bedrock: { structured_output: 'tool' } },
    });
    expect(JSON.parse(response.choices[0]?.message.content ?? '')).toEqual({ city: 'Paris' });
    expect(response.choices[0]?.finish_reason).toBe('stop');
    expect(checked.lastResponse()?.headers.get('x-modelmux-warnings')).toContain('response_format');
  });

  it('maps a stop sequence, a length cut and cache usage', async () => {
    emulator.enqueue(
      converse([{ text: 'one two' }], 'stop_sequence', {
        inputTokens: 5,
        outputTokens: 2,
        cacheReadInputTokens: 100,
        cacheWriteInputTokens: 10,
      } as never),
      converse([{ text: 'cut' }], 'max_tokens'),
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
      prompt_tokens_details: { cached_tokens: 100 },
    });
    expect(lastBody().inferenceConfig).toMatchObject({ stopSequences: ['END'] });
    const cut = await client.chat.completions.create({
      model: 'claude',
      messages: [{ role: 'user', content: 'long' }],
      max_tokens: 1,
    });
    expect(cut.choices[0]?.finish_reason).toBe('length');
  });

  it('passes throttling on as 429 and turns a mid-stream exception into an error', async () => {
    emulator.enqueue({
      kind: 'error',
      status: 429,
      errorType: 'ThrottlingException',
      message: 'Too many requests',
      headers: { 'retry-after': '3' },
    });
    const throttled = await client.chat.completions
      .create({ model: 'claude', messages: [{ role: 'user', content: 'x' }] })
      .catch((thrown: unknown) => thrown);
    expect(throttled).toBeInstanceOf(OpenAI.RateLimitError);
    expect((throttled as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after')).toBe('3');
    emulator.enqueue({
      kind: 'stream-exception',
      afterEvents: 3,
      exceptionType: 'modelStreamErrorException',
      message: 'The model failed',
    });
    const stream = await client.chat.completions.create({
      model: 'claude',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
    });
    const failure = await (async () => {
      for await (const _chunk of stream) {
        // read until the error
      }
    })().catch((thrown: unknown) => thrown);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect(String((failure as Error).message)).toContain('The model failed');
  });

  it('gives the client an error on a corrupted frame', async () => {
    emulator.enqueue({ kind: 'corrupt-crc', afterEvents: 2 });
    const stream = await client.chat.completions.create({
      model: 'claude',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
    });
    const failure = await (async () => {
      for await (const _chunk of stream) {
        // read until the error
      }
    })().catch((thrown: unknown) => thrown);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect((failure as InstanceType<typeof OpenAI.APIError>).code).toBe('MMX_UPSTREAM_INVALID_RESPONSE');
  });
});
