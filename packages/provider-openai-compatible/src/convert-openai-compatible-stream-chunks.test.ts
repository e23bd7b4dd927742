import { readFileSync } from 'node:fs';
import type { ChatEvent } from '@modelmux/core';
import { createSseResponseHandler, type ParseResult } from '@modelmux/core/http';
import { splitAtEveryBoundary, splitBytes } from '@modelmux/testkit';
import { describe, expect, it } from 'vitest';
import { convertOpenAICompatibleStreamChunks } from './convert-openai-compatible-stream-chunks.js';
import {
  type OpenAICompatibleChatChunk,
  openAICompatibleChatChunkSchema,
} from './openai-compatible-api-schemas.js';

const context = {
  warnings: [],
  url: 'http://upstream.test/v1/chat/completions',
  providerId: 'p',
  modelId: 'm',
};
const fixtureLines = readFileSync(
  new URL('./__fixtures__/openai-compatible-parallel-tool-calls.1.chunks.txt', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((line) => line.trim() !== '');
const fixtureSse = new TextEncoder().encode(
  `${fixtureLines.map((line) => `data: ${line}\n\n`).join('')}data: [DONE]\n\n`,
);
const handler = createSseResponseHandler(openAICompatibleChatChunkSchema, { terminator: '[DONE]' });

async function eventsFromBytes(pieces: Uint8Array[]): Promise<ChatEvent[]> {
  const body = Object.assign(
    (async function* () {
      yield* pieces;
    })(),
    { text: async () => '', destroy: () => undefined },
  );
  const chunks = await handler({ url: context.url, statusCode: 200, headers: {}, body });
  const events: ChatEvent[] = [];
  for await (const event of convertOpenAICompatibleStreamChunks(chunks, context)) events.push(event);
  return events;
}

function ok(value: OpenAICompatibleChatChunk): ParseResult<OpenAICompatibleChatChunk> {
  return { success: true, value, rawText: '' };
}

async function eventsFrom(
  chunks: Array<ParseResult<OpenAICompatibleChatChunk>>,
  throwAtEnd?: Error,
): Promise<ChatEvent[]> {
  async function* source() {
    yield chunks;
    if (throwAtEnd) throw throwAtEnd;
  }
  const events: ChatEvent[] = [];
  for await (const event of convertOpenAICompatibleStreamChunks(source(), context)) events.push(event);
  return events;
}

describe('convertOpenAICompatibleStreamChunks', () => {
  it('turns reasoning, text and interleaved parallel tool calls into ordered events', async () => {
    const events = await eventsFromBytes([fixtureSse]);
    expect(events).toEqual([
      { type: 'response-start', id: 'chatcmpl-7', modelId: 'qwen3-8b', warnings: [] },
      { type: 'reasoning-start', blockId: 'reasoning-0' },
      { type: 'reasoning-delta', blockId: 'reasoning-0', delta: 'Two cities, ' },
      { type: 'reasoning-delta', blockId: 'reasoning-0', delta: 'two calls.' },
      { type: 'reasoning-end', blockId: 'reasoning-0' },
      { type: 'text-start', blockId: 'text-1' },
      { type: 'text-delta', blockId: 'text-1', delta: 'Checking é 👋' },
      { type: 'tool-call-start', callId: 'call_p', toolName: 'get_weather' },
      { type: 'tool-call-delta', callId: 'call_p', argumentsDelta: '{"city":' },
      { type: 'tool-call-start', callId: 'call_t', toolName: 'get_weather' },
      { type: 'tool-call-delta', callId: 'call_t', argumentsDelta: '{"city":' },
      { type: 'tool-call-delta', callId: 'call_p', argumentsDelta: '"Paris"}' },
      { type: 'tool-call-delta', callId: 'call_t', argumentsDelta: '"Tokyo"}' },
      {
        type: 'usage-update',
        usage: { inputTokens: 31, outputTokens: 24, totalTokens: 55, reasoningTokens: 6 },
      },
      { type: 'text-end', blockId: 'text-1' },
      { type: 'tool-call-end', callId: 'call_p', arguments: '{"city":"Paris"}' },
      { type: 'tool-call-end', callId: 'call_t', arguments: '{"city":"Tokyo"}' },
      {
        type: 'response-end',
        finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
        usage: { inputTokens: 31, outputTokens: 24, totalTokens: 55, reasoningTokens: 6 },
      },
    ]);
  });

  it('gives the same events however the bytes are split', async () => {
    const expected = await eventsFromBytes([fixtureSse]);
    for (const pieces of splitAtEveryBoundary(fixtureSse))
      expect(await eventsFromBytes(pieces)).toEqual(expected);
    for (const size of [1, 7, 64])
      expect(await eventsFromBytes(splitBytes(fixtureSse, size))).toEqual(expected);
  });

  it('ends with an error event when the stream stops before a finish_reason', async () => {
    const cut = fixtureSse.subarray(0, Math.floor(fixtureSse.length / 2));
    const events = await eventsFromBytes([cut]);
    expect(events[0]?.type).toBe('response-start');
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { code: 'MMX_UPSTREAM_INVALID_RESPONSE' } });
    expect(events.filter((event) => event.type === 'response-end')).toEqual([]);
  });

  it('ends with an error event on a frame that is not JSON', async () => {
    const events = await eventsFromBytes([
      new TextEncoder().encode('data: {"choices":[{"delta":{"content":"a"}}]}\n\ndata: {oops\n\n'),
    ]);
    expect(events.map((event) => event.type)).toEqual([
      'response-start',
      'text-start',
      'text-delta',
      'error',
    ]);
    expect(events.at(-1)).toMatchObject({ error: { code: 'MMX_UPSTREAM_INVALID_RESPONSE' } });
  });

  it('turns an error payload inside the stream into an error event', async () => {
    const events = await eventsFrom([ok({ error: { message: 'overloaded', code: 'server_error' } })]);
    expect(events).toEqual([
      { type: 'response-start', warnings: [] },
      {
        type: 'error',
        error: expect.objectContaining({ code: 'MMX_UPSTREAM_SERVER', upstreamCode: 'server_error' }),
      },
    ]);
  });

  it('turns a connection reset mid-stream into an error event', async () => {
    const reset = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    const events = await eventsFrom([ok({ choices: [{ delta: { content: 'a' } }] })], reset);
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { code: 'MMX_UPSTREAM_UNREACHABLE' } });
  });

  it('rethrows an abort instead of reporting an upstream failure', async () => {
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    await expect(eventsFrom([ok({ choices: [{ delta: { content: 'a' } }] })], abort)).rejects.toBe(abort);
  });

  it('handles a whole tool call in one chunk and an empty-argument call', async () => {
    const events = await eventsFrom([
      ok({
        choices: [
          {
            delta: {
              tool_calls: [
                { index: 0, id: 'c0', function: { name: 'now', arguments: '' } },
                { index: 1, id: 'c1', function: { name: 'add', arguments: '{"a":1}' } },
              ],
            },
            finish_reason: 'tool_calls',
          },
        ],
      }),
    ]);
    expect(events.filter((event) => event.type === 'tool-call-end')).toEqual([
      { type: 'tool-call-end', callId: 'c0', arguments: '{}' },
      { type: 'tool-call-end', callId: 'c1', arguments: '{"a":1}' },
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'response-end', usage: {} });
  });
});
