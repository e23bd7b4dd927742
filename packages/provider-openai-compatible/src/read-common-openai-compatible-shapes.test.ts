import { readFileSync } from 'node:fs';
import type { ChatEvent } from '@modelmux/core';
import { createJsonResponseHandler, createSseResponseHandler, type ParseResult } from '@modelmux/core/http';
import { describe, expect, it } from 'vitest';
import { convertOpenAICompatibleChatResponse } from './convert-openai-compatible-chat-response.js';
import { OpenAICompatibleStreamTranslator } from './convert-openai-compatible-stream-chunks.js';
import {
  type OpenAICompatibleChatChunk,
  type OpenAICompatibleChatResponse,
  openAICompatibleChatChunkSchema,
  openAICompatibleChatResponseSchema,
} from './openai-compatible-api-schemas.js';
import {
  readCommonOpenAICompatibleChunk,
  readCommonOpenAICompatibleResponse,
} from './read-common-openai-compatible-shapes.js';

const fixtureChunks: unknown[] = readFileSync(
  new URL('./__fixtures__/openai-compatible-parallel-tool-calls.1.chunks.txt', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line));

const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm' };
const choice = (delta: unknown, extra: object = {}) => ({
  ...base,
  choices: [{ index: 0, delta, finish_reason: null, logprobs: null, ...extra }],
});

/** Common chunks the fast path should take (and the schema accepts). */
const commonChunks: unknown[] = [
  ...fixtureChunks,
  choice({ role: 'assistant', content: '' }),
  choice({ content: 'Hello' }),
  choice({ reasoning: 'think' }),
  choice({ refusal: 'no' }),
  choice({}, { finish_reason: 'stop' }),
  choice(null, { finish_reason: 'length' }),
  { ...base, choices: [{ index: 0, delta: { content: 'x', extra: [1] }, finish_reason: null }], more: {} },
  choice({ tool_calls: [{ index: 0, function: { arguments: '{"a"' } }] }),
  choice({
    tool_calls: [{ index: 1, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } }],
  }),
  {
    ...base,
    choices: [],
    usage: {
      prompt_tokens: 3,
      completion_tokens: 4,
      total_tokens: 7,
      prompt_tokens_details: { cached_tokens: 1, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 2 },
    },
  },
  { ...base, choices: [{ index: 0, delta: { content: 'a' }, finish_reason: null }], usage: null },
];

/** Chunks of a shape the schema rejects: the fast path must leave each to it. */
const malformedChunks: unknown[] = [
  { ...base, id: 5 },
  { ...base, model: {} },
  { ...base, choices: {} },
  { ...base, choices: [null] },
  { ...base, choices: [{ index: '0', delta: { content: 'a' } }] },
  choice({ content: 5 }),
  choice({ role: 1 }),
  choice({ reasoning_content: ['a'] }),
  choice('text'),
  choice([]),
  choice({ content: 'a' }, { finish_reason: 1 }),
  choice({ tool_calls: {} }),
  choice({ tool_calls: [{ index: 'x' }] }),
  choice({ tool_calls: [{ index: 0, function: { name: 3 } }] }),
  choice({ tool_calls: [null] }),
  { ...base, choices: [], usage: { prompt_tokens: '3' } },
  { ...base, choices: [], usage: { prompt_tokens_details: { cached_tokens: '1' } } },
  { ...base, choices: [], usage: 'none' },
  { ...base, error: 'boom' },
];

const responseBase = { id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'm' };
const response = (message: unknown, extra: object = {}) => ({
  ...responseBase,
  choices: [{ index: 0, message, finish_reason: 'stop', logprobs: null }],
  usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
  ...extra,
});

const commonResponses: unknown[] = [
  response({ role: 'assistant', content: 'Hello', refusal: null, annotations: [] }),
  response({ role: 'assistant', content: null, reasoning_content: 'r' }),
  response({
    role: 'assistant',
    content: null,
    tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }],
  }),
  response({ role: 'assistant', content: 'x' }, { usage: undefined, system_fingerprint: 'fp' }),
];

const malformedResponses: unknown[] = [
  { ...responseBase, usage: null },
  { ...responseBase, choices: null },
  response(null),
  response('text'),
  response({ content: 5 }),
  response({ content: 'a', tool_calls: [{ function: { arguments: '{}' } }] }),
  response({ content: 'a', tool_calls: [{ id: 'c', function: null }] }),
  response({ content: 'a' }, { usage: { total_tokens: 'x' } }),
  { ...responseBase, choices: [{ message: { content: 'a' }, finish_reason: 7 }] },
];

/** The events a fresh translator makes of one parse result, errors as code and message. */
function translate(result: ParseResult<OpenAICompatibleChatChunk>): unknown[] {
  const translator = new OpenAICompatibleStreamTranslator({
    warnings: [],
    url: 'https://x.test',
    providerId: 'up',
    modelId: 'm',
  });
  const out: ChatEvent[] = [];
  translator.push(result, out);
  return out.map((event) =>
    event.type === 'error' ? { type: 'error', code: event.error.code, message: event.error.message } : event,
  );
}

describe('the fast paths of the OpenAI-compatible chunk and response schemas', () => {
  it('take only chunks the schema accepts, with the fields the schema reads unchanged', () => {
    for (const json of commonChunks) {
      const parsed = openAICompatibleChatChunkSchema.safeParse(json);
      expect(parsed.success).toBe(true);
      const fast = readCommonOpenAICompatibleChunk(json);
      expect(fast).toBe(json);
      expect(fast).toMatchObject(parsed.data as object);
    }
  });

  it('take only responses the schema accepts, with the fields the schema reads unchanged', () => {
    for (const json of commonResponses) {
      const parsed = openAICompatibleChatResponseSchema.safeParse(json);
      expect(parsed.success).toBe(true);
      const fast = readCommonOpenAICompatibleResponse(json);
      expect(fast).toBe(json);
      expect(fast).toMatchObject(parsed.data as object);
    }
  });

  it('leave malformed chunks and responses to the schema, which rejects them', () => {
    for (const json of [...malformedChunks, null, 'x', 3, []]) {
      expect(readCommonOpenAICompatibleChunk(json)).toBeUndefined();
    }
    for (const json of malformedChunks)
      expect(openAICompatibleChatChunkSchema.safeParse(json).success).toBe(false);
    for (const json of [...malformedResponses, null, 'x', []]) {
      expect(readCommonOpenAICompatibleResponse(json)).toBeUndefined();
    }
    for (const json of malformedResponses) {
      expect(openAICompatibleChatResponseSchema.safeParse(json).success).toBe(false);
    }
  });

  it('leave rarer valid shapes (filter results, errors, several choices) to the schema', () => {
    const rare: unknown[] = [
      { ...base, choices: [], prompt_filter_results: [{ prompt_index: 0, content_filter_results: {} }] },
      choice({ content: 'a' }, { content_filter_results: { hate: { filtered: false } } }),
      { ...base, error: { message: 'overloaded' } },
      { ...base, choices: [choice({ content: 'a' }).choices[0], choice({ content: 'b' }).choices[0]] },
    ];
    for (const json of rare) {
      expect(openAICompatibleChatChunkSchema.safeParse(json).success).toBe(true);
      expect(readCommonOpenAICompatibleChunk(json)).toBeUndefined();
    }
    const rareResponses: unknown[] = [
      {
        ...(commonResponses[0] as object),
        choices: [
          ...(commonResponses[0] as { choices: unknown[] }).choices,
          ...(commonResponses[1] as { choices: unknown[] }).choices,
        ],
      },
      {
        ...(commonResponses[0] as object),
        prompt_filter_results: [{ prompt_index: 0, content_filter_results: {} }],
      },
      response(
        { content: 'a' },
        { choices: [{ message: { content: 'a' }, finish_reason: 'stop', content_filter_results: {} }] },
      ),
    ];
    for (const json of rareResponses) {
      expect(openAICompatibleChatResponseSchema.safeParse(json).success).toBe(true);
      expect(readCommonOpenAICompatibleResponse(json)).toBeUndefined();
    }
  });

  it('give the same results through the SSE and JSON handlers as the schemas alone, errors included', async () => {
    const bodyOf = (text: string) =>
      Object.assign(
        (async function* () {
          yield new TextEncoder().encode(text);
        })(),
        { text: async () => text, destroy: () => undefined },
      );
    const payloads = [...commonChunks, ...malformedChunks].map((json) => JSON.stringify(json));
    // Texts JSON.stringify cannot write: numbers that parse to ±Infinity, which the schema rejects.
    const outOfRange = [
      '{"id":"c","choices":[],"usage":{"prompt_tokens":1e400,"completion_tokens":2}}',
      '{"id":"c","choices":[{"index":-1e400,"delta":{"content":"a"}}]}',
      '{"id":"c","choices":[{"index":0,"delta":{"tool_calls":[{"index":1e400,"function":{"arguments":"{"}}]}}]}',
    ];
    payloads.push(...outOfRange, '{"id":', 'not json');
    const sse = payloads.map((data) => `data: ${data}\n\n`).join('');
    const streamResults = async (handler: ReturnType<typeof createSseResponseHandler>) => {
      const out: unknown[] = [];
      const response = { url: 'https://x.test', statusCode: 200, headers: {}, body: bodyOf(sse) };
      for await (const batch of await handler(response)) {
        // What the translator makes of each result (a fresh one per chunk: an error ends a translator).
        for (const result of batch) out.push(translate(result as ParseResult<OpenAICompatibleChatChunk>));
      }
      return out;
    };
    const fast = await streamResults(
      createSseResponseHandler(openAICompatibleChatChunkSchema, {
        fastPath: readCommonOpenAICompatibleChunk,
      }),
    );
    expect(fast).toEqual(await streamResults(createSseResponseHandler(openAICompatibleChatChunkSchema)));
    const failures = fast.slice(commonChunks.length);
    expect(failures).toHaveLength(malformedChunks.length + outOfRange.length + 2);
    for (const failure of failures)
      expect(failure).toContainEqual({
        type: 'error',
        code: 'MMX_UPSTREAM_INVALID_RESPONSE',
        message: expect.any(String),
      });

    const jsonResult = async (handler: ReturnType<typeof createJsonResponseHandler>, text: string) => {
      const response = { url: 'https://x.test', statusCode: 200, headers: {}, body: bodyOf(text) };
      try {
        return convertOpenAICompatibleChatResponse(
          (await handler(response)) as OpenAICompatibleChatResponse,
          [],
        );
      } catch (error) {
        return { code: (error as { code?: string }).code, message: (error as Error).message };
      }
    };
    const withFastPath = createJsonResponseHandler(openAICompatibleChatResponseSchema, {
      fastPath: readCommonOpenAICompatibleResponse,
    });
    const schemaOnly = createJsonResponseHandler(openAICompatibleChatResponseSchema);
    const texts = [...commonResponses, ...malformedResponses].map((json) => JSON.stringify(json));
    texts.push(
      '{"choices":[{"message":{"content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1e400,"completion_tokens":2}}',
      '{"choices":[{"message":{"content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens_details":{"cached_tokens":-1e999}}}',
    );
    for (const text of texts) {
      expect(await jsonResult(withFastPath, text)).toEqual(await jsonResult(schemaOnly, text));
    }
    for (const text of texts.slice(-2)) {
      expect(await jsonResult(withFastPath, text)).toMatchObject({ code: 'MMX_UPSTREAM_INVALID_RESPONSE' });
    }
    expect(await jsonResult(withFastPath, JSON.stringify(malformedResponses[0]))).toMatchObject({
      code: 'MMX_UPSTREAM_INVALID_RESPONSE',
    });
  });
});
