import type { ChatEvent } from '@modelmux/core';
import { findChatEventInvariantViolations } from '@modelmux/testkit';
import { describe, expect, it } from 'vitest';
import { convertBedrockStreamEvents } from './convert-bedrock-stream-events.js';
import type { BedrockStreamFrame } from './decode-bedrock-event-stream.js';

const context = {
  warnings: [],
  url: 'https://bedrock.test/model/m/converse-stream',
  providerId: 'bedrock',
  modelId: 'm',
  jsonOutputTool: false,
};
const event = (eventType: string, payload: unknown): BedrockStreamFrame => ({
  kind: 'event',
  eventType,
  payload,
});

async function collect(
  frames: BedrockStreamFrame[][],
  options: Partial<typeof context> = {},
  throwAtEnd?: Error,
): Promise<ChatEvent[]> {
  async function* source() {
    yield* frames;
    if (throwAtEnd) throw throwAtEnd;
  }
  const events: ChatEvent[] = [];
  for await (const item of convertBedrockStreamEvents(source(), { ...context, ...options }))
    events.push(item);
  return events;
}

const toolStream: BedrockStreamFrame[][] = [
  [
    event('messageStart', { role: 'assistant' }),
    event('contentBlockDelta', {
      contentBlockIndex: 0,
      delta: { reasoningContent: { text: 'Two cities.' } },
    }),
    event('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { signature: 'sig-1' } } }),
    event('contentBlockStop', { contentBlockIndex: 0 }),
    event('contentBlockDelta', { contentBlockIndex: 1, delta: { text: 'Checking.' } }),
    event('contentBlockStop', { contentBlockIndex: 1 }),
  ],
  [
    event('contentBlockStart', {
      contentBlockIndex: 2,
      start: { toolUse: { toolUseId: 'tooluse_P', name: 'w' } },
    }),
    event('contentBlockDelta', { contentBlockIndex: 2, delta: { toolUse: { input: '{"city":' } } }),
    event('contentBlockStart', {
      contentBlockIndex: 3,
      start: { toolUse: { toolUseId: 'tooluse_T', name: 'w' } },
    }),
    event('contentBlockDelta', { contentBlockIndex: 2, delta: { toolUse: { input: '"Paris"}' } } }),
    event('contentBlockDelta', { contentBlockIndex: 3, delta: { toolUse: { input: '{"city":"Tokyo"}' } } }),
    event('contentBlockStop', { contentBlockIndex: 2 }),
    event('contentBlockStop', { contentBlockIndex: 3 }),
    event('messageStop', { stopReason: 'tool_use' }),
    event('metadata', {
      usage: { inputTokens: 20, outputTokens: 9, totalTokens: 29, cacheReadInputTokens: 5 },
      metrics: { latencyMs: 100 },
    }),
  ],
];

describe('convertBedrockStreamEvents', () => {
  it('maps reasoning with its signature, text and parallel tool calls, then ends with usage from metadata', async () => {
    const events = await collect(toolStream);
    expect(findChatEventInvariantViolations(events)).toEqual([]);
    expect(events).toEqual([
      { type: 'response-start', warnings: [] },
      { type: 'reasoning-start', blockId: 'reasoning-0' },
      { type: 'reasoning-delta', blockId: 'reasoning-0', delta: 'Two cities.' },
      { type: 'reasoning-end', blockId: 'reasoning-0', signature: 'sig-1' },
      { type: 'text-start', blockId: 'text-1' },
      { type: 'text-delta', blockId: 'text-1', delta: 'Checking.' },
      { type: 'text-end', blockId: 'text-1' },
      { type: 'tool-call-start', callId: 'tooluse_P', toolName: 'w' },
      { type: 'tool-call-delta', callId: 'tooluse_P', argumentsDelta: '{"city":' },
      { type: 'tool-call-start', callId: 'tooluse_T', toolName: 'w' },
      { type: 'tool-call-delta', callId: 'tooluse_P', argumentsDelta: '"Paris"}' },
      { type: 'tool-call-delta', callId: 'tooluse_T', argumentsDelta: '{"city":"Tokyo"}' },
      { type: 'tool-call-end', callId: 'tooluse_P', arguments: '{"city":"Paris"}' },
      { type: 'tool-call-end', callId: 'tooluse_T', arguments: '{"city":"Tokyo"}' },
      {
        type: 'usage-update',
        usage: { inputTokens: 25, cachedInputTokens: 5, outputTokens: 9, totalTokens: 34 },
      },
      {
        type: 'response-end',
        finishReason: { unified: 'tool-calls', raw: 'tool_use' },
        usage: { inputTokens: 25, cachedInputTokens: 5, outputTokens: 9, totalTokens: 34 },
      },
    ]);
  });

  it('turns an exception frame into an error event for the client', async () => {
    const events = await collect([
      [
        event('messageStart', { role: 'assistant' }),
        event('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'par' } }),
      ],
      [
        {
          kind: 'exception',
          exceptionType: 'throttlingException',
          message: 'Too many tokens',
          payload: { message: 'Too many tokens' },
        },
      ],
    ]);
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      error: { code: 'MMX_UPSTREAM_RATE_LIMITED', retryable: true },
    });
  });

  it('ends with an error when the stream stops before messageStop, or a frame is malformed', async () => {
    expect((await collect([toolStream[0]!])).at(-1)).toMatchObject({
      type: 'error',
      error: { code: 'MMX_UPSTREAM_INVALID_RESPONSE' },
    });
    expect((await collect([[event('contentBlockDelta', { delta: {} })]])).at(-1)).toMatchObject({
      type: 'error',
      error: { code: 'MMX_UPSTREAM_INVALID_RESPONSE' },
    });
  });

  it('streams the forced JSON tool as text and finishes with stop', async () => {
    const events = await collect(
      [
        [
          event('messageStart', { role: 'assistant' }),
          event('contentBlockStart', {
            contentBlockIndex: 0,
            start: { toolUse: { toolUseId: 't', name: 'json_output' } },
          }),
          event('contentBlockDelta', { contentBlockIndex: 0, delta: { toolUse: { input: '{"a":1}' } } }),
          event('contentBlockStop', { contentBlockIndex: 0 }),
          event('messageStop', { stopReason: 'tool_use' }),
        ],
      ],
      { jsonOutputTool: true },
    );
    expect(events.filter((item) => item.type === 'text-delta')).toEqual([
      { type: 'text-delta', blockId: 'text-0', delta: '{"a":1}' },
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'response-end', finishReason: { unified: 'stop' } });
  });

  it('turns a reset into an error event and rethrows an abort', async () => {
    const reset = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    expect((await collect([[event('messageStart', {})]], {}, reset)).at(-1)).toMatchObject({
      error: { code: 'MMX_UPSTREAM_UNREACHABLE' },
    });
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    await expect(collect([[event('messageStart', {})]], {}, abort)).rejects.toBe(abort);
  });
});
