import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertOpenAiSchema, validateOpenAiSchema } from '../openapi/validate-openai-schema.js';
import {
  type OpenAICompatibleEmulator,
  startOpenAICompatibleEmulator,
} from './openai-compatible-emulator.js';

let emulator: OpenAICompatibleEmulator;
let client: OpenAI;
const messages = [{ role: 'user' as const, content: 'What is the weather in Paris?' }];

beforeAll(async () => {
  emulator = await startOpenAICompatibleEmulator();
  client = new OpenAI({ baseURL: emulator.url, apiKey: 'test', maxRetries: 0 });
});

afterEach(() => emulator.reset());

afterAll(() => emulator.close());

async function collectChunks(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) {
    assertOpenAiSchema('CreateChatCompletionStreamResponse', chunk);
    chunks.push(chunk);
  }
  return chunks;
}

function joinedContent(chunks: readonly ChatCompletionChunk[]): string {
  return chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
}

describe('startOpenAICompatibleEmulator', () => {
  it('listens on 127.0.0.1 and exposes the /v1 base URL and the origin', () => {
    expect(emulator.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.url).toBe(`${emulator.origin}/v1`);
  });
});

describe('chat completions, non-streaming', () => {
  it('answers with a chat.completion that the SDK reads and the OpenAPI schema accepts', async () => {
    const completion = await client.chat.completions.create({ model: 'gpt-test', messages });
    assertOpenAiSchema('CreateChatCompletionResponse', completion);
    expect(completion).toMatchObject({
      object: 'chat.completion',
      model: 'gpt-test',
      system_fingerprint: 'fp_emulator',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hello from the modelmux emulator.', refusal: null },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: 6, completion_tokens: 5, total_tokens: 11 },
    });
    expect(completion.id).toMatch(/^chatcmpl-/);
    expect(completion.created).toBeTypeOf('number');
  });

  it('sends reasoning_content next to the content, vLLM/DeepSeek style', async () => {
    emulator.enqueue({ kind: 'text', text: 'Sunny.', reasoning: 'The user asks about Paris.' });
    const completion = await client.chat.completions.create({ model: 'gpt-test', messages });
    assertOpenAiSchema('CreateChatCompletionResponse', completion);
    const message = completion.choices[0]!.message as unknown as Record<string, unknown>;
    expect(message.reasoning_content).toBe('The user asks about Paris.');
    expect(message.content).toBe('Sunny.');
    expect(completion.usage?.completion_tokens_details?.reasoning_tokens).toBe(5);
  });

  it('reports the given usage, with cached and reasoning token details', async () => {
    emulator.enqueue({
      kind: 'text',
      usage: { prompt_tokens: 100, completion_tokens: 20, cached_tokens: 64, reasoning_tokens: 12 },
      finishReason: 'length',
    });
    const completion = await client.chat.completions.create({ model: 'gpt-test', messages });
    assertOpenAiSchema('CreateChatCompletionResponse', completion);
    expect(completion.choices[0]!.finish_reason).toBe('length');
    expect(completion.usage).toEqual({
      prompt_tokens: 100,
      completion_tokens: 20,
      total_tokens: 120,
      prompt_tokens_details: { cached_tokens: 64 },
      completion_tokens_details: { reasoning_tokens: 12 },
    });
  });

  it('leaves usage out when the scenario says null', async () => {
    emulator.enqueue({ kind: 'text', usage: null });
    const completion = await client.chat.completions.create({ model: 'gpt-test', messages });
    assertOpenAiSchema('CreateChatCompletionResponse', completion);
    expect(completion).not.toHaveProperty('usage');
  });

  it('answers tool calls with finish_reason tool_calls', async () => {
    emulator.enqueue({
      kind: 'tool-calls',
      calls: [{ name: 'get_weather', arguments: '{"city":"Paris"}', id: 'call_abc' }],
    });
    const completion = await client.chat.completions.create({ model: 'gpt-test', messages });
    assertOpenAiSchema('CreateChatCompletionResponse', completion);
    expect(completion.choices[0]).toMatchObject({
      finish_reason: 'tool_calls',
      message: {
        content: null,
        tool_calls: [
          {
            id: 'call_abc',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
        ],
      },
    });
  });
});

describe('chat completions, streaming', () => {
  it('streams the text one word per chunk, role first, finish_reason last, one id and created', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-test', messages, stream: true });
    const chunks = await collectChunks(stream);
    expect(joinedContent(chunks)).toBe('Hello from the modelmux emulator.');
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content)).toEqual([
      '',
      'Hello ',
      'from ',
      'the ',
      'modelmux ',
      'emulator.',
      undefined,
    ]);
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    expect(chunks.slice(1).every((chunk) => chunk.choices[0]!.delta.role === undefined)).toBe(true);
    expect(chunks.map((chunk) => chunk.choices[0]!.finish_reason)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      'stop',
    ]);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(new Set(chunks.map((chunk) => chunk.created)).size).toBe(1);
    expect(
      chunks.every((chunk) => chunk.model === 'gpt-test' && chunk.object === 'chat.completion.chunk'),
    ).toBe(true);
    expect(chunks.every((chunk) => !('usage' in chunk))).toBe(true);
  });

  it('adds a choices: [] usage chunk and usage: null on every other chunk with include_usage', async () => {
    emulator.enqueue({ kind: 'text', text: 'One two', usage: { prompt_tokens: 7, completion_tokens: 2 } });
    const stream = await client.chat.completions.create({
      model: 'gpt-test',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = await collectChunks(stream);
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toEqual({ prompt_tokens: 7, completion_tokens: 2, total_tokens: 9 });
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
    expect(joinedContent(chunks)).toBe('One two');
  });

  it('sends no usage chunk when the scenario has no usage', async () => {
    emulator.enqueue({ kind: 'text', usage: null });
    const stream = await client.chat.completions.create({
      model: 'gpt-test',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = await collectChunks(stream);
    expect(chunks.every((chunk) => chunk.choices.length === 1 && chunk.usage === null)).toBe(true);
  });

  it('splits the text into the requested number of chunks', async () => {
    emulator.enqueue({ kind: 'text', text: 'abcdefghij', chunks: 3 });
    const stream = await client.chat.completions.create({ model: 'gpt-test', messages, stream: true });
    const chunks = await collectChunks(stream);
    const contents = chunks.map((chunk) => chunk.choices[0]?.delta.content).filter((content) => content);
    expect(contents).toEqual(['abc', 'def', 'ghij']);
  });

  it('streams reasoning_content deltas before the content', async () => {
    emulator.enqueue({ kind: 'text', text: 'Sunny.', reasoning: 'Think first.' });
    const stream = await client.chat.completions.create({ model: 'gpt-test', messages, stream: true });
    const chunks = await collectChunks(stream);
    const deltas = chunks.map((chunk) => chunk.choices[0]?.delta as Record<string, unknown>);
    expect(deltas.map((delta) => delta.reasoning_content).filter(Boolean)).toEqual(['Think ', 'first.']);
    const lastReasoning = deltas.findLastIndex((delta) => delta.reasoning_content !== undefined);
    const firstContent = deltas.findIndex((delta) => delta.content === 'Sunny.');
    expect(lastReasoning).toBeLessThan(firstContent);
  });

  it('streams two parallel tool calls that finalChatCompletion() joins exactly', async () => {
    const weatherArguments = '{"city":"Paris","unit":"celsius"}';
    const timeArguments = '{"timezone":"Europe/Paris","format":"24h 🕒"}';
    emulator.enqueue({
      kind: 'tool-calls',
      calls: [
        { name: 'get_weather', arguments: weatherArguments },
        { name: 'get_time', arguments: timeArguments, id: 'call_time' },
      ],
    });
    const runner = client.chat.completions.stream({ model: 'gpt-test', messages });
    const rawChunks: ChatCompletionChunk[] = [];
    runner.on('chunk', (chunk) => rawChunks.push(chunk));
    const completion = await runner.finalChatCompletion();

    expect(completion.choices[0]!.finish_reason).toBe('tool_calls');
    const calls = completion.choices[0]!.message.tool_calls!.map((call) => {
      if (call.type !== 'function') throw new Error(`unexpected tool call type ${call.type}`);
      return { id: call.id, name: call.function.name, arguments: call.function.arguments };
    });
    expect(calls).toEqual([
      { id: 'call_emulator_0', name: 'get_weather', arguments: weatherArguments },
      { id: 'call_time', name: 'get_time', arguments: timeArguments },
    ]);

    for (const chunk of rawChunks) assertOpenAiSchema('CreateChatCompletionStreamResponse', chunk);
    const fragments = rawChunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    const openings = fragments.filter((fragment) => fragment.id !== undefined);
    expect(openings).toEqual([
      { index: 0, id: 'call_emulator_0', type: 'function', function: { name: 'get_weather', arguments: '' } },
      { index: 1, id: 'call_time', type: 'function', function: { name: 'get_time', arguments: '' } },
    ]);
    const argumentFragments = fragments.filter((fragment) => fragment.id === undefined);
    expect(argumentFragments.filter((fragment) => fragment.index === 0)).toHaveLength(3);
    expect(
      argumentFragments.every((fragment) => Object.keys(fragment).sort().join() === 'function,index'),
    ).toBe(true);
    expect(rawChunks[0]!.choices[0]!.delta).toMatchObject({ role: 'assistant', content: null });
  });

  it('sends the wire format itself: SSE data frames, headers, [DONE]', async () => {
    emulator.enqueue({ kind: 'text', text: 'Hi', usage: { prompt_tokens: 1, completion_tokens: 1 } });
    const response = await fetch(`${emulator.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-test',
        messages,
        stream: true,
        stream_options: { include_usage: true },
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    const text = await response.text();
    const frames = text.split('\n\n');
    expect(frames.pop()).toBe('');
    expect(frames.at(-1)).toBe('data: [DONE]');
    expect(frames.every((frame) => frame.startsWith('data: ') && !frame.includes('\n'))).toBe(true);
    const chunks = frames.slice(0, -1).map((frame) => JSON.parse(frame.slice('data: '.length)));
    for (const chunk of chunks) assertOpenAiSchema('CreateChatCompletionStreamResponse', chunk);
    expect(chunks).toHaveLength(4);
  });
});

describe('scenario queue', () => {
  it('takes queued scenarios in order, then the default, then setDefault, and reset() restores the text default', async () => {
    emulator.enqueue({ kind: 'text', text: 'first' }, { kind: 'text', text: 'second' });
    const contents: Array<string | null> = [];
    const ask = async () => {
      const completion = await client.chat.completions.create({ model: 'gpt-test', messages });
      contents.push(completion.choices[0]!.message.content);
    };
    await ask();
    await ask();
    await ask();
    emulator.setDefault({ kind: 'text', text: 'new default' });
    await ask();
    emulator.reset();
    await ask();
    expect(contents).toEqual([
      'first',
      'second',
      'Hello from the modelmux emulator.',
      'new default',
      'Hello from the modelmux emulator.',
    ]);
  });

  it('takes the default scenario from the options', async () => {
    const other = await startOpenAICompatibleEmulator({
      defaultScenario: { kind: 'text', text: 'configured' },
    });
    try {
      const otherClient = new OpenAI({ baseURL: other.url, apiKey: 'test', maxRetries: 0 });
      const completion = await otherClient.chat.completions.create({ model: 'gpt-test', messages });
      expect(completion.choices[0]!.message.content).toBe('configured');
    } finally {
      await other.close();
    }
  });
});

describe('request recording', () => {
  it('records method, path with query, headers and parsed body', async () => {
    await client.chat.completions.create({ model: 'gpt-test', messages }, { query: { trace: '1' } });
    expect(emulator.requests).toHaveLength(1);
    const [recorded] = emulator.requests;
    expect(recorded).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions?trace=1',
      body: { model: 'gpt-test', messages },
      closedByClient: false,
    });
    expect(recorded!.headers.authorization).toBe('Bearer test');
    expect(recorded!.headers['content-type']).toBe('application/json');
  });

  it("records request bodies that the OpenAPI request schemas accept (the SDK's own requests)", async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-test',
      messages: [{ role: 'system', content: 'Be brief.' }, ...messages],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
      stream: true,
      stream_options: { include_usage: true },
    });
    await collectChunks(stream);
    await client.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'] });
    assertOpenAiSchema('CreateChatCompletionRequest', emulator.requests[0]!.body);
    assertOpenAiSchema('CreateEmbeddingRequest', emulator.requests[1]!.body);
    expect(validateOpenAiSchema('CreateChatCompletionRequest', { model: 'gpt-test', messages: [] })).toEqual([
      '/messages must NOT have fewer than 1 items',
    ]);
  });

  it('records nothing with recordRequests: false', async () => {
    const quiet = await startOpenAICompatibleEmulator({ recordRequests: false });
    try {
      const quietClient = new OpenAI({ baseURL: quiet.url, apiKey: 'test', maxRetries: 0 });
      await quietClient.chat.completions.create({ model: 'gpt-test', messages });
      expect(quiet.requests).toEqual([]);
      await expect(quiet.waitForClientClose(0)).rejects.toThrow(/recordRequests/);
    } finally {
      await quiet.close();
    }
  });

  it('clears recorded requests on reset()', async () => {
    await client.chat.completions.create({ model: 'gpt-test', messages });
    emulator.reset();
    expect(emulator.requests).toEqual([]);
  });
});

describe('models', () => {
  it('lists emulator-model plus every distinct model seen, in the OpenAI list shape', async () => {
    await client.chat.completions.create({ model: 'gpt-a', messages });
    await client.chat.completions.create({ model: 'gpt-b', messages });
    await client.chat.completions.create({ model: 'gpt-a', messages });
    await client.embeddings.create({ model: 'embed-c', input: 'x' });
    const page = await client.models.list();
    const raw = (await (await fetch(`${emulator.url}/models`)).json()) as { data: unknown[] };
    assertOpenAiSchema('ListModelsResponse', raw);
    expect(raw.data).toEqual(page.data);
    expect(page.data.map((model) => model.id)).toEqual(['emulator-model', 'gpt-a', 'gpt-b', 'embed-c']);
    expect(page.data[0]).toMatchObject({ object: 'model', owned_by: 'modelmux-emulator' });
  });
});

describe('keep-alive', () => {
  it('serves several requests over one kept-alive connection', async () => {
    const agent = new HttpAgent({ keepAlive: true, maxSockets: 1 });
    const body = JSON.stringify({ model: 'gpt-test', messages });
    const post = () =>
      new Promise<{ reused: boolean; status: number | undefined }>((resolve, reject) => {
        const request = httpRequest(
          `${emulator.url}/chat/completions`,
          { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
          (response) => {
            response.resume();
            response.on('end', () => resolve({ reused: request.reusedSocket, status: response.statusCode }));
          },
        );
        request.on('error', reject);
        request.end(body);
      });
    try {
      const results = [await post(), await post(), await post()];
      expect(results).toEqual([
        { reused: false, status: 200 },
        { reused: true, status: 200 },
        { reused: true, status: 200 },
      ]);
    } finally {
      agent.destroy();
    }
  });
});
