import { describe, expect, it } from 'vitest';
import { convertBedrockConverseResponse } from './convert-bedrock-converse-response.js';
import { convertBedrockUsage } from './convert-bedrock-usage.js';
import { mapBedrockStopReason } from './map-bedrock-stop-reason.js';

describe('convertBedrockConverseResponse', () => {
  it('keeps reasoning with its signature, text and tool calls', () => {
    expect(
      convertBedrockConverseResponse(
        {
          output: {
            message: {
              content: [
                { reasoningContent: { reasoningText: { text: 'hmm', signature: 'sig' } } },
                { reasoningContent: { redactedContent: 'b3BhcXVl' } },
                { text: 'Checking.' },
                { toolUse: { toolUseId: 'tooluse_1', name: 'w', input: { city: 'Paris' } } },
              ],
            },
          },
          stopReason: 'tool_use',
          usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15, cacheReadInputTokens: 100 },
        },
        [],
        false,
      ),
    ).toEqual({
      content: [
        { type: 'reasoning', text: 'hmm', signature: 'sig' },
        { type: 'reasoning', text: '', redactedData: 'b3BhcXVl' },
        { type: 'text', text: 'Checking.' },
        { type: 'tool-call', callId: 'tooluse_1', toolName: 'w', arguments: '{"city":"Paris"}' },
      ],
      finishReason: { unified: 'tool-calls', raw: 'tool_use' },
      usage: { inputTokens: 110, cachedInputTokens: 100, outputTokens: 5, totalTokens: 115 },
      warnings: [],
    });
  });

  it('returns the forced JSON tool input as text', () => {
    const result = convertBedrockConverseResponse(
      {
        output: {
          message: { content: [{ toolUse: { toolUseId: 't', name: 'json_output', input: { a: 1 } } }] },
        },
        stopReason: 'tool_use',
      },
      [],
      true,
    );
    expect(result.content).toEqual([{ type: 'text', text: '{"a":1}' }]);
    expect(result.finishReason.unified).toBe('stop');
  });
});

describe('mapBedrockStopReason', () => {
  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['tool_use', 'tool-calls'],
    ['guardrail_intervened', 'content-filter'],
    ['content_filtered', 'content-filter'],
    ['malformed_tool_use', 'other'],
  ])('%s → %s', (raw, unified) => {
    expect(mapBedrockStopReason(raw)).toEqual({ unified, raw });
  });
});

describe('convertBedrockUsage', () => {
  it.each([
    [undefined, {}],
    [{ inputTokens: 3 }, { inputTokens: 3 }],
    [
      { inputTokens: 3, outputTokens: 2, cacheWriteInputTokens: 7 },
      { inputTokens: 10, cacheWriteInputTokens: 7, outputTokens: 2, totalTokens: 12 },
    ],
  ])('%j → %j', (usage, expected) => {
    expect(convertBedrockUsage(usage)).toEqual(expected);
  });
});
