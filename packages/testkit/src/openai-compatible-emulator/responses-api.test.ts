import OpenAI from 'openai';
import type {
  Response,
  ResponseCreateParamsNonStreaming,
  ResponseStreamEvent,
} from 'openai/resources/responses/responses';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { validateOpenAiSchema } from '../openapi/validate-openai-schema.js';
import {
  type OpenAICompatibleEmulator,
  startOpenAICompatibleEmulator,
} from './openai-compatible-emulator.js';

let emulator: OpenAICompatibleEmulator;
let client: OpenAI;
const input = 'What is the weather in Paris?';
const weatherTool = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Current weather of a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: true,
};

beforeAll(async () => {
  emulator = await startOpenAICompatibleEmulator();
  client = new OpenAI({ baseURL: emulator.url, apiKey: 'test', maxRetries: 0 });
});

afterEach(() => emulator.reset());

afterAll(() => emulator.close());

/** Creates a response through the SDK and checks it against the OpenAPI `Response` schema. */
async function create(params: Omit<ResponseCreateParamsNonStreaming, 'model'>): Promise<Response> {
  const response = await client.responses.create({ model: 'gpt-test', ...params });
  expect(validateOpenAiSchema('Response', response)).toEqual([]);
  return response;
}

/** Streams through `responses.stream()`, checking every event's schema and its `sequence_number`. */
async function stream(
  params: Omit<ResponseCreateParamsNonStreaming, 'model' | 'stream'>,
): Promise<{ events: ResponseStreamEvent[]; final: Response }> {
  const runner = client.responses.stream({ model: 'gpt-test', ...params });
  const events: ResponseStreamEvent[] = [];
  runner.on('event', (event) => events.push(event));
  const final = await runner.finalResponse();
  events.forEach((event, index) => {
    expect(event.sequence_number).toBe(index);
    expect(validateOpenAiSchema('ResponseStreamEvent', event)).toEqual([]);
  });
  return { events, final };
}

describe('POST /v1/responses, non-streaming', () => {
  it('answers with a completed response that the SDK reads and the OpenAPI schema accepts', async () => {
    const response = await create({ input });
    expect(response.output_text).toBe('Hello from the modelmux emulator.');
    expect(response).toMatchObject({
      object: 'response',
      status: 'completed',
      model: 'gpt-test',
      error: null,
      incomplete_details: null,
      instructions: null,
      parallel_tool_calls: true,
      previous_response_id: null,
      store: true,
      tool_choice: 'auto',
      tools: [],
      text: { format: { type: 'text' } },
      metadata: {},
      usage: {
        input_tokens: 6,
        input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
        output_tokens: 5,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 11,
      },
    });
    expect(response.id).toMatch(/^resp_/);
    expect(response.created_at).toBeTypeOf('number');
    expect(response.completed_at).toBeGreaterThanOrEqual(response.created_at);
    expect(response.output).toHaveLength(1);
    const message = response.output[0]!;
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text: 'Hello from the modelmux emulator.', annotations: [] }],
    });
    expect((message as { id: string }).id).toMatch(/^msg_/);
    expect(emulator.requests[0]).toMatchObject({ method: 'POST', path: '/v1/responses' });
  });

  it('sends no output_text on the wire (an SDK convenience) and a schema-valid body', async () => {
    const reply = await fetch(`${emulator.url}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-test', input }),
    });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(reply.headers.get('x-request-id')).toMatch(/^req_/);
    const body = (await reply.json()) as Record<string, unknown>;
    expect(validateOpenAiSchema('Response', body)).toEqual([]);
    expect(body).not.toHaveProperty('output_text');
  });

  it('echoes instructions, flat function tools, tool_choice, text.format, metadata and the other settings', async () => {
    const format = {
      type: 'json_schema' as const,
      name: 'answer',
      schema: { type: 'object', properties: { text: { type: 'string' } } },
      strict: true,
    };
    emulator.enqueue({ kind: 'text', text: '{"text":"sunny"}' });
    const response = await create({
      input,
      instructions: 'Answer briefly.',
      tools: [weatherTool, { type: 'function', name: 'no_params', parameters: null, strict: null }],
      tool_choice: { type: 'function', name: 'get_weather' },
      parallel_tool_calls: false,
      text: { format },
      metadata: { trace: 'abc' },
      previous_response_id: 'resp_previous',
      store: false,
      max_output_tokens: 64,
      temperature: 0.2,
      top_p: 0.5,
    });
    expect(response).toMatchObject({
      instructions: 'Answer briefly.',
      tools: [weatherTool, { type: 'function', name: 'no_params', parameters: null, strict: true }],
      tool_choice: { type: 'function', name: 'get_weather' },
      parallel_tool_calls: false,
      text: { format },
      metadata: { trace: 'abc' },
      previous_response_id: 'resp_previous',
      store: false,
      max_output_tokens: 64,
      temperature: 0.2,
      top_p: 0.5,
    });
    expect(JSON.parse(response.output_text)).toEqual({ text: 'sunny' });
    // Instructions count as input.
    expect(response.usage?.input_tokens).toBe(8);
    expect(emulator.requests[0]!.body).toMatchObject({ previous_response_id: 'resp_previous', store: false });
  });

  it('takes a list of input items: messages with input_text, function calls and their outputs', async () => {
    const response = await create({
      input: [
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Weather in Paris?' }] },
        { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call_output', call_id: 'call_1', output: '{"temp": 21}' },
        { role: 'user', content: 'Thanks' },
      ],
    });
    expect(response.status).toBe('completed');
    // 3 words + (1 + 1) for the call + 2 for its output + 1.
    expect(response.usage?.input_tokens).toBe(8);
  });

  it('answers tool-calls scenarios with function_call items after an optional message', async () => {
    emulator.enqueue({
      kind: 'tool-calls',
      text: 'Checking.',
      calls: [
        { name: 'get_weather', arguments: '{"city":"Paris"}', id: 'call_abc' },
        { name: 'get_time', arguments: '{}' },
      ],
    });
    const response = await create({ input, tools: [weatherTool] });
    expect(response.status).toBe('completed');
    expect(response.output_text).toBe('Checking.');
    expect(response.output.map((item) => item.type)).toEqual(['message', 'function_call', 'function_call']);
    expect(response.output[1]).toMatchObject({
      type: 'function_call',
      status: 'completed',
      call_id: 'call_abc',
      name: 'get_weather',
      arguments: '{"city":"Paris"}',
    });
    expect((response.output[1] as { id: string }).id).toMatch(/^fc_/);
    expect(response.output[2]).toMatchObject({
      call_id: 'call_emulator_1',
      name: 'get_time',
      arguments: '{}',
    });
    expect(response.usage?.output_tokens).toBe(1 + 2 + 2);
  });

  it("turns finishReason 'length' into an incomplete response with max_output_tokens", async () => {
    emulator.enqueue({ kind: 'text', text: 'Cut short', finishReason: 'length' });
    const response = await create({ input, max_output_tokens: 16 });
    expect(response).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      completed_at: null,
      output: [{ type: 'message', status: 'incomplete' }],
    });
    expect(response.output_text).toBe('Cut short');
  });

  it("turns finishReason 'content_filter' into an incomplete response with content_filter", async () => {
    emulator.enqueue({ kind: 'text', text: 'Partial', finishReason: 'content_filter' });
    const response = await create({ input });
    expect(response.incomplete_details).toEqual({ reason: 'content_filter' });
  });

  it('sends reasoning as a reasoning item before the message and counts its tokens', async () => {
    emulator.enqueue({ kind: 'text', text: 'Sunny.', reasoning: 'The user asks about Paris.' });
    const response = await create({ input });
    expect(response.output[0]).toMatchObject({
      type: 'reasoning',
      summary: [],
      content: [{ type: 'reasoning_text', text: 'The user asks about Paris.' }],
    });
    expect((response.output[0] as { id: string }).id).toMatch(/^rs_/);
    expect(response.output_text).toBe('Sunny.');
    expect(response.usage).toMatchObject({
      output_tokens: 6,
      output_tokens_details: { reasoning_tokens: 5 },
    });
  });

  it('reports the given usage with its details, or none for usage null', async () => {
    emulator.enqueue(
      {
        kind: 'text',
        usage: { prompt_tokens: 100, completion_tokens: 20, cached_tokens: 64, reasoning_tokens: 12 },
      },
      { kind: 'text', usage: null },
    );
    const given = await create({ input });
    expect(given.usage).toEqual({
      input_tokens: 100,
      input_tokens_details: { cached_tokens: 64, cache_write_tokens: 0 },
      output_tokens: 20,
      output_tokens_details: { reasoning_tokens: 12 },
      total_tokens: 120,
    });
    const none = await create({ input });
    expect(none).not.toHaveProperty('usage');
  });
});

describe('POST /v1/responses, streaming', () => {
  it('streams the documented text event sequence that finalResponse() accepts', async () => {
    const { events, final } = await stream({ input });
    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const [created, inProgress] = events;
    for (const event of [created, inProgress]) {
      expect(event).toMatchObject({ response: { status: 'in_progress', output: [], completed_at: null } });
      expect((event as { response: Response }).response).not.toHaveProperty('usage');
    }
    const deltas = events.filter((event) => event.type === 'response.output_text.delta');
    expect(deltas.map((event) => event.delta)).toEqual(['Hello ', 'from ', 'the ', 'modelmux ', 'emulator.']);
    const itemId = final.output[0]!.id;
    for (const delta of deltas)
      expect(delta).toMatchObject({ item_id: itemId, output_index: 0, content_index: 0 });
    expect(events[2]).toMatchObject({ item: { id: itemId, status: 'in_progress', content: [] } });
    const completed = events.at(-1) as Extract<ResponseStreamEvent, { type: 'response.completed' }>;
    expect(final.id).toBe(completed.response.id);
    expect(final.output_text).toBe('Hello from the modelmux emulator.');
    expect(final.status).toBe('completed');
    expect(final.usage?.total_tokens).toBe(11);
    expect(validateOpenAiSchema('Response', completed.response)).toEqual([]);
  });

  it('frames each event as event: + data: lines, with no [DONE] terminator', async () => {
    const reply = await fetch(`${emulator.url}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-test', input, stream: true }),
    });
    expect(reply.headers.get('content-type')).toBe('text/event-stream');
    const text = await reply.text();
    const frames = text.split('\n\n').filter((frame) => frame !== '');
    expect(frames).toHaveLength(13);
    for (const frame of frames) {
      const [eventLine, dataLine, ...rest] = frame.split('\n');
      expect(rest).toEqual([]);
      const data = JSON.parse(dataLine!.replace(/^data: /, '')) as { type: string };
      expect(eventLine).toBe(`event: ${data.type}`);
    }
    expect(text).not.toContain('[DONE]');
  });

  it('streams function calls as function_call_arguments deltas and done', async () => {
    emulator.enqueue({
      kind: 'tool-calls',
      calls: [{ name: 'get_weather', arguments: '{"city":"Paris"}', id: 'call_abc' }],
    });
    const { events, final } = await stream({ input, tools: [weatherTool] });
    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events[2]).toMatchObject({
      item: {
        type: 'function_call',
        status: 'in_progress',
        arguments: '',
        call_id: 'call_abc',
        name: 'get_weather',
      },
    });
    const deltas = events.filter((event) => event.type === 'response.function_call_arguments.delta');
    expect(deltas.map((event) => event.delta).join('')).toBe('{"city":"Paris"}');
    expect(events[6]).toMatchObject({ name: 'get_weather', arguments: '{"city":"Paris"}', output_index: 0 });
    expect(final.output[0]).toMatchObject({
      type: 'function_call',
      status: 'completed',
      call_id: 'call_abc',
      arguments: '{"city":"Paris"}',
    });
  });

  it('streams a message before the calls, each item with its own output_index', async () => {
    emulator.enqueue({ kind: 'tool-calls', text: 'Checking.', calls: [{ name: 'a', arguments: '{}' }] });
    const { events, final } = await stream({ input });
    const added = events.filter((event) => event.type === 'response.output_item.added');
    expect(added.map((event) => [event.output_index, event.item.type])).toEqual([
      [0, 'message'],
      [1, 'function_call'],
    ]);
    expect(final.output_text).toBe('Checking.');
    expect(final.output[1]).toMatchObject({ type: 'function_call', name: 'a', arguments: '{}' });
  });

  it('ends with response.incomplete for a length scenario', async () => {
    emulator.enqueue({ kind: 'text', text: 'Cut short', finishReason: 'length' });
    const { events, final } = await stream({ input });
    expect(events.at(-1)!.type).toBe('response.incomplete');
    expect(events.at(-2)).toMatchObject({
      type: 'response.output_item.done',
      item: { status: 'incomplete' },
    });
    expect(final).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
    });
    expect(final.output_text).toBe('Cut short');
  });

  it('streams reasoning_text before the output text', async () => {
    emulator.enqueue({ kind: 'text', text: 'Sunny.', reasoning: 'Think first.' });
    const { events, final } = await stream({ input });
    expect(events.slice(2, 9).map((event) => event.type)).toEqual([
      'response.output_item.added',
      'response.content_part.added',
      'response.reasoning_text.delta',
      'response.reasoning_text.delta',
      'response.reasoning_text.done',
      'response.content_part.done',
      'response.output_item.done',
    ]);
    expect(final.output[0]).toMatchObject({ type: 'reasoning', content: [{ text: 'Think first.' }] });
    expect(final.output_text).toBe('Sunny.');
  });

  it('splits the text into the given number of chunks and paces events by chunkDelayMs', async () => {
    emulator.enqueue({ kind: 'text', text: 'One two three four', chunks: 2, chunkDelayMs: 15 });
    const started = Date.now();
    const { events, final } = await stream({ input });
    const deltas = events.filter((event) => event.type === 'response.output_text.delta');
    // Pieces of about equal length, as chat's `chunks`.
    expect(deltas.map((event) => event.delta)).toEqual(['One two t', 'hree four']);
    expect(final.output_text).toBe('One two three four');
    // 11 events, 10 pauses.
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('reads the same stream through responses.create({stream: true})', async () => {
    const events: ResponseStreamEvent[] = [];
    for await (const event of await client.responses.create({ model: 'gpt-test', input, stream: true }))
      events.push(event);
    expect(events).toHaveLength(13);
    expect(events.map((event) => event.sequence_number)).toEqual([...events.keys()]);
  });
});

describe('the scenario queue', () => {
  it('is shared with chat: whichever request comes next takes the next scenario', async () => {
    emulator.enqueue(
      { kind: 'text', text: 'first' },
      { kind: 'text', text: 'second' },
      { kind: 'text', text: 'third' },
    );
    const chat = await client.chat.completions.create({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    const response = await create({ input });
    const streamed = await stream({ input });
    expect(chat.choices[0]!.message.content).toBe('first');
    expect(response.output_text).toBe('second');
    expect(streamed.final.output_text).toBe('third');
  });

  it('adds the model to GET /v1/models', async () => {
    await create({ input });
    await client.responses.create({ model: 'responses-only-model', input });
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toContain('responses-only-model');
  });
});
