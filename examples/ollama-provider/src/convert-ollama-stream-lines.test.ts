import { type ChatEvent, UpstreamResponseError } from '@modelmux/core';
import { type ParseResult, safeParseJson } from '@modelmux/core/http';
import { collectChatEvents, findChatEventInvariantViolations } from '@modelmux/testkit';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../test/read-fixture.js';
import { convertOllamaStreamLines } from './convert-ollama-stream-lines.js';
import { type OllamaChatResponse, ollamaChatResponseSchema } from './ollama-api-schemas.js';

const context = {
  warnings: [{ type: 'unsupported' as const, feature: 'user' }],
  url: 'http://ollama.test/api/chat',
  providerId: 'local',
  modelId: 'qwen3:8b',
};

function parseLines(text: string): Array<ParseResult<OllamaChatResponse>> {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => safeParseJson(line, ollamaChatResponseSchema));
}

async function* batches(results: Array<ParseResult<OllamaChatResponse>>, failWith?: Error) {
  for (const result of results) yield [result];
  if (failWith !== undefined) throw failWith;
}

async function convert(text: string, failWith?: Error): Promise<ChatEvent[]> {
  return collectChatEvents(convertOllamaStreamLines(batches(parseLines(text), failWith), context));
}

describe('convertOllamaStreamLines', () => {
  it('turns a text stream into one text block and a response-end with usage', async () => {
    const events = await convert(readFixture('ollama-text.1.ndjson'));
    expect(findChatEventInvariantViolations(events)).toEqual([]);
    expect(events).toEqual([
      { type: 'response-start', modelId: 'llama3.2', warnings: context.warnings },
      { type: 'text-start', blockId: 'text-0' },
      { type: 'text-delta', blockId: 'text-0', delta: 'The' },
      { type: 'text-delta', blockId: 'text-0', delta: ' sky' },
      { type: 'text-delta', blockId: 'text-0', delta: ' is blue.' },
      { type: 'text-end', blockId: 'text-0' },
      {
        type: 'response-end',
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: expect.objectContaining({ inputTokens: 26, outputTokens: 282, totalTokens: 308 }),
      },
    ]);
  });

  it('turns thinking into a reasoning block and whole tool calls into start, delta and end', async () => {
    const events = await convert(readFixture('ollama-thinking-tool-call.1.ndjson'));
    expect(findChatEventInvariantViolations(events)).toEqual([]);
    expect(events.map((event) => event.type)).toEqual([
      'response-start',
      'reasoning-start',
      'reasoning-delta',
      'reasoning-delta',
      'reasoning-end',
      'text-start',
      'text-delta',
      'text-end',
      'tool-call-start',
      'tool-call-delta',
      'tool-call-end',
      'tool-call-start',
      'tool-call-delta',
      'tool-call-end',
      'response-end',
    ]);
    expect(events.filter((event) => event.type === 'tool-call-end')).toEqual([
      { type: 'tool-call-end', callId: 'call_0', arguments: '{"city":"Zürich"}' },
      { type: 'tool-call-end', callId: 'call_1', arguments: '{"timezone":"Europe/Zurich"}' },
    ]);
    expect(events.at(-1)).toMatchObject({ finishReason: { unified: 'tool-calls', raw: 'stop' } });
  });

  it('numbers tool calls across lines', async () => {
    const call = (name: string) =>
      JSON.stringify({
        message: { content: '', tool_calls: [{ function: { name, arguments: {} } }] },
        done: false,
      });
    const events = await convert(`${call('a')}\n${call('b')}\n{"done":true,"done_reason":"stop"}\n`);
    expect(events.filter((event) => event.type === 'tool-call-start').map((event) => event.callId)).toEqual([
      'call_0',
      'call_1',
    ]);
  });

  it('ends with an error event for an {"error"} line after the stream began', async () => {
    const events = await convert(
      '{"model":"qwen3:8b","message":{"content":"Hel"},"done":false}\n{"error":"an error was encountered while running the model"}\n',
    );
    expect(findChatEventInvariantViolations(events)).toEqual([]);
    const last = events.at(-1);
    expect(last?.type).toBe('error');
    expect(last?.type === 'error' && last.error).toMatchObject({
      code: 'MMX_UPSTREAM_SERVER',
      message: 'an error was encountered while running the model',
      providerId: 'local',
    });
  });

  it('ends with MMX_UPSTREAM_INVALID_RESPONSE when the stream stops before done, or a line does not parse', async () => {
    for (const text of [
      '{"message":{"content":"Hel"},"done":false}\n',
      '{"message":{"content":"Hel"},"done":fa\n',
    ]) {
      const events = await convert(text);
      expect(findChatEventInvariantViolations(events)).toEqual([]);
      const last = events.at(-1);
      expect(last?.type === 'error' && UpstreamResponseError.isInstance(last.error)).toBe(true);
    }
  });

  it('maps a transport failure while reading to a typed error event', async () => {
    const events = await convert(
      '{"message":{"content":"Hel"},"done":false}\n',
      Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
    );
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { code: 'MMX_UPSTREAM_UNREACHABLE' } });
  });

  it('reports a length stop', async () => {
    const events = await convert(
      '{"message":{"content":"a"},"done":false}\n{"done":true,"done_reason":"length","eval_count":1}\n',
    );
    expect(events.at(-1)).toMatchObject({
      type: 'response-end',
      finishReason: { unified: 'length', raw: 'length' },
      usage: { outputTokens: 1 },
    });
  });
});
