import { createOpenAI } from '@ai-sdk/openai';
import {
  DEFAULT_VERTEX_ACCESS_TOKEN,
  type EmulatorScenario,
  type OpenAICompatibleEmulator,
  startOpenAICompatibleEmulator,
  startVertexEmulator,
  type VertexEmulator,
  type VertexEmulatorScenario,
  validateOpenAiSchema,
} from '@modelmux/testkit';
import { generateText, type ModelMessage, stepCountIs, streamText, tool } from 'ai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseGatewayConfig } from '../src/config/load-gateway-config.js';
import { type StartedServer, startServer } from '../src/server.js';
import { type CapturedResponse, recordingFetch, ssePayloads, TEST_SHUTDOWN_TIMEOUT_MS } from './helpers.js';

// The Vercel AI SDK (`ai` 6, `@ai-sdk/openai` 3) in Responses mode (`provider.responses(model)`) → the gateway →
// Chat Completions (vLLM-like) and Claude on Vertex: text with generateText and streamText, and tool loops the SDK
// runs itself (`tool()` with a zod schema and `execute`, `stopWhen: stepCountIs(3)`).
//
// What the SDK sends: no `store`, `include` or `stream_options` by default (`stream: true` for streamText), but it
// treats `store` as on, the API's default. When it resends a conversation, every assistant text it got back carries
// its output item id (`providerOptions.openai.itemId`, `msg_…`) and goes as `{type: 'item_reference', id}` instead of
// the message; the gateway resolves those references from its store (the item ids name the response that holds
// them). With `providerOptions: { openai: { store: false } }` the SDK sends the items themselves, with their ids, and
// with `previousResponseId` only the new turn. Function calls always go in full (`function_call` +
// `function_call_output`, correlated by `call_id`).
//
// The gateway keeps responses in memory here (`store: 'memory'`): the same code path as SQLite, without a file.

const CLAUDE = 'claude-sonnet-4-5@20250929';

type Model = 'fast' | 'claude';

let openai: OpenAICompatibleEmulator;
let vertex: VertexEmulator;
let gateway: StartedServer;
let provider: ReturnType<typeof createOpenAI>;
/** Every body the SDK posted to the gateway, in order. */
const sentBodies: Array<Record<string, unknown>> = [];
/** Every reply the gateway sent back, for the schema checks after each test. */
const replies: CapturedResponse[] = [];

beforeAll(async () => {
  [openai, vertex] = await Promise.all([startOpenAICompatibleEmulator(), startVertexEmulator()]);
  const config = parseGatewayConfig({
    server: { log_level: 'silent', shutdown_timeout_ms: TEST_SHUTDOWN_TIMEOUT_MS },
    responses: { store: 'memory' },
    providers: {
      vllm: { type: 'openai-compatible', base_url: openai.url },
      vertex: {
        type: 'vertex',
        project: 'my-proj',
        region: 'us-east5',
        base_url: vertex.url,
        credentials: { type: 'access_token', token: DEFAULT_VERTEX_ACCESS_TOKEN },
        models: { [CLAUDE]: { max_output_tokens: 512 } },
      },
    },
    models: { fast: { targets: ['vllm:qwen3'] }, claude: { targets: [`vertex:${CLAUDE}`] } },
  });
  gateway = await startServer({ config, env: {}, host: '127.0.0.1', port: 0, logger: false });
  const recording = recordingFetch(replies);
  provider = createOpenAI({
    baseURL: `${gateway.url}/v1`,
    apiKey: 'client-key',
    fetch: (input, init) => {
      if (typeof init?.body === 'string') sentBodies.push(JSON.parse(init.body));
      return recording(input, init);
    },
  });
});

afterEach(async () => {
  openai.reset();
  vertex.reset();
  sentBodies.length = 0;
  for (const reply of replies.splice(0)) {
    const text = await reply.text;
    if (reply.contentType.includes('event-stream')) {
      const events = ssePayloads(text).map((payload) => JSON.parse(payload));
      for (const event of events) expect(validateOpenAiSchema('ResponseStreamEvent', event)).toEqual([]);
      expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
      expect(events[0]?.type).toBe('response.created');
      expect(events.at(-1)?.type).toBe('response.completed');
    } else {
      const body = JSON.parse(text);
      expect(validateOpenAiSchema(reply.status === 200 ? 'Response' : 'ErrorResponse', body)).toEqual([]);
    }
  }
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([openai?.close(), vertex?.close()]);
});

interface Tokens {
  input: number;
  output: number;
}

/** How each upstream is told to answer: a text, or a `get_weather` call for Paris (optionally after some text). */
const UPSTREAMS = {
  fast: {
    callId: 'call_7',
    emulator: () => openai,
    text: (text: string, tokens: Tokens): EmulatorScenario => ({
      kind: 'text',
      text,
      usage: { prompt_tokens: tokens.input, completion_tokens: tokens.output },
    }),
    toolCall: (tokens: Tokens, preamble?: string): EmulatorScenario => ({
      kind: 'tool-calls',
      calls: [{ name: 'get_weather', arguments: '{"city":"Paris"}', id: 'call_7' }],
      ...(preamble === undefined ? {} : { text: preamble }),
      usage: { prompt_tokens: tokens.input, completion_tokens: tokens.output },
    }),
  },
  claude: {
    callId: 'toolu_7',
    emulator: () => vertex,
    text: (text: string, tokens: Tokens): VertexEmulatorScenario => ({
      kind: 'anthropic-message',
      message: {
        content: [{ type: 'text', text }],
        stop_reason: 'end_turn',
        usage: { input_tokens: tokens.input, output_tokens: tokens.output },
      },
    }),
    toolCall: (tokens: Tokens, preamble?: string): VertexEmulatorScenario => ({
      kind: 'anthropic-message',
      message: {
        content: [
          ...(preamble === undefined ? [] : [{ type: 'text' as const, text: preamble }]),
          { type: 'tool_use', id: 'toolu_7', name: 'get_weather', input: { city: 'Paris' } },
        ],
        stop_reason: 'tool_use',
        usage: { input_tokens: tokens.input, output_tokens: tokens.output },
      },
    }),
  },
} as const;

function enqueue(model: Model, ...scenarios: Array<EmulatorScenario | VertexEmulatorScenario>): void {
  if (model === 'fast') openai.enqueue(...(scenarios as EmulatorScenario[]));
  else vertex.enqueue(...(scenarios as VertexEmulatorScenario[]));
}

/** The bodies the model's upstream emulator received, in order. */
function upstreamBodies(model: Model): Array<Record<string, unknown>> {
  return UPSTREAMS[model].emulator().requests.map((request) => request.body as Record<string, unknown>);
}

/** A chat message's or Anthropic block list's text: a string, or its `text` parts joined. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter((part: { type?: string }) => part.type === 'text')
    .map((part: { text?: string }) => part.text)
    .join('');
}

/** The conversation an upstream request carried, as `role: text` lines (Claude's `system` first when present). */
function upstreamTexts(body: Record<string, unknown>): string[] {
  const messages = body.messages as Array<{ role: string; content: unknown }>;
  const lines = messages.map((message) => `${message.role}: ${textOf(message.content)}`);
  return body.system === undefined ? lines : [`system: ${textOf(body.system)}`, ...lines];
}

/**
 * The tool round trip as the upstream got it on the second step: the assistant's call and the tool result, in the
 * upstream's own wire format, correlated by the call id the upstream made up.
 */
function expectToolRoundTrip(model: Model, body: Record<string, unknown>, preamble?: string): void {
  const result = JSON.stringify({ city: 'Paris', temperatureC: 21, sky: 'sunny' });
  if (model === 'fast') {
    expect(body.messages).toMatchObject([
      { role: 'user', content: 'What is the weather in Paris?' },
      {
        role: 'assistant',
        content: preamble ?? null,
        tool_calls: [
          {
            id: 'call_7',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_7', content: result },
    ]);
  } else {
    expect(body.messages).toMatchObject([
      { role: 'user', content: [{ type: 'text', text: 'What is the weather in Paris?' }] },
      {
        role: 'assistant',
        content: [
          ...(preamble === undefined ? [] : [{ type: 'text', text: preamble }]),
          { type: 'tool_use', id: 'toolu_7', name: 'get_weather', input: { city: 'Paris' } },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_7', content: result }] },
    ]);
  }
}

/** A `get_weather` tool that records what the SDK ran it with. */
function weatherTool() {
  const runs: Array<{ city: string }> = [];
  const getWeather = tool({
    description: 'Current weather for a city',
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => {
      runs.push({ city });
      return { city, temperatureC: 21, sky: 'sunny' };
    },
  });
  return { runs, tools: { get_weather: getWeather } };
}

const USER_TURN = { role: 'user', content: [{ type: 'input_text', text: 'What is the weather in Paris?' }] };

describe.each([
  ['fast', 'Chat Completions upstream'],
  ['claude', 'Claude on Vertex'],
] as const)('AI SDK Responses provider over %s (%s)', (model: Model, _upstream: string) => {
  const upstream = UPSTREAMS[model];

  it('generateText: text, finish reason, usage and ids; the body the SDK sends', async () => {
    enqueue(model, upstream.text('Hello there, friend.', { input: 12, output: 4 }));
    const result = await generateText({
      model: provider.responses(model),
      system: 'Be brief.',
      prompt: 'Say hello.',
      maxRetries: 0,
    });
    expect(result.text).toBe('Hello there, friend.');
    expect(result.finishReason).toBe('stop');
    expect(result.usage).toMatchObject({ inputTokens: 12, outputTokens: 4, totalTokens: 16 });
    expect(result.providerMetadata?.openai?.responseId).toMatch(/^resp_/);
    expect(result.response.messages).toMatchObject([
      {
        role: 'assistant',
        content: [
          {
            type: 'text',
            text: 'Hello there, friend.',
            providerOptions: { openai: { itemId: expect.stringMatching(/^msg_/) } },
          },
        ],
      },
    ]);
    // No store, include or stream fields: the API's defaults apply (store on).
    expect(sentBodies).toEqual([
      {
        model,
        input: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: [{ type: 'input_text', text: 'Say hello.' }] },
        ],
      },
    ]);
    expect(upstreamTexts(upstreamBodies(model)[0] ?? {})).toEqual(['system: Be brief.', 'user: Say hello.']);
  });

  it('streamText: textStream read in full is the reply, piece by piece; finish reason and usage', async () => {
    const reply = 'The quick brown fox jumps over the lazy dog.';
    enqueue(model, upstream.text(reply, { input: 9, output: 9 }));
    const result = streamText({
      model: provider.responses(model),
      prompt: 'Tell me a pangram.',
      maxRetries: 0,
    });
    const pieces: string[] = [];
    for await (const piece of result.textStream) pieces.push(piece);
    expect(pieces.join('')).toBe(reply);
    expect(pieces.length).toBeGreaterThan(1);
    expect(await result.text).toBe(reply);
    expect(await result.finishReason).toBe('stop');
    expect(await result.usage).toMatchObject({ inputTokens: 9, outputTokens: 9, totalTokens: 18 });
    expect((await result.providerMetadata)?.openai?.responseId).toMatch(/^resp_/);
    expect(sentBodies).toEqual([
      {
        model,
        input: [{ role: 'user', content: [{ type: 'input_text', text: 'Tell me a pangram.' }] }],
        stream: true,
      },
    ]);
    expect(upstreamBodies(model)[0]?.stream).toBe(true);
  });

  it('a second turn resends the history as items with store: false', async () => {
    enqueue(
      model,
      upstream.text('Hello there.', { input: 3, output: 2 }),
      upstream.text('Hello again.', { input: 8, output: 2 }),
    );
    const noStore = { openai: { store: false } };
    const first = await generateText({
      model: provider.responses(model),
      prompt: 'Say hello.',
      providerOptions: noStore,
      maxRetries: 0,
    });
    const messages: ModelMessage[] = [
      { role: 'user', content: 'Say hello.' },
      ...first.response.messages,
      { role: 'user', content: 'Again.' },
    ];
    const second = await generateText({
      model: provider.responses(model),
      messages,
      providerOptions: noStore,
      maxRetries: 0,
    });
    expect(second.text).toBe('Hello again.');
    expect(sentBodies[1]).toEqual({
      model,
      input: [
        { role: 'user', content: [{ type: 'input_text', text: 'Say hello.' }] },
        {
          role: 'assistant',
          content: [{ type: 'output_text', text: 'Hello there.' }],
          id: expect.stringMatching(/^msg_/),
        },
        { role: 'user', content: [{ type: 'input_text', text: 'Again.' }] },
      ],
      store: false,
    });
    expect(upstreamTexts(upstreamBodies(model)[1] ?? {})).toEqual([
      'user: Say hello.',
      'assistant: Hello there.',
      'user: Again.',
    ]);
  });

  it('a second turn by previousResponseId (store on) sends only the new turn; the gateway adds the history', async () => {
    enqueue(
      model,
      upstream.text('Hello there.', { input: 3, output: 2 }),
      upstream.text('Hello again.', { input: 8, output: 2 }),
    );
    const first = await generateText({
      model: provider.responses(model),
      prompt: 'Say hello.',
      maxRetries: 0,
    });
    const previousResponseId = first.providerMetadata?.openai?.responseId;
    expect(previousResponseId).toMatch(/^resp_/);
    const second = await generateText({
      model: provider.responses(model),
      prompt: 'Again.',
      providerOptions: { openai: { previousResponseId: String(previousResponseId) } },
      maxRetries: 0,
    });
    expect(second.text).toBe('Hello again.');
    expect(sentBodies[1]).toEqual({
      model,
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Again.' }] }],
      previous_response_id: previousResponseId,
    });
    expect(upstreamTexts(upstreamBodies(model)[1] ?? {})).toEqual([
      'user: Say hello.',
      'assistant: Hello there.',
      'user: Again.',
    ]);
  });

  it('with the SDK defaults a resent assistant text is an item_reference, resolved from the gateway’s store', async () => {
    enqueue(
      model,
      upstream.text('Hello there.', { input: 3, output: 2 }),
      upstream.text('Hello again.', { input: 8, output: 2 }),
    );
    const first = await generateText({
      model: provider.responses(model),
      prompt: 'Say hello.',
      maxRetries: 0,
    });
    const [reply] = first.response.messages;
    const [part] = (reply?.content ?? []) as Array<{ providerOptions?: { openai?: { itemId?: string } } }>;
    const itemId = part?.providerOptions?.openai?.itemId;
    expect(itemId).toMatch(/^msg_/);
    const second = await generateText({
      model: provider.responses(model),
      messages: [
        { role: 'user', content: 'Say hello.' },
        ...first.response.messages,
        { role: 'user', content: 'Again.' },
      ],
      maxRetries: 0,
    });
    expect(sentBodies[1]?.input).toEqual([
      { role: 'user', content: [{ type: 'input_text', text: 'Say hello.' }] },
      { type: 'item_reference', id: itemId },
      { role: 'user', content: [{ type: 'input_text', text: 'Again.' }] },
    ]);
    expect(second.text).toBe('Hello again.');
    expect(upstreamTexts(upstreamBodies(model)[1] ?? {})).toEqual([
      'user: Say hello.',
      'assistant: Hello there.',
      'user: Again.',
    ]);
  });

  it('tool loop with generateText: the SDK runs the tool and continues to the final answer', async () => {
    enqueue(
      model,
      upstream.toolCall({ input: 20, output: 5 }),
      upstream.text('It is 21 °C and sunny in Paris.', { input: 30, output: 8 }),
    );
    const { runs, tools } = weatherTool();
    const result = await generateText({
      model: provider.responses(model),
      prompt: 'What is the weather in Paris?',
      tools,
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });
    expect(runs).toEqual([{ city: 'Paris' }]);
    expect(result.text).toBe('It is 21 °C and sunny in Paris.');
    expect(result.finishReason).toBe('stop');
    expect(result.steps).toHaveLength(2);
    const [toolStep] = result.steps;
    expect(toolStep?.finishReason).toBe('tool-calls');
    expect(toolStep?.toolCalls).toMatchObject([
      { type: 'tool-call', toolCallId: upstream.callId, toolName: 'get_weather', input: { city: 'Paris' } },
    ]);
    expect(toolStep?.toolResults).toMatchObject([
      {
        type: 'tool-result',
        toolCallId: upstream.callId,
        toolName: 'get_weather',
        output: { city: 'Paris', temperatureC: 21, sky: 'sunny' },
      },
    ]);
    expect(toolStep?.usage).toMatchObject({ inputTokens: 20, outputTokens: 5 });
    expect(result.usage).toMatchObject({ inputTokens: 30, outputTokens: 8, totalTokens: 38 });
    expect(result.totalUsage).toMatchObject({ inputTokens: 50, outputTokens: 13, totalTokens: 63 });

    expect(sentBodies).toHaveLength(2);
    expect(sentBodies[0]?.tools).toEqual([
      expect.objectContaining({
        type: 'function',
        name: 'get_weather',
        description: 'Current weather for a city',
        parameters: expect.objectContaining({ type: 'object', required: ['city'] }),
      }),
    ]);
    expect(sentBodies[1]?.input).toEqual([
      USER_TURN,
      { type: 'function_call', call_id: upstream.callId, name: 'get_weather', arguments: '{"city":"Paris"}' },
      {
        type: 'function_call_output',
        call_id: upstream.callId,
        output: '{"city":"Paris","temperatureC":21,"sky":"sunny"}',
      },
    ]);
    expect(upstreamBodies(model)).toHaveLength(2);
    expectToolRoundTrip(model, upstreamBodies(model)[1] ?? {});
  });

  it('tool loop with streamText: the same, streamed; textStream holds the final answer', async () => {
    enqueue(
      model,
      upstream.toolCall({ input: 20, output: 5 }),
      upstream.text('It is 21 °C and sunny in Paris.', { input: 30, output: 8 }),
    );
    const { runs, tools } = weatherTool();
    const result = streamText({
      model: provider.responses(model),
      prompt: 'What is the weather in Paris?',
      tools,
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });
    let text = '';
    for await (const piece of result.textStream) text += piece;
    expect(text).toBe('It is 21 °C and sunny in Paris.');
    expect(runs).toEqual([{ city: 'Paris' }]);
    expect(await result.finishReason).toBe('stop');
    const steps = await result.steps;
    expect(steps.map((step) => step.finishReason)).toEqual(['tool-calls', 'stop']);
    expect(steps[0]?.toolCalls).toMatchObject([{ toolCallId: upstream.callId, input: { city: 'Paris' } }]);
    expect(steps[0]?.toolResults).toMatchObject([
      { toolCallId: upstream.callId, output: { city: 'Paris', temperatureC: 21, sky: 'sunny' } },
    ]);
    expect(await result.totalUsage).toMatchObject({ inputTokens: 50, outputTokens: 13, totalTokens: 63 });
    expect(sentBodies.map((body) => body.stream)).toEqual([true, true]);
    expect((sentBodies[1]?.input as unknown[] | undefined)?.[2]).toEqual({
      type: 'function_call_output',
      call_id: upstream.callId,
      output: '{"city":"Paris","temperatureC":21,"sky":"sunny"}',
    });
    expectToolRoundTrip(model, upstreamBodies(model)[1] ?? {});
  });

  it('tool loop after text before the call: store false sends the text as a message item', async () => {
    enqueue(
      model,
      upstream.toolCall({ input: 20, output: 9 }, 'Let me check.'),
      upstream.text('It is 21 °C and sunny in Paris.', { input: 30, output: 8 }),
    );
    const { runs, tools } = weatherTool();
    const result = await generateText({
      model: provider.responses(model),
      prompt: 'What is the weather in Paris?',
      tools,
      stopWhen: stepCountIs(3),
      providerOptions: { openai: { store: false } },
      maxRetries: 0,
    });
    expect(runs).toEqual([{ city: 'Paris' }]);
    expect(result.steps.map((step) => step.text)).toEqual([
      'Let me check.',
      'It is 21 °C and sunny in Paris.',
    ]);
    expect(result.finishReason).toBe('stop');
    expect(sentBodies[1]?.input).toEqual([
      USER_TURN,
      {
        role: 'assistant',
        content: [{ type: 'output_text', text: 'Let me check.' }],
        id: expect.stringMatching(/^msg_/),
      },
      { type: 'function_call', call_id: upstream.callId, name: 'get_weather', arguments: '{"city":"Paris"}' },
      {
        type: 'function_call_output',
        call_id: upstream.callId,
        output: '{"city":"Paris","temperatureC":21,"sky":"sunny"}',
      },
    ]);
    expectToolRoundTrip(model, upstreamBodies(model)[1] ?? {}, 'Let me check.');
  });

  it('text before the call with the SDK defaults: the second step’s item_reference is resolved and the loop completes', async () => {
    enqueue(
      model,
      upstream.toolCall({ input: 20, output: 9 }, 'Let me check.'),
      upstream.text('It is 21 °C and sunny in Paris.', { input: 30, output: 8 }),
    );
    const { runs, tools } = weatherTool();
    const result = await generateText({
      model: provider.responses(model),
      prompt: 'What is the weather in Paris?',
      tools,
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });
    expect(runs).toEqual([{ city: 'Paris' }]);
    expect(sentBodies[1]?.input).toEqual([
      USER_TURN,
      { type: 'item_reference', id: expect.stringMatching(/^msg_/) },
      { type: 'function_call', call_id: upstream.callId, name: 'get_weather', arguments: '{"city":"Paris"}' },
      {
        type: 'function_call_output',
        call_id: upstream.callId,
        output: '{"city":"Paris","temperatureC":21,"sky":"sunny"}',
      },
    ]);
    expect(result.text).toBe('It is 21 °C and sunny in Paris.');
    expectToolRoundTrip(model, upstreamBodies(model)[1] ?? {}, 'Let me check.');
  });
});
