import { readFileSync } from 'node:fs';
import type { ChatEvent } from '@modelmux/core';
import { createSseResponseHandler, type ParseResult } from '@modelmux/core/http';
import { findChatEventInvariantViolations, splitAtEveryBoundary, splitBytes } from '@modelmux/testkit';
import { describe, expect, it } from 'vitest';
import { convertAnthropicStreamEvents } from './convert-anthropic-stream-events.js';
import {
  type AnthropicStreamEvent,
  anthropicStreamEventSchema,
  readCommonAnthropicStreamEvent,
} from './vertex-anthropic-api-schemas.js';

const context = {
  warnings: [],
  url: 'https://x.test/v1/m:streamRawPredict',
  providerId: 'vertex',
  modelId: 'claude',
  jsonOutputTool: false,
};
const lines = readFileSync(
  new URL('./__fixtures__/vertex-anthropic-thinking-tool-call.1.chunks.txt', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((line) => line.trim() !== '');
const toSse = (jsonLines: string[]) =>
  new TextEncoder().encode(
    jsonLines.map((line) => `event: ${JSON.parse(line).type}\ndata: ${line}\n\n`).join(''),
  );
const fixture = toSse(lines);
// As the model reads the stream: the fast path first, the schema for the rest.
const handler = createSseResponseHandler(anthropicStreamEventSchema, {
  fastPath: readCommonAnthropicStreamEvent,
});

async function eventsFromBytes(
  pieces: Uint8Array[],
  options: Partial<typeof context> = {},
): Promise<ChatEvent[]> {
  const body = Object.assign(
    (async function* () {
      yield* pieces;
    })(),
    { text: async () => '', destroy: () => undefined },
  );
  const batches = await handler({ url: context.url, statusCode: 200, headers: {}, body });
  const events: ChatEvent[] = [];
  for await (const event of convertAnthropicStreamEvents(batches, { ...context, ...options }))
    events.push(event);
  return events;
}

async function eventsFrom(items: AnthropicStreamEvent[], throwAtEnd?: Error): Promise<ChatEvent[]> {
  async function* source() {
    yield items.map((value): ParseResult<AnthropicStreamEvent> => ({ success: true, value, rawText: '' }));
    if (throwAtEnd) throw throwAtEnd;
  }
  const events: ChatEvent[] = [];
  for await (const event of convertAnthropicStreamEvents(source(), context)) events.push(event);
  return events;
}

describe('convertAnthropicStreamEvents', () => {
  it('maps thinking with its signature, text and parallel tool calls, with cumulative usage', async () => {
    const events = await eventsFromBytes([fixture]);
    expect(findChatEventInvariantViolations(events)).toEqual([]);
    expect(events).toEqual([
      { type: 'response-start', id: 'msg_vrtx_01', modelId: 'claude-sonnet-4-5-20250929', warnings: [] },
      { type: 'reasoning-start', blockId: 'reasoning-0' },
      { type: 'reasoning-delta', blockId: 'reasoning-0', delta: 'Two cities, ' },
      { type: 'reasoning-delta', blockId: 'reasoning-0', delta: 'two calls — é 👋' },
      { type: 'reasoning-end', blockId: 'reasoning-0', signature: 'EqQBCkYIBxgCKkB' },
      { type: 'text-start', blockId: 'text-1' },
      { type: 'text-delta', blockId: 'text-1', delta: 'Checking both.' },
      { type: 'text-end', blockId: 'text-1' },
      { type: 'tool-call-start', callId: 'toolu_01P', toolName: 'get_weather' },
      { type: 'tool-call-delta', callId: 'toolu_01P', argumentsDelta: '{"city":' },
      { type: 'tool-call-delta', callId: 'toolu_01P', argumentsDelta: '"Paris"}' },
      { type: 'tool-call-end', callId: 'toolu_01P', arguments: '{"city":"Paris"}' },
      { type: 'tool-call-start', callId: 'toolu_01T', toolName: 'get_weather' },
      { type: 'tool-call-delta', callId: 'toolu_01T', argumentsDelta: '{"city":"Tokyo"}' },
      { type: 'tool-call-end', callId: 'toolu_01T', arguments: '{"city":"Tokyo"}' },
      {
        type: 'usage-update',
        usage: {
          inputTokens: 1436,
          cachedInputTokens: 1024,
          cacheWriteInputTokens: 0,
          outputTokens: 87,
          totalTokens: 1523,
        },
      },
      {
        type: 'response-end',
        finishReason: { unified: 'tool-calls', raw: 'tool_use' },
        usage: {
          inputTokens: 1436,
          cachedInputTokens: 1024,
          cacheWriteInputTokens: 0,
          outputTokens: 87,
          totalTokens: 1523,
        },
      },
    ]);
  });

  it('gives the same events however the bytes are split', async () => {
    const expected = await eventsFromBytes([fixture]);
    for (const pieces of splitAtEveryBoundary(fixture))
      expect(await eventsFromBytes(pieces)).toEqual(expected);
    for (const size of [1, 7, 64]) expect(await eventsFromBytes(splitBytes(fixture, size))).toEqual(expected);
  });

  it('ends with an error event when the stream stops before message_stop', async () => {
    const events = await eventsFromBytes([toSse(lines.slice(0, 9))]);
    expect(findChatEventInvariantViolations(events)).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { code: 'MMX_UPSTREAM_INVALID_RESPONSE' } });
  });

  it('turns an error event mid-stream into an error for the client', async () => {
    const events = await eventsFrom([
      { type: 'message_start', message: { id: 'm', usage: { input_tokens: 1 } } },
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'par' } },
      { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
    ]);
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      error: { code: 'MMX_UPSTREAM_OVERLOADED', upstreamCode: 'overloaded_error', retryable: true },
    });
  });

  it('streams the forced JSON tool as text and finishes with stop', async () => {
    const events = await eventsFromBytes(
      [
        toSse([
          '{"type":"message_start","message":{"id":"m","usage":{"input_tokens":3,"output_tokens":1}}}',
          '{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"t","name":"json_output","input":{}}}',
          '{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\\"a\\":"}}',
          '{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"1}"}}',
          '{"type":"content_block_stop","index":0}',
          '{"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":5}}',
          '{"type":"message_stop"}',
        ]),
      ],
      { jsonOutputTool: true },
    );
    expect(
      events
        .filter((event) => event.type === 'text-delta')
        .map((event) => (event as { delta: string }).delta)
        .join(''),
    ).toBe('{"a":1}');
    expect(events.at(-1)).toMatchObject({ type: 'response-end', finishReason: { unified: 'stop' } });
  });

  it('turns a connection reset into an error event and rethrows an abort', async () => {
    const start: AnthropicStreamEvent = { type: 'message_start', message: { id: 'm' } };
    const reset = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    expect((await eventsFrom([start], reset)).at(-1)).toMatchObject({
      type: 'error',
      error: { code: 'MMX_UPSTREAM_UNREACHABLE' },
    });
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    await expect(eventsFrom([start], abort)).rejects.toBe(abort);
  });
});

describe('anthropicStreamEventSchema', () => {
  it.each([
    [{ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'a' } }, true],
    [{ type: 'content_block_delta', index: 0, delta: { type: 'citations_delta', citation: {} } }, true],
    [{ type: 'ping' }, true],
    [{ type: 'some_future_event', payload: 1 }, true],
    [{ type: 'content_block_delta', index: 0, delta: { type: 'text_delta' } }, false],
    [{ type: 'content_block_start', index: 0 }, false],
    [{ type: 'message_delta' }, false],
  ])('%j parses: %s', (event, valid) => {
    expect(anthropicStreamEventSchema.safeParse(event).success).toBe(valid);
  });
});
