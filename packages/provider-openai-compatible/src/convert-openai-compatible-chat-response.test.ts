import { describe, expect, it } from 'vitest';
import { convertOpenAICompatibleChatResponse } from './convert-openai-compatible-chat-response.js';
import { convertOpenAICompatibleUsage } from './convert-openai-compatible-usage.js';
import { mapOpenAICompatibleFinishReason } from './map-openai-compatible-finish-reason.js';
import { describeOpenAICompatibleError } from './openai-compatible-error.js';

describe('convertOpenAICompatibleChatResponse', () => {
  it('keeps reasoning, text and every tool call in order', () => {
    const result = convertOpenAICompatibleChatResponse(
      {
        id: 'chatcmpl-1',
        model: 'm',
        choices: [
          {
            finish_reason: 'tool_calls',
            message: {
              content: 'Checking.',
              reasoning_content: 'need weather',
              tool_calls: [
                { id: 'call_a', type: 'function', function: { name: 'w', arguments: '{"c":"Paris"}' } },
                { id: 'call_b', type: 'function', function: { name: 'w', arguments: '' } },
              ],
            },
          },
        ],
        usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
      },
      [],
    );
    expect(result).toEqual({
      id: 'chatcmpl-1',
      modelId: 'm',
      content: [
        { type: 'reasoning', text: 'need weather' },
        { type: 'text', text: 'Checking.' },
        { type: 'tool-call', callId: 'call_a', toolName: 'w', arguments: '{"c":"Paris"}' },
        { type: 'tool-call', callId: 'call_b', toolName: 'w', arguments: '{}' },
      ],
      finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
      usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 },
      warnings: [],
    });
  });

  it('reads the newer `reasoning` field and reports extra choices and refusals', () => {
    const warnings: never[] = [];
    const result = convertOpenAICompatibleChatResponse(
      {
        choices: [
          { finish_reason: 'stop', message: { content: null, reasoning: 'r', refusal: 'no' } },
          { finish_reason: 'stop', message: { content: 'second' } },
        ],
      },
      warnings,
    );
    expect(result.content).toEqual([
      { type: 'reasoning', text: 'r' },
      { type: 'text', text: 'no' },
    ]);
    expect(result.usage).toEqual({});
    expect(warnings).toHaveLength(2);
  });
});

describe('mapOpenAICompatibleFinishReason', () => {
  it.each([
    ['stop', 'stop'],
    ['length', 'length'],
    ['tool_calls', 'tool-calls'],
    ['function_call', 'tool-calls'],
    ['content_filter', 'content-filter'],
    ['eos', 'other'],
  ])('%s → %s', (raw, unified) => {
    expect(mapOpenAICompatibleFinishReason(raw)).toEqual({ unified, raw });
  });

  it('null → other without raw', () => {
    expect(mapOpenAICompatibleFinishReason(null)).toEqual({ unified: 'other' });
  });
});

describe('convertOpenAICompatibleUsage', () => {
  it('keeps unknown counts undefined and reads details', () => {
    expect(convertOpenAICompatibleUsage(null)).toEqual({});
    expect(convertOpenAICompatibleUsage({ prompt_tokens: 3 })).toEqual({ inputTokens: 3 });
    expect(
      convertOpenAICompatibleUsage({
        prompt_tokens: 30,
        completion_tokens: 20,
        prompt_tokens_details: { cached_tokens: 10 },
        completion_tokens_details: { reasoning_tokens: 5 },
      }),
    ).toEqual({
      inputTokens: 30,
      outputTokens: 20,
      totalTokens: 50,
      cachedInputTokens: 10,
      reasoningTokens: 5,
    });
  });
});

describe('describeOpenAICompatibleError', () => {
  it.each([
    [
      { error: { message: 'bad', type: 'invalid_request_error', param: 'messages', code: null } },
      { message: 'bad', upstreamCode: 'invalid_request_error', upstreamParam: 'messages' },
    ],
    [
      { error: { message: 'slow', code: 'rate_limit_exceeded' } },
      { message: 'slow', upstreamCode: 'rate_limit_exceeded' },
    ],
    [
      { object: 'error', message: 'vllm says no', type: 'BadRequestError', code: 400 },
      { message: 'vllm says no', upstreamCode: '400' },
    ],
    [{ error: 'model "x" not found' }, { message: 'model "x" not found' }],
  ])('reads %j', (body, expected) => {
    expect(describeOpenAICompatibleError(body as never)).toEqual(expected);
  });
});
