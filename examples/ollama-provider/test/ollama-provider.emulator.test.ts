import type { CallContext, ChatModel, ChatRequest, Provider } from '@modelmux/core';
import { collectChatEvents, findChatEventInvariantViolations } from '@modelmux/testkit';
import { Ollama } from 'ollama';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ollamaPlugin } from '../src/ollama-plugin.js';
import { type OllamaEmulator, startOllamaEmulator } from './ollama-emulator.js';

// The provider over real HTTP against the emulator, and its requests beside those of the official client.
let emulator: OllamaEmulator;
let agent: Agent;
let provider: Provider;

const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };
const context = (): CallContext => ({
  signal: new AbortController().signal,
  requestId: 'emulator-test',
  logger: silentLogger,
});

beforeAll(async () => {
  emulator = await startOllamaEmulator({
    scenarios: {
      'qwen3:8b': { kind: 'text', text: 'It is sunny in Zürich.', thinking: 'The user wants the weather.' },
      'llama3.2-tools': { kind: 'tool-call', calls: [{ name: 'get_weather', arguments: { city: 'Tokyo' } }] },
      missing: { kind: 'error', status: 404, message: "model 'missing' not found" },
      busy: { kind: 'error', status: 429, message: 'too many requests' },
      breaks: {
        kind: 'stream-error',
        text: 'Yes. I can',
        message: 'an error was encountered while running the model',
      },
      truncated: { kind: 'truncated', text: 'Hello there' },
    },
  });
  agent = new Agent();
  provider = ollamaPlugin.create(
    ollamaPlugin.settingsSchema.parse({ base_url: emulator.url, api_key: { env: 'OLLAMA_API_KEY' } }),
    {
      id: 'local',
      dispatcher: agent,
      logger: silentLogger,
      now: Date.now,
      env: { OLLAMA_API_KEY: 'secret-key-1' },
    },
  );
});

afterAll(async () => {
  await provider.close?.();
  await agent.close();
  await emulator.close();
});

function model(id: string): ChatModel {
  const chat = provider.chatModel?.(id);
  if (chat === undefined) throw new Error('no chat model');
  return chat;
}

const request: ChatRequest = {
  messages: [{ role: 'user', content: [{ type: 'text', text: 'why is the sky blue?' }] }],
  temperature: 0,
  maxOutputTokens: 64,
};

describe('the Ollama provider against the emulator', () => {
  it('sends what ollama-js sends for the same call, with the bearer key', async () => {
    const result = await model('llama3.2').generate(request, context());
    expect(result.content).toEqual([{ type: 'text', text: 'Hello from the Ollama emulator.' }]);
    expect(result.finishReason).toEqual({ unified: 'stop', raw: 'stop' });
    expect(result.usage).toMatchObject({ inputTokens: 5, outputTokens: 5, totalTokens: 10 });
    const ours = emulator.requests.at(-1);
    await new Ollama({ host: emulator.url }).chat({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'why is the sky blue?' }],
      stream: false,
      options: { temperature: 0, num_predict: 64 },
    });
    const theirs = emulator.requests.at(-1);
    expect(ours?.path).toBe(theirs?.path);
    expect(ours?.headers['content-type']).toBe(theirs?.headers['content-type']);
    expect(ours?.body).toEqual(theirs?.body);
    expect(ours?.headers.authorization).toBe('Bearer secret-key-1');
  });

  it('streams text within the invariants, ending with usage', async () => {
    const events = await collectChatEvents(await model('llama3.2').stream(request, context()));
    expect(findChatEventInvariantViolations(events)).toEqual([]);
    expect(events.flatMap((event) => (event.type === 'text-delta' ? [event.delta] : [])).join('')).toBe(
      'Hello from the Ollama emulator.',
    );
    expect(events.at(-1)).toMatchObject({ type: 'response-end', usage: { inputTokens: 5, outputTokens: 5 } });
    expect(emulator.requests.at(-1)?.body.stream).toBe(true);
  });

  it('streams thinking as reasoning when reasoning is asked for', async () => {
    const events = await collectChatEvents(
      await model('qwen3:8b').stream({ ...request, reasoningEffort: 'high' }, context()),
    );
    expect(findChatEventInvariantViolations(events)).toEqual([]);
    expect(events.flatMap((event) => (event.type === 'reasoning-delta' ? [event.delta] : [])).join('')).toBe(
      'The user wants the weather.',
    );
    expect(emulator.requests.at(-1)?.body.think).toBe('high');
  });

  it('returns tool calls, streaming or not', async () => {
    const tools = [{ name: 'get_weather', parameters: { type: 'object' } }];
    const result = await model('llama3.2-tools').generate({ ...request, tools }, context());
    expect(result.content).toEqual([
      { type: 'tool-call', callId: 'call_0', toolName: 'get_weather', arguments: '{"city":"Tokyo"}' },
    ]);
    expect(result.finishReason.unified).toBe('tool-calls');
    const events = await collectChatEvents(
      await model('llama3.2-tools').stream({ ...request, tools }, context()),
    );
    expect(events.filter((event) => event.type === 'tool-call-end')).toEqual([
      { type: 'tool-call-end', callId: 'call_0', arguments: '{"city":"Tokyo"}' },
    ]);
  });

  it.each([
    ['missing', 'MMX_UPSTREAM_BAD_REQUEST', "model 'missing' not found"],
    ['busy', 'MMX_UPSTREAM_RATE_LIMITED', 'too many requests'],
  ])('maps the HTTP error of %s to %s, streaming or not', async (id, code, message) => {
    await expect(model(id).generate(request, context())).rejects.toMatchObject({ code, message });
    await expect(model(id).stream(request, context())).rejects.toMatchObject({ code, message });
  });

  it('ends a stream that breaks off with an error event', async () => {
    const events = await collectChatEvents(await model('breaks').stream(request, context()));
    expect(findChatEventInvariantViolations(events)).toEqual([]);
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      error: { code: 'MMX_UPSTREAM_SERVER', message: 'an error was encountered while running the model' },
    });
  });

  it('ends a truncated stream with MMX_UPSTREAM_INVALID_RESPONSE', async () => {
    const events = await collectChatEvents(await model('truncated').stream(request, context()));
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { code: 'MMX_UPSTREAM_INVALID_RESPONSE' } });
  });

  it('refuses unknown provider options before calling the upstream', async () => {
    const before = emulator.requests.length;
    await expect(
      model('llama3.2').generate({ ...request, providerOptions: { ollama: { temprature: 1 } } }, context()),
    ).rejects.toMatchObject({ code: 'MMX_REQUEST_PROVIDER_OPTIONS_INVALID' });
    expect(emulator.requests.length).toBe(before);
  });
});
