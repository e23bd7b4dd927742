import { describe, expect, it } from 'vitest';
import { chatCompletionId } from './chat-completion-id.js';
import { encodeChatCompletionsUsage } from './encode-chat-completions-usage.js';
import { mapChatCompletionsFinishReason } from './map-chat-completions-finish-reason.js';
import { parseDataUrl } from './parse-data-url.js';

describe('mapChatCompletionsFinishReason', () => {
  it.each([
    ['stop', 'stop'],
    ['length', 'length'],
    ['tool-calls', 'tool_calls'],
    ['content-filter', 'content_filter'],
    ['error', 'stop'],
    ['other', 'stop'],
  ] as const)('%s → %s', (unified, wire) => {
    expect(mapChatCompletionsFinishReason({ unified })).toBe(wire);
  });
});

describe('parseDataUrl', () => {
  it.each([
    ['data:image/png;base64,iVBO', { mediaType: 'image/png', data: 'iVBO' }],
    ['data:;base64,AAAA', { mediaType: 'application/octet-stream', data: 'AAAA' }],
    ['data:text/plain,hello', undefined],
    ['https://x.test/a.png', undefined],
    ['data:image/png;base64', undefined],
  ])('%s', (url, expected) => {
    expect(parseDataUrl(url)).toEqual(expected);
  });
});

describe('chatCompletionId', () => {
  it('keeps an upstream chatcmpl id and derives one otherwise', () => {
    expect(chatCompletionId('chatcmpl-abc', 'r1')).toBe('chatcmpl-abc');
    expect(chatCompletionId('msg_01', 'r1')).toBe('chatcmpl-r1');
    expect(chatCompletionId(undefined, 'r1')).toBe('chatcmpl-r1');
  });
});

describe('encodeChatCompletionsUsage', () => {
  it('needs both prompt and completion counts and never invents one', () => {
    expect(encodeChatCompletionsUsage({})).toBeUndefined();
    expect(encodeChatCompletionsUsage({ outputTokens: 3 })).toBeUndefined();
    expect(encodeChatCompletionsUsage({ inputTokens: 1, outputTokens: 2, totalTokens: 9 })).toEqual({
      prompt_tokens: 1,
      completion_tokens: 2,
      total_tokens: 9,
    });
  });
});
