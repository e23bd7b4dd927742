import { describe, expect, it } from 'vitest';
import { convertAnthropicMessagesResponse } from './convert-anthropic-messages-response.js';
import { convertAnthropicUsage } from './convert-anthropic-usage.js';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';
import { describeVertexError } from './vertex-error.js';

describe('convertAnthropicMessagesResponse', () => {
  it('keeps thinking with its signature, redacted thinking, text and tool calls in order', () => {
    expect(
      convertAnthropicMessagesResponse(
        {
          id: 'msg_1',
          model: 'claude-sonnet-4-5',
          content: [
            { type: 'thinking', thinking: 'hmm', signature: 'sig' },
            { type: 'redacted_thinking', data: 'opaque' },
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'toolu_1', name: 'w', input: { city: 'Paris' } },
          ],
          stop_reason: 'tool_use',
          usage: {
            input_tokens: 10,
            output_tokens: 20,
            cache_read_input_tokens: 5,
            cache_creation_input_tokens: 3,
          },
        },
        [],
        false,
      ),
    ).toEqual({
      id: 'msg_1',
      modelId: 'claude-sonnet-4-5',
      content: [
        { type: 'reasoning', text: 'hmm', signature: 'sig' },
        { type: 'reasoning', text: '', redactedData: 'opaque' },
        { type: 'text', text: 'Checking.' },
        { type: 'tool-call', callId: 'toolu_1', toolName: 'w', arguments: '{"city":"Paris"}' },
      ],
      finishReason: { unified: 'tool-calls', raw: 'tool_use' },
      usage: {
        inputTokens: 18,
        cachedInputTokens: 5,
        cacheWriteInputTokens: 3,
        outputTokens: 20,
        totalTokens: 38,
      },
      warnings: [],
    });
  });

  it('returns the forced JSON tool input as text with a stop finish', () => {
    const result = convertAnthropicMessagesResponse(
      {
        content: [{ type: 'tool_use', id: 't', name: 'json_output', input: { a: 1 } }],
        stop_reason: 'tool_use',
      },
      [],
      true,
    );
    expect(result.content).toEqual([{ type: 'text', text: '{"a":1}' }]);
    expect(result.finishReason).toEqual({ unified: 'stop', raw: 'tool_use' });
  });

  it('reports blocks it cannot carry', () => {
    const warnings: never[] = [];
    convertAnthropicMessagesResponse(
      { content: [{ type: 'server_tool_use' }], stop_reason: 'end_turn' },
      warnings,
      false,
    );
    expect(warnings).toHaveLength(1);
  });
});

describe('mapAnthropicStopReason', () => {
  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['tool_use', 'tool-calls'],
    ['refusal', 'content-filter'],
    ['pause_turn', 'other'],
  ])('%s → %s', (raw, unified) => {
    expect(mapAnthropicStopReason(raw)).toEqual({ unified, raw });
  });
});

describe('convertAnthropicUsage', () => {
  it.each([
    [null, {}],
    [{ input_tokens: 5 }, { inputTokens: 5 }],
    [{ output_tokens: 7 }, { outputTokens: 7 }],
    [
      {
        input_tokens: 1,
        output_tokens: 2,
        cache_read_input_tokens: 10,
        output_tokens_details: { thinking_tokens: 1 },
      },
      { inputTokens: 11, cachedInputTokens: 10, outputTokens: 2, totalTokens: 13, reasoningTokens: 1 },
    ],
  ])('%j → %j', (usage, expected) => {
    expect(convertAnthropicUsage(usage)).toEqual(expected);
  });
});

describe('describeVertexError', () => {
  it.each([
    [
      { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
      { message: 'Overloaded', upstreamCode: 'overloaded_error' },
    ],
    [
      { error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED' } },
      { message: 'Quota exceeded', upstreamCode: 'RESOURCE_EXHAUSTED' },
    ],
    [
      [{ error: { code: 403, message: 'Permission denied', status: 'PERMISSION_DENIED' } }],
      { message: 'Permission denied', upstreamCode: 'PERMISSION_DENIED' },
    ],
  ])('reads %j', (body, expected) => {
    expect(describeVertexError(body as never)).toEqual(expected);
  });
});
