import { Ollama } from 'ollama';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OllamaEmulator, startOllamaEmulator } from './ollama-emulator.js';

// The official client (ollama-js) is the judge of the emulator: it must parse every reply as it parses Ollama's.
let emulator: OllamaEmulator;
let ollama: Ollama;

beforeAll(async () => {
  emulator = await startOllamaEmulator({
    scenarios: {
      'qwen3:8b': { kind: 'text', text: 'It is sunny in Zürich.', thinking: 'The user wants the weather.' },
      'llama3.2-tools': { kind: 'tool-call', calls: [{ name: 'get_weather', arguments: { city: 'Tokyo' } }] },
      'cut-short': { kind: 'text', text: 'one two three', doneReason: 'length' },
      missing: { kind: 'error', status: 404, message: "model 'missing' not found, try pulling it first" },
      busy: { kind: 'error', status: 429, message: 'too many requests' },
      breaks: {
        kind: 'stream-error',
        text: 'Yes. I can',
        message: 'an error was encountered while running the model',
      },
      truncated: { kind: 'truncated', text: 'Hello there' },
    },
  });
  ollama = new Ollama({ host: emulator.url });
});

afterAll(async () => {
  await emulator.close();
});

const messages = [{ role: 'user', content: 'why is the sky blue?' }];

describe('the Ollama emulator, read by ollama-js', () => {
  it('answers a non-streaming chat with the whole message and the counts', async () => {
    const response = await ollama.chat({ model: 'llama3.2', messages, stream: false });
    expect(response).toMatchObject({
      model: 'llama3.2',
      message: { role: 'assistant', content: 'Hello from the Ollama emulator.' },
      done: true,
      done_reason: 'stop',
      prompt_eval_count: 5,
      eval_count: 5,
    });
    expect(emulator.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: '/api/chat',
      body: { model: 'llama3.2', messages, stream: false },
    });
    expect(emulator.requests.at(-1)?.headers['content-type']).toBe('application/json');
  });

  it('streams pieces the client joins, ending with the done line', async () => {
    const parts = [];
    for await (const part of await ollama.chat({ model: 'llama3.2', messages, stream: true }))
      parts.push(part);
    expect(parts.map((part) => part.message.content).join('')).toBe('Hello from the Ollama emulator.');
    expect(parts.slice(0, -1).every((part) => part.done === false)).toBe(true);
    expect(parts.at(-1)).toMatchObject({
      done: true,
      done_reason: 'stop',
      prompt_eval_count: 5,
      eval_count: 5,
    });
  });

  it('streams thinking before the answer', async () => {
    const parts = [];
    for await (const part of await ollama.chat({ model: 'qwen3:8b', messages, stream: true, think: true }))
      parts.push(part);
    expect(parts.map((part) => part.message.thinking ?? '').join('')).toBe('The user wants the weather.');
    expect(parts.map((part) => part.message.content).join('')).toBe('It is sunny in Zürich.');
    const whole = await ollama.chat({ model: 'qwen3:8b', messages, think: true });
    expect(whole.message).toMatchObject({
      thinking: 'The user wants the weather.',
      content: 'It is sunny in Zürich.',
    });
    expect(emulator.requests.at(-1)?.body.think).toBe(true);
  });

  it('returns tool calls with object arguments, streaming or not', async () => {
    const tools = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          parameters: { type: 'object', properties: { city: { type: 'string' } } },
        },
      },
    ];
    const whole = await ollama.chat({ model: 'llama3.2-tools', messages, tools });
    expect(whole.message.tool_calls).toEqual([
      { function: { name: 'get_weather', arguments: { city: 'Tokyo' } } },
    ]);
    expect(whole.done_reason).toBe('stop');
    const calls = [];
    for await (const part of await ollama.chat({ model: 'llama3.2-tools', messages, tools, stream: true }))
      calls.push(...(part.message.tool_calls ?? []));
    expect(calls).toEqual([{ function: { name: 'get_weather', arguments: { city: 'Tokyo' } } }]);
    expect(emulator.requests.at(-1)?.body.tools).toEqual(tools);
  });

  it('reports a reply cut at the output cap as done_reason length', async () => {
    const response = await ollama.chat({ model: 'cut-short', messages, options: { num_predict: 3 } });
    expect(response).toMatchObject({ done_reason: 'length', eval_count: 3 });
    expect(emulator.requests.at(-1)?.body.options).toEqual({ num_predict: 3 });
  });

  it.each([
    ['missing', 404, "model 'missing' not found, try pulling it first"],
    ['busy', 429, 'too many requests'],
  ])('answers %s with an HTTP error the client raises as ResponseError', async (model, status, message) => {
    const error = await ollama.chat({ model, messages }).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toMatchObject({ name: 'ResponseError', status_code: status, error: message });
  });

  it('breaks off a stream with an {"error"} line that the client raises', async () => {
    const contents: string[] = [];
    const reading = (async () => {
      for await (const part of await ollama.chat({ model: 'breaks', messages, stream: true }))
        contents.push(part.message.content);
    })();
    await expect(reading).rejects.toThrow('an error was encountered while running the model');
    expect(contents.join('')).toBe('Yes. I can');
  });

  it('ends a truncated stream without the done line, which the client reports', async () => {
    const reading = (async () => {
      for await (const _part of await ollama.chat({ model: 'truncated', messages, stream: true })) {
        // read to the end
      }
    })();
    await expect(reading).rejects.toThrow('Did not receive done or success response in stream.');
  });
});
