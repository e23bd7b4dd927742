import { describe, expect, it } from 'vitest';
import {
  type DecodedGeminiToolCallId,
  decodeGeminiToolCallId,
  encodeGeminiToolCallId,
} from './gemini-tool-call-id.js';

describe('encodeGeminiToolCallId', () => {
  it.each<[string | null | undefined, number, string | null | undefined, string]>([
    [undefined, 0, undefined, 'call_0'],
    [null, 3, null, 'call_3'],
    ['', 1, '', 'call_1'],
    ['fc-abc', 0, undefined, 'fc-abc'],
    [undefined, 2, 'c2ln+/=', 'call_2__thought__c2ln+/='],
    ['fc-abc', 0, 'c2ln', 'fc-abc__thought__c2ln'],
  ])('(%s, %s, %s) → %s', (id, index, signature, expected) => {
    expect(encodeGeminiToolCallId(id, index, signature)).toBe(expected);
  });
});

describe('decodeGeminiToolCallId', () => {
  it.each<[string, DecodedGeminiToolCallId]>([
    ['call_0', { id: 'call_0', fromUpstream: false }],
    ['call_12__thought__c2ln+/=', { id: 'call_12', thoughtSignature: 'c2ln+/=', fromUpstream: false }],
    ['fc-abc__thought__c2ln', { id: 'fc-abc', thoughtSignature: 'c2ln', fromUpstream: true }],
    ['fc-abc', { id: 'fc-abc', fromUpstream: true }],
    ['call_AbC123', { id: 'call_AbC123', fromUpstream: true }],
    ['toolu_01__thought__', { id: 'toolu_01', fromUpstream: true }],
    [
      'call_1__thought__a__thought__b',
      { id: 'call_1', thoughtSignature: 'a__thought__b', fromUpstream: false },
    ],
  ])('%s', (callId, expected) => {
    expect(decodeGeminiToolCallId(callId)).toEqual(expected);
  });

  it('round-trips what it encodes', () => {
    const callId = encodeGeminiToolCallId(undefined, 4, 'CiQB0e2K');
    expect(decodeGeminiToolCallId(callId)).toEqual({
      id: 'call_4',
      thoughtSignature: 'CiQB0e2K',
      fromUpstream: false,
    });
  });
});
