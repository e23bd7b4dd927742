import type { FinishReason } from '@modelmux/core';
import { describe, expect, it } from 'vitest';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.js';

describe('mapGeminiFinishReason', () => {
  it.each<[string | null | undefined, boolean, FinishReason]>([
    ['STOP', false, { unified: 'stop', raw: 'STOP' }],
    ['STOP', true, { unified: 'tool-calls', raw: 'STOP' }],
    ['MAX_TOKENS', true, { unified: 'length', raw: 'MAX_TOKENS' }],
    ['SAFETY', false, { unified: 'content-filter', raw: 'SAFETY' }],
    ['RECITATION', false, { unified: 'content-filter', raw: 'RECITATION' }],
    ['BLOCKLIST', false, { unified: 'content-filter', raw: 'BLOCKLIST' }],
    ['PROHIBITED_CONTENT', false, { unified: 'content-filter', raw: 'PROHIBITED_CONTENT' }],
    ['SPII', false, { unified: 'content-filter', raw: 'SPII' }],
    ['IMAGE_SAFETY', false, { unified: 'content-filter', raw: 'IMAGE_SAFETY' }],
    ['IMAGE_PROHIBITED_CONTENT', false, { unified: 'content-filter', raw: 'IMAGE_PROHIBITED_CONTENT' }],
    ['MODEL_ARMOR', false, { unified: 'content-filter', raw: 'MODEL_ARMOR' }],
    ['MALFORMED_FUNCTION_CALL', true, { unified: 'other', raw: 'MALFORMED_FUNCTION_CALL' }],
    ['UNEXPECTED_TOOL_CALL', false, { unified: 'other', raw: 'UNEXPECTED_TOOL_CALL' }],
    ['OTHER', false, { unified: 'other', raw: 'OTHER' }],
    ['FINISH_REASON_UNSPECIFIED', false, { unified: 'other', raw: 'FINISH_REASON_UNSPECIFIED' }],
    ['SOMETHING_NEW', false, { unified: 'other', raw: 'SOMETHING_NEW' }],
    [null, false, { unified: 'other' }],
    [undefined, true, { unified: 'other' }],
  ])('%s (function calls: %s) → %j', (raw, hasFunctionCalls, expected) => {
    expect(mapGeminiFinishReason(raw, hasFunctionCalls)).toEqual(expected);
  });
});
