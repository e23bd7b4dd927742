import type { Usage } from '@modelmux/core';
import { describe, expect, it } from 'vitest';
import { convertGeminiUsage } from './convert-gemini-usage.js';
import type { GeminiUsageMetadata } from './vertex-gemini-api-schemas.js';

describe('convertGeminiUsage', () => {
  it.each<[string, GeminiUsageMetadata | null | undefined, Usage]>([
    [
      'every count',
      {
        promptTokenCount: 120,
        candidatesTokenCount: 30,
        thoughtsTokenCount: 18,
        cachedContentTokenCount: 100,
        totalTokenCount: 168,
      },
      { inputTokens: 120, outputTokens: 48, reasoningTokens: 18, cachedInputTokens: 100, totalTokens: 168 },
    ],
    [
      'no thinking',
      { promptTokenCount: 5, candidatesTokenCount: 3, totalTokenCount: 8 },
      { inputTokens: 5, outputTokens: 3, totalTokens: 8 },
    ],
    [
      'all output spent on thoughts (candidatesTokenCount left out as a proto3 zero)',
      { promptTokenCount: 5, thoughtsTokenCount: 64, totalTokenCount: 69 },
      { inputTokens: 5, outputTokens: 64, reasoningTokens: 64, totalTokens: 69 },
    ],
    [
      'prompt only (early stream chunk)',
      { promptTokenCount: 42, totalTokenCount: 42 },
      { inputTokens: 42, totalTokens: 42 },
    ],
    ['nulls stay unknown', { promptTokenCount: null, candidatesTokenCount: null }, {}],
    ['no usage', undefined, {}],
    ['null usage', null, {}],
  ])('%s', (_name, usage, expected) => {
    expect(convertGeminiUsage(usage)).toEqual(expected);
  });
});
