import type { ReasoningEffort, Warning } from '@modelmux/core';
import { describe, expect, it } from 'vitest';
import { convertToGeminiThinkingConfig } from './convert-to-gemini-thinking-config.js';

const noThinkingWarning: Warning = {
  type: 'compatibility',
  feature: 'reasoning-effort',
  detail: expect.any(String),
};

describe('convertToGeminiThinkingConfig', () => {
  it.each<[string, ReasoningEffort | undefined, number | undefined, unknown, Warning[]]>([
    ['gemini-2.5-flash', undefined, undefined, undefined, []],
    ['gemini-2.5-flash', 'none', undefined, { thinkingBudget: 0 }, []],
    ['gemini-2.5-pro', 'none', undefined, { thinkingBudget: 0 }, [noThinkingWarning]],
    ['gemini-3-flash-preview', 'none', undefined, { thinkingBudget: 0 }, [noThinkingWarning]],
    ['gemini-2.5-flash', 'minimal', undefined, { thinkingBudget: 512, includeThoughts: true }, []],
    ['gemini-2.5-flash', 'low', undefined, { thinkingBudget: 2048, includeThoughts: true }, []],
    ['gemini-2.5-flash', 'medium', undefined, { thinkingBudget: 8192, includeThoughts: true }, []],
    ['gemini-2.5-flash', 'high', undefined, { thinkingBudget: 16384, includeThoughts: true }, []],
    ['gemini-2.5-flash', 'xhigh', undefined, { thinkingBudget: 24576, includeThoughts: true }, []],
    ['gemini-2.5-flash-lite', 'max', undefined, { thinkingBudget: 24576, includeThoughts: true }, []],
    ['gemini-2.5-pro', 'max', undefined, { thinkingBudget: 32768, includeThoughts: true }, []],
    ['gemini-2.5-flash', undefined, 1000, { thinkingBudget: 1000, includeThoughts: true }, []],
    ['gemini-2.5-flash', undefined, -1, { thinkingBudget: -1, includeThoughts: true }, []],
    ['gemini-2.5-flash', undefined, 0, { thinkingBudget: 0 }, []],
    [
      'gemini-2.5-flash',
      'high',
      300,
      { thinkingBudget: 300, includeThoughts: true },
      [{ type: 'other', message: expect.stringContaining('thinking_budget') }],
    ],
  ])(
    '%s, effort %s, budget option %s',
    (modelId, reasoningEffort, thinkingBudget, expected, expectedWarnings) => {
      const warnings: Warning[] = [];
      expect(convertToGeminiThinkingConfig({ modelId, reasoningEffort, thinkingBudget }, warnings)).toEqual(
        expected,
      );
      expect(warnings).toEqual(expectedWarnings);
    },
  );
});
