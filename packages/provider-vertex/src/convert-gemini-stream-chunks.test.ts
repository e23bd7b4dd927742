import { readFileSync } from 'node:fs';
import type { AssistantContentPart, ChatEvent, Warning } from '@modelmux/core';
import { createSseResponseHandler, type ParseResult } from '@modelmux/core/http';
import { findChatEventInvariantViolations, splitAtEveryBoundary, splitBytes } from '@modelmux/testkit';
import { describe, expect, it } from 'vitest';
import { convertGeminiResponse } from './convert-gemini-response.js';
import { convertGeminiStreamChunks } from './convert-gemini-stream-chunks.js';
import { type GeminiChunk, type GeminiPart, geminiChunkSchema } from './vertex-gemini-api-schemas.js';

const SIGNATURE = 'CiQB0e2Kb7Zr0M8x1vQn4yLZ3w+/AbC=';
const url = 'https://us-central1-aiplatform.googleapis.com/v1/x:streamGenerateContent?alt=sse';
const context = () => ({
  warnings: [] as Warning[],
  url,
  providerId: 'vertex-test',
  modelId: 'gemini-2.5-flash',
});

const fixtureLines = readFileSync(
  new URL('./__fixtures__/vertex-gemini-tool-call.1.chunks.txt', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((line) => line.trim() !== '');
const encoder = new TextEncoder();
// Vertex separates events with CRLF pairs as often as LF pairs; the fixture uses both.
const fixtureSse = encoder.encode(
  fixtureLines.map((line, index) => `data: ${line}${index % 2 === 0 ? '\n\n' : '\r\n\r\n'}`).join(''),
);
const handler = createSseResponseHandler(geminiChunkSchema);

async function eventsFromBytes(pieces: Uint8Array[]): Promise<ChatEvent[]> {
  const body = Object.assign(
    (async function* () {
      yield* pieces;
    })(),
    { text: async () => '', destroy: () => undefined },
  );
  const chunks = await handler({ url, statusCode: 200, headers: {}, body });
  const events: ChatEvent[] = [];
  for await (const event of convertGeminiStreamChunks(chunks, context())) events.push(event);
  return events;
}

function ok(value: GeminiChunk): ParseResult<GeminiChunk> {
  return { success: true, value, rawText: '' };
}

async function eventsFrom(chunks: GeminiChunk[], throwAtEnd?: Error): Promise<ChatEvent[]> {
  async function* source() {
    yield chunks.map(ok);
    if (throwAtEnd) throw throwAtEnd;
  }
  const events: ChatEvent[] = [];
  for await (const event of convertGeminiStreamChunks(source(), context())) events.push(event);
  return events;
}

/** What a client rebuilds from the events: one content part per block or tool call. */
function contentFromEvents(events: ChatEvent[]): AssistantContentPart[] {
  const content: AssistantContentPart[] = [];
  const blocks = new Map<string, AssistantContentPart & { type: 'text' | 'reasoning' }>();
  for (const event of events) {
    if (event.type === 'text-start' || event.type === 'reasoning-start') {
      const part = { type: event.type === 'text-start' ? 'text' : 'reasoning', text: '' } as const;
      const copy = { ...part };
      blocks.set(event.blockId, copy);
      content.push(copy);
    } else if (event.type === 'text-delta' || event.type === 'reasoning-delta') {
      const block = blocks.get(event.blockId);
      if (block) block.text += event.delta;
    } else if (event.type === 'reasoning-end' && event.signature !== undefined) {
      const block = blocks.get(event.blockId);
      if (block?.type === 'reasoning') block.signature = event.signature;
    } else if (event.type === 'tool-call-end') {
      const start = events.find((item) => item.type === 'tool-call-start' && item.callId === event.callId);
      content.push({
        type: 'tool-call',
        callId: event.callId,
        toolName: start?.type === 'tool-call-start' ? start.toolName : '',
        arguments: event.arguments,
      });
    }
  }
  return content;
}

const usage42 = { inputTokens: 42, totalTokens: 42 };
const finalUsage = { inputTokens: 42, outputTokens: 48, reasoningTokens: 18, totalTokens: 90 };

describe('convertGeminiStreamChunks', () => {
  it('turns the tool-call fixture into ordered events', async () => {
    const events = await eventsFromBytes([fixtureSse]);
    expect(events).toEqual<ChatEvent[]>([
      { type: 'response-start', id: '8TqJaPzFHqmJ2PgP3bWQ0Ak', modelId: 'gemini-2.5-flash', warnings: [] },
      { type: 'reasoning-start', blockId: 'reasoning-0' },
      {
        type: 'reasoning-delta',
        blockId: 'reasoning-0',
        delta: 'The user wants the weather in two cities, ',
      },
      { type: 'usage-update', usage: usage42 },
      { type: 'reasoning-delta', blockId: 'reasoning-0', delta: 'so I call get_weather twice.' },
      { type: 'usage-update', usage: usage42 },
      { type: 'reasoning-end', blockId: 'reasoning-0' },
      { type: 'text-start', blockId: 'text-1' },
      { type: 'text-delta', blockId: 'text-1', delta: 'Checking é 👋' },
      { type: 'usage-update', usage: usage42 },
      { type: 'text-end', blockId: 'text-1' },
      { type: 'tool-call-start', callId: `call_0__thought__${SIGNATURE}`, toolName: 'get_weather' },
      {
        type: 'tool-call-delta',
        callId: `call_0__thought__${SIGNATURE}`,
        argumentsDelta: '{"city":"Paris"}',
      },
      { type: 'tool-call-end', callId: `call_0__thought__${SIGNATURE}`, arguments: '{"city":"Paris"}' },
      { type: 'tool-call-start', callId: 'call_1', toolName: 'get_weather' },
      { type: 'tool-call-delta', callId: 'call_1', argumentsDelta: '{"city":"Tokyo","unit":"celsius"}' },
      { type: 'tool-call-end', callId: 'call_1', arguments: '{"city":"Tokyo","unit":"celsius"}' },
      { type: 'usage-update', usage: usage42 },
      { type: 'usage-update', usage: finalUsage },
      { type: 'response-end', finishReason: { unified: 'tool-calls', raw: 'STOP' }, usage: finalUsage },
    ]);
    expect(findChatEventInvariantViolations(events)).toEqual([]);
  });

  it('gives the same events however the bytes are split', async () => {
    const expected = await eventsFromBytes([fixtureSse]);
    for (const pieces of splitAtEveryBoundary(fixtureSse))
      expect(await eventsFromBytes(pieces)).toEqual(expected);
    for (const size of [1, 7, 64])
      expect(await eventsFromBytes(splitBytes(fixtureSse, size))).toEqual(expected);
  });

  it('ends with an error event when the stream stops before a finishReason', async () => {
    const cut = fixtureSse.subarray(0, Math.floor(fixtureSse.length * 0.7));
    const events = await eventsFromBytes([cut]);
    expect(findChatEventInvariantViolations(events)).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { code: 'MMX_UPSTREAM_INVALID_RESPONSE' } });
    expect(events.filter((event) => event.type === 'response-end')).toEqual([]);
  });

  it('ends with an error event on an empty stream', async () => {
    expect(await eventsFromBytes([])).toEqual([
      { type: 'response-start', warnings: [] },
      { type: 'error', error: expect.objectContaining({ code: 'MMX_UPSTREAM_INVALID_RESPONSE' }) },
    ]);
  });

  it('ends with an error event on a frame that is not JSON', async () => {
    const events = await eventsFromBytes([
      encoder.encode('data: {"candidates":[{"content":{"parts":[{"text":"a"}]}}]}\n\ndata: {oops\n\n'),
    ]);
    expect(events.map((event) => event.type)).toEqual([
      'response-start',
      'text-start',
      'text-delta',
      'error',
    ]);
    expect(events.at(-1)).toMatchObject({ error: { code: 'MMX_UPSTREAM_INVALID_RESPONSE' } });
  });

  it.each<[string, GeminiChunk, Record<string, unknown>]>([
    [
      'an error payload',
      { error: { code: 429, message: 'Resource exhausted', status: 'RESOURCE_EXHAUSTED' } },
      {
        code: 'MMX_UPSTREAM_RATE_LIMITED',
        statusCode: 429,
        upstreamCode: 'RESOURCE_EXHAUSTED',
        retryable: true,
      },
    ],
    [
      'an error payload without an HTTP code',
      { error: { message: 'internal' } },
      { code: 'MMX_UPSTREAM_SERVER', statusCode: 500 },
    ],
    [
      'a blocked prompt',
      { promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 9 } },
      {
        code: 'MMX_UPSTREAM_BAD_REQUEST',
        statusCode: 400,
        upstreamCode: 'SAFETY',
        modelId: 'gemini-2.5-flash',
      },
    ],
  ])('turns %s into an error event', async (_name, chunk, error) => {
    const events = await eventsFrom([
      { candidates: [{ content: { parts: [{ text: 'a' }] } }] },
      chunk,
      { candidates: [{ content: { parts: [{ text: 'never read' }] }, finishReason: 'STOP' }] },
    ]);
    expect(events.at(-1)).toEqual({ type: 'error', error: expect.objectContaining(error) });
    expect(findChatEventInvariantViolations(events)).toEqual([]);
    expect(events.some((event) => event.type === 'text-delta' && event.delta === 'never read')).toBe(false);
  });

  it('turns a connection reset mid-stream into an error event', async () => {
    const reset = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    const events = await eventsFrom([{ candidates: [{ content: { parts: [{ text: 'a' }] } }] }], reset);
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { code: 'MMX_UPSTREAM_UNREACHABLE' } });
  });

  it('rethrows an abort instead of reporting an upstream failure', async () => {
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    await expect(eventsFrom([{ candidates: [{ content: { parts: [{ text: 'a' }] } }] }], abort)).rejects.toBe(
      abort,
    );
  });

  it('reports a part it cannot translate in the warnings of response-start', async () => {
    const events = await eventsFrom([
      {
        candidates: [
          { content: { parts: [{ executableCode: { code: 'print(1)' } }] }, finishReason: 'STOP' },
        ],
      },
    ]);
    expect(events).toEqual([
      {
        type: 'response-start',
        warnings: [
          { type: 'unsupported', feature: 'response-part-executableCode', detail: expect.any(String) },
        ],
      },
      { type: 'response-end', finishReason: { unified: 'stop', raw: 'STOP' }, usage: {} },
    ]);
  });

  // Each part in its own chunk: what a client rebuilds from the events equals the non-streaming conversion.
  it.each<[string, GeminiPart[]]>([
    ['text only', [{ text: 'Hel' }, { text: 'lo' }]],
    [
      'thoughts with a closing signature, then text',
      [
        { text: 'a', thought: true },
        { text: 'b', thought: true, thoughtSignature: 'S1' },
        { text: 'answer' },
      ],
    ],
    ['a thought signature alone', [{ text: '', thought: true, thoughtSignature: 'S1' }, { text: 'answer' }]],
    [
      'signatures on text parts',
      [{ text: 'Hel' }, { text: 'lo', thoughtSignature: 'S1' }, { text: '', thoughtSignature: 'S2' }],
    ],
    [
      'thoughts, text and calls interleaved',
      [
        { text: 'think', thought: true },
        { text: 'Let me see.' },
        { functionCall: { name: 'f', args: { x: 1 } }, thoughtSignature: 'S1' },
        { text: 'and', thought: true },
        { functionCall: { id: 'g-1', name: 'g' } },
      ],
    ],
  ])('streams %s like the non-streaming conversion', async (_name, parts) => {
    const chunks: GeminiChunk[] = parts.map((part) => ({ candidates: [{ content: { parts: [part] } }] }));
    chunks.push({ candidates: [{ finishReason: 'STOP' }] });
    const events = await eventsFrom(chunks);
    expect(findChatEventInvariantViolations(events)).toEqual([]);
    const whole = convertGeminiResponse({ candidates: [{ content: { parts }, finishReason: 'STOP' }] }, []);
    expect(contentFromEvents(events)).toEqual(whole.content);
    expect(events.at(-1)).toMatchObject({ type: 'response-end', finishReason: whole.finishReason });
  });
});
