import type { ChatEvent, ChatResult } from '@modelmux/core';
import { UpstreamError } from '@modelmux/core';
import { validateOpenAiSchema } from '@modelmux/testkit';
import { describe, expect, it } from 'vitest';
import { decodeResponsesRequest } from './decode-responses-request.js';
import { encodeResponsesResult } from './encode-responses-result.js';
import { ResponsesStreamEncoder } from './encode-responses-stream.js';
import { openReasoningSeal } from './reasoning-encrypted-content.js';

const meta = { requestId: 'req-1', modelReference: 'claude', createdAt: 1_767_225_600_500 };
const decoded = decodeResponsesRequest({
  model: 'claude',
  input: 'Weather in Paris?',
  instructions: 'Be brief.',
  tools: [
    { type: 'function', name: 'get_weather', parameters: { type: 'object', properties: {} }, strict: false },
  ],
});

const result: ChatResult = {
  content: [
    { type: 'reasoning', text: 'Need the tool.', signature: 'sig-1' },
    { type: 'text', text: 'Checking.' },
    { type: 'tool-call', callId: 'toolu_1', toolName: 'get_weather', arguments: '{"city":"Paris"}' },
  ],
  finishReason: { unified: 'tool-calls', raw: 'tool_use' },
  usage: { inputTokens: 20, outputTokens: 12, cachedInputTokens: 5, reasoningTokens: 4 },
  warnings: [],
};

describe('encodeResponsesResult', () => {
  it('encodes reasoning, a message and a function call as output items of a valid Response', () => {
    const body = encodeResponsesResult(result, meta, decoded);
    expect(validateOpenAiSchema('Response', body)).toEqual([]);
    expect(body).toMatchObject({
      object: 'response',
      status: 'completed',
      model: 'claude',
      instructions: 'Be brief.',
      store: true,
      created_at: 1_767_225_600,
      usage: {
        input_tokens: 20,
        input_tokens_details: { cached_tokens: 5, cache_write_tokens: 0 },
        output_tokens: 12,
        output_tokens_details: { reasoning_tokens: 4 },
        total_tokens: 32,
      },
    });
    expect(String(body.id)).toMatch(/^resp_[0-9a-f]{48}$/);
    const output = body.output as Array<Record<string, unknown>>;
    expect(output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call']);
    expect(output[0]).toMatchObject({ content: [{ type: 'reasoning_text', text: 'Need the tool.' }] });
    expect(openReasoningSeal(String(output[0]?.encrypted_content))).toEqual({ signature: 'sig-1' });
    expect(output[1]).toMatchObject({
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text: 'Checking.' }],
    });
    expect(output[2]).toMatchObject({
      call_id: 'toolu_1',
      name: 'get_weather',
      arguments: '{"city":"Paris"}',
      status: 'completed',
    });
    expect(String(output[2]?.id)).toMatch(/^fc_/);
  });

  it('marks a length cut as incomplete with max_output_tokens', () => {
    const body = encodeResponsesResult(
      { ...result, content: [{ type: 'text', text: 'Cut' }], finishReason: { unified: 'length' } },
      meta,
      decoded,
    );
    expect(body).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      completed_at: null,
    });
    expect(validateOpenAiSchema('Response', body)).toEqual([]);
  });
});

function parseFrames(text: string): Array<{ event: string; data: Record<string, unknown> }> {
  return text
    .split('\n\n')
    .filter((frame) => frame !== '')
    .map((frame) => {
      const [eventLine, dataLine] = frame.split('\n');
      expect(eventLine?.startsWith('event: ')).toBe(true);
      expect(dataLine?.startsWith('data: ')).toBe(true);
      return { event: eventLine!.slice(7), data: JSON.parse(dataLine!.slice(6)) };
    });
}

const events: ChatEvent[] = [
  { type: 'response-start', warnings: [] },
  { type: 'reasoning-start', blockId: 'r' },
  { type: 'reasoning-delta', blockId: 'r', delta: 'Need ' },
  { type: 'reasoning-delta', blockId: 'r', delta: 'the tool.' },
  { type: 'reasoning-end', blockId: 'r', signature: 'sig-1' },
  { type: 'text-start', blockId: 't' },
  { type: 'text-delta', blockId: 't', delta: 'Check' },
  { type: 'text-delta', blockId: 't', delta: 'ing.' },
  { type: 'text-end', blockId: 't' },
  { type: 'tool-call-start', callId: 'toolu_1', toolName: 'get_weather' },
  { type: 'tool-call-delta', callId: 'toolu_1', argumentsDelta: '{"city":' },
  { type: 'tool-call-delta', callId: 'toolu_1', argumentsDelta: '"Paris"}' },
  { type: 'tool-call-end', callId: 'toolu_1', arguments: '{"city":"Paris"}' },
  { type: 'usage-update', usage: { inputTokens: 20 } },
  {
    type: 'response-end',
    finishReason: { unified: 'tool-calls' },
    usage: { inputTokens: 20, outputTokens: 12 },
  },
];

describe('ResponsesStreamEncoder', () => {
  it('streams the full event sequence with increasing sequence numbers, every event valid', () => {
    const encoder = new ResponsesStreamEncoder(meta, decoded);
    expect(encoder.finalReply()).toBeUndefined();
    const frames = parseFrames(events.map((event) => encoder.encode(event)).join(''));
    expect(frames.map((frame) => frame.event)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.reasoning_text.delta',
      'response.reasoning_text.delta',
      'response.reasoning_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    frames.forEach((frame, index) => {
      expect(frame.data.type).toBe(frame.event);
      expect(frame.data.sequence_number).toBe(index);
      expect(validateOpenAiSchema('ResponseStreamEvent', frame.data)).toEqual([]);
    });
    const completed = frames.at(-1)!.data.response as Record<string, unknown>;
    expect(validateOpenAiSchema('Response', completed)).toEqual([]);
    expect(completed.id).toBe(encoder.responseId);
    expect(encoder.finalReply()).toEqual(completed);
    expect((completed.output as Array<{ type: string }>).map((item) => item.type)).toEqual([
      'reasoning',
      'message',
      'function_call',
    ]);
    const [created] = frames;
    expect((created!.data.response as Record<string, unknown>).status).toBe('in_progress');
  });

  it('ends a cut stream with response.incomplete', () => {
    const encoder = new ResponsesStreamEncoder(meta, decoded);
    const text = [
      events[0]!,
      events[5]!,
      events[6]!,
      events[8]!,
      { type: 'response-end', finishReason: { unified: 'length' }, usage: {} } as ChatEvent,
    ]
      .map((event) => encoder.encode(event))
      .join('');
    const last = parseFrames(text).at(-1)!;
    expect(last.event).toBe('response.incomplete');
    expect(last.data.response).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
    });
  });

  it('ends a failed stream with an error event in OpenAI’s shape', () => {
    const encoder = new ResponsesStreamEncoder(meta, decoded);
    const failure = new UpstreamError({ statusCode: 429, message: 'slow down' });
    const frames = parseFrames(
      encoder.encode(events[0]!) + encoder.encode({ type: 'error', error: failure }),
    );
    expect(frames.at(-1)).toEqual({
      event: 'error',
      data: {
        type: 'error',
        code: 'MMX_UPSTREAM_RATE_LIMITED',
        message: 'slow down',
        param: null,
        sequence_number: 2,
      },
    });
    expect(validateOpenAiSchema('ResponseStreamEvent', frames.at(-1)!.data)).toEqual([]);
  });
});
