import { readFileSync } from 'node:fs';
import type { AssistantContentPart, ChatResult, Warning } from '@modelmux/core';
import { describe, expect, it } from 'vitest';
import { convertGeminiResponse } from './convert-gemini-response.js';
import { type GeminiPart, type GeminiResponse, geminiResponseSchema } from './vertex-gemini-api-schemas.js';

const SIGNATURE = 'CiQB0e2Kb7Zr0M8x1vQn4yLZ3w+/AbC=';

function withParts(parts: GeminiPart[], finishReason = 'STOP'): GeminiResponse {
  return { candidates: [{ content: { parts }, finishReason }] };
}

describe('convertGeminiResponse', () => {
  it('converts the tool-call fixture', () => {
    const fixture = geminiResponseSchema.parse(
      JSON.parse(
        readFileSync(new URL('./__fixtures__/vertex-gemini-tool-call.1.json', import.meta.url), 'utf8'),
      ),
    );
    expect(convertGeminiResponse(fixture, [])).toEqual<ChatResult>({
      id: '8TqJaPzFHqmJ2PgP3bWQ0Ak',
      modelId: 'gemini-2.5-flash',
      content: [
        { type: 'reasoning', text: 'The user wants the weather in two cities, so I call get_weather twice.' },
        { type: 'text', text: 'Checking é 👋' },
        {
          type: 'tool-call',
          callId: `call_0__thought__${SIGNATURE}`,
          toolName: 'get_weather',
          arguments: '{"city":"Paris"}',
        },
        {
          type: 'tool-call',
          callId: 'call_1',
          toolName: 'get_weather',
          arguments: '{"city":"Tokyo","unit":"celsius"}',
        },
      ],
      finishReason: { unified: 'tool-calls', raw: 'STOP' },
      usage: { inputTokens: 42, outputTokens: 48, reasoningTokens: 18, totalTokens: 90 },
      warnings: [],
    });
  });

  it.each<[string, GeminiResponse, AssistantContentPart[], ChatResult['finishReason'], Warning[]]>([
    [
      'text parts merged',
      withParts([{ text: 'Hel' }, { text: 'lo' }]),
      [{ type: 'text', text: 'Hello' }],
      { unified: 'stop', raw: 'STOP' },
      [],
    ],
    [
      'thoughts merged until a signature closes them',
      withParts([
        { text: 'a', thought: true },
        { text: 'b', thought: true, thoughtSignature: 'S1' },
        { text: 'c', thought: true },
        { text: 'answer' },
      ]),
      [
        { type: 'reasoning', text: 'ab', signature: 'S1' },
        { type: 'reasoning', text: 'c' },
        { type: 'text', text: 'answer' },
      ],
      { unified: 'stop', raw: 'STOP' },
      [],
    ],
    [
      'a signature on a text part becomes an empty reasoning part before it',
      withParts([
        { text: 'Hel' },
        { text: 'lo', thoughtSignature: 'S1' },
        { text: '', thoughtSignature: 'S2' },
      ]),
      [
        { type: 'text', text: 'Hel' },
        { type: 'reasoning', text: '', signature: 'S1' },
        { type: 'text', text: 'lo' },
        { type: 'reasoning', text: '', signature: 'S2' },
      ],
      { unified: 'stop', raw: 'STOP' },
      [],
    ],
    [
      'Gemini call ids kept, missing args as {}',
      withParts([
        { functionCall: { id: 'fc-9', name: 'now' } },
        { functionCall: { id: 'fc-10', name: 'add', args: { a: 1 } }, thoughtSignature: 'S' },
      ]),
      [
        { type: 'tool-call', callId: 'fc-9', toolName: 'now', arguments: '{}' },
        { type: 'tool-call', callId: 'fc-10__thought__S', toolName: 'add', arguments: '{"a":1}' },
      ],
      { unified: 'tool-calls', raw: 'STOP' },
      [],
    ],
    [
      'an untranslated part reported',
      withParts([{ text: 'see' }, { inlineData: { mimeType: 'image/png', data: 'iVBO' } }]),
      [{ type: 'text', text: 'see' }],
      { unified: 'stop', raw: 'STOP' },
      [{ type: 'unsupported', feature: 'response-part-inlineData', detail: expect.any(String) }],
    ],
    [
      'cut by the token limit',
      withParts([{ text: 'Once upon' }], 'MAX_TOKENS'),
      [{ type: 'text', text: 'Once upon' }],
      { unified: 'length', raw: 'MAX_TOKENS' },
      [],
    ],
    [
      'a candidate stopped by safety without content',
      { candidates: [{ finishReason: 'SAFETY' }] },
      [],
      { unified: 'content-filter', raw: 'SAFETY' },
      [],
    ],
    [
      'several candidates',
      {
        candidates: [
          { content: { parts: [{ text: 'one' }] }, finishReason: 'STOP' },
          { finishReason: 'STOP' },
        ],
      },
      [{ type: 'text', text: 'one' }],
      { unified: 'stop', raw: 'STOP' },
      [{ type: 'other', message: 'Gemini returned 2 candidates; only the first is used' }],
    ],
  ])('%s', (_name, response, content, finishReason, expectedWarnings) => {
    const warnings: Warning[] = [];
    const result = convertGeminiResponse(response, warnings);
    expect(result.content).toEqual(content);
    expect(result.finishReason).toEqual(finishReason);
    expect(result.warnings).toBe(warnings);
    expect(warnings).toEqual(expectedWarnings);
  });

  it.each<[string, GeminiResponse, Record<string, unknown>]>([
    [
      'a prompt blocked by safety',
      {
        promptFeedback: { blockReason: 'PROHIBITED_CONTENT', blockReasonMessage: 'The prompt was blocked.' },
      },
      {
        name: 'UpstreamError',
        code: 'MMX_UPSTREAM_BAD_REQUEST',
        statusCode: 400,
        upstreamCode: 'PROHIBITED_CONTENT',
        message: 'Gemini blocked the prompt (blockReason PROHIBITED_CONTENT): The prompt was blocked.',
        providerId: 'vertex-test',
        modelId: 'gemini-2.5-flash',
      },
    ],
    [
      'no candidates and no reason',
      { candidates: [], usageMetadata: { promptTokenCount: 3 } },
      { code: 'MMX_UPSTREAM_INVALID_RESPONSE' },
    ],
  ])('throws for %s', (_name, response, expected) => {
    expect(() =>
      convertGeminiResponse(response, [], { providerId: 'vertex-test', modelId: 'gemini-2.5-flash' }),
    ).toThrow(expect.objectContaining(expected));
  });
});
