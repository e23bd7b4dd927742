import type { ChatRequest, Warning } from '@modelmux/core';
import { describe, expect, it } from 'vitest';
import { convertToGeminiTools } from './convert-to-gemini-tools.js';

const weather = {
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const weatherDeclaration = {
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'OBJECT', properties: { city: { type: 'STRING' } }, required: ['city'] },
};
const strictSchema = {
  type: 'object',
  properties: { query: { type: 'string' } },
  required: ['query'],
  additionalProperties: false,
};

type ToolsRequest = Pick<ChatRequest, 'tools' | 'toolChoice' | 'parallelToolCalls'>;

describe('convertToGeminiTools', () => {
  it.each<[string, ToolsRequest, ReturnType<typeof convertToGeminiTools>, Warning[]]>([
    ['no tools', {}, {}, []],
    ['no tools with tool choice none', { tools: [], toolChoice: { type: 'none' } }, {}, []],
    [
      'a tool without choice',
      { tools: [weather] },
      { tools: [{ functionDeclarations: [weatherDeclaration] }] },
      [],
    ],
    [
      'auto',
      { tools: [weather], toolChoice: { type: 'auto' } },
      {
        tools: [{ functionDeclarations: [weatherDeclaration] }],
        toolConfig: { functionCallingConfig: { mode: 'AUTO' } },
      },
      [],
    ],
    [
      'none',
      { tools: [weather], toolChoice: { type: 'none' } },
      {
        tools: [{ functionDeclarations: [weatherDeclaration] }],
        toolConfig: { functionCallingConfig: { mode: 'NONE' } },
      },
      [],
    ],
    [
      'required',
      { tools: [weather], toolChoice: { type: 'required' } },
      {
        tools: [{ functionDeclarations: [weatherDeclaration] }],
        toolConfig: { functionCallingConfig: { mode: 'ANY' } },
      },
      [],
    ],
    [
      'one named tool',
      { tools: [weather], toolChoice: { type: 'tool', toolName: 'get_weather' } },
      {
        tools: [{ functionDeclarations: [weatherDeclaration] }],
        toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } },
      },
      [],
    ],
    [
      'a strict tool whose schema needs JSON Schema, and no parallel calls',
      {
        tools: [{ name: 'search', parameters: strictSchema, strict: true }],
        parallelToolCalls: false,
      },
      { tools: [{ functionDeclarations: [{ name: 'search', parametersJsonSchema: strictSchema }] }] },
      [
        { type: 'unsupported', feature: 'tool-strict', detail: expect.any(String) },
        { type: 'unsupported', feature: 'parallel-tool-calls', detail: expect.any(String) },
      ],
    ],
    [
      'a tool without arguments, parallel calls allowed',
      { tools: [{ name: 'now', parameters: { type: 'object', properties: {} } }], parallelToolCalls: true },
      { tools: [{ functionDeclarations: [{ name: 'now' }] }] },
      [],
    ],
  ])('%s', (_name, request, expected, expectedWarnings) => {
    const warnings: Warning[] = [];
    expect(convertToGeminiTools(request, warnings)).toEqual(expected);
    expect(warnings).toEqual(expectedWarnings);
  });

  it.each<ToolsRequest>([
    { toolChoice: { type: 'required' } },
    { tools: [], toolChoice: { type: 'tool', toolName: 'x' } },
  ])('refuses a forced tool call without tools: %j', (request) => {
    expect(() => convertToGeminiTools(request, [])).toThrow(
      expect.objectContaining({ code: 'MMX_REQUEST_INVALID', param: 'tool_choice' }),
    );
  });
});
