import type { ChatRequest, Warning } from '@modelmux/core';
import { describe, expect, it } from 'vitest';
import { type ConvertToGeminiRequestOptions, convertToGeminiRequest } from './convert-to-gemini-request.js';

const hi: ChatRequest['messages'] = [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }];
const hiContents = [{ role: 'user', parts: [{ text: 'hi' }] }];

function convert(request: Partial<ChatRequest>, options: Partial<ConvertToGeminiRequestOptions> = {}) {
  return convertToGeminiRequest({ messages: hi, ...request }, { modelId: 'gemini-2.5-flash', ...options });
}

describe('convertToGeminiRequest', () => {
  it.each<
    [string, Partial<ChatRequest>, Partial<ConvertToGeminiRequestOptions>, Record<string, unknown>, Warning[]]
  >([
    ['a bare request', {}, {}, { contents: hiContents }, []],
    [
      'sampling, limits and stop sequences (temperature passed as is, no clamp)',
      {
        maxOutputTokens: 256,
        temperature: 1.7,
        topP: 0.9,
        topK: 40,
        stopSequences: ['END'],
        seed: 7,
        presencePenalty: 0.5,
        frequencyPenalty: -0.25,
      },
      {},
      {
        contents: hiContents,
        generationConfig: {
          maxOutputTokens: 256,
          temperature: 1.7,
          topP: 0.9,
          topK: 40,
          stopSequences: ['END'],
          seed: 7,
          presencePenalty: 0.5,
          frequencyPenalty: -0.25,
        },
      },
      [],
    ],
    [
      'model defaults where the request is silent',
      { temperature: 0 },
      { defaults: { max_output_tokens: 1000, temperature: 0.4, top_p: 0.8 } },
      { contents: hiContents, generationConfig: { maxOutputTokens: 1000, temperature: 0, topP: 0.8 } },
      [],
    ],
    ['empty stop sequences left out', { stopSequences: [] }, {}, { contents: hiContents }, []],
    ['text response format', { responseFormat: { type: 'text' } }, {}, { contents: hiContents }, []],
    [
      'json-object',
      { responseFormat: { type: 'json-object' } },
      {},
      { contents: hiContents, generationConfig: { responseMimeType: 'application/json' } },
      [],
    ],
    [
      'json-schema',
      {
        responseFormat: {
          type: 'json-schema',
          name: 'answer',
          description: 'The answer',
          schema: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false },
          strict: true,
        },
      },
      {},
      {
        contents: hiContents,
        generationConfig: {
          responseMimeType: 'application/json',
          responseJsonSchema: {
            type: 'object',
            properties: { a: { type: 'string' } },
            additionalProperties: false,
          },
        },
      },
      [{ type: 'unsupported', feature: 'response-format-description', detail: expect.any(String) }],
    ],
    [
      'json-schema without a schema',
      { responseFormat: { type: 'json-schema', name: 'answer' } },
      {},
      { contents: hiContents, generationConfig: { responseMimeType: 'application/json' } },
      [],
    ],
    [
      'reasoning effort',
      { reasoningEffort: 'medium' },
      {},
      {
        contents: hiContents,
        generationConfig: { thinkingConfig: { thinkingBudget: 8192, includeThoughts: true } },
      },
      [],
    ],
    [
      'provider options',
      {},
      {
        providerOptions: {
          safety_settings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
          cached_content: 'projects/p/locations/us-central1/cachedContents/c1',
          labels: { team: 'search' },
          thinking_budget: 0,
        },
      },
      {
        contents: hiContents,
        generationConfig: { thinkingConfig: { thinkingBudget: 0 } },
        safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
        cachedContent: 'projects/p/locations/us-central1/cachedContents/c1',
        labels: { team: 'search' },
      },
      [],
    ],
    [
      'user, metadata and extra fields reported, not sent',
      { user: 'u-1', metadata: { team: 'a' }, extraBody: { logprobs: true, service_tier: 'flex' } },
      {},
      { contents: hiContents },
      [
        { type: 'unsupported', feature: 'user', detail: expect.any(String) },
        { type: 'unsupported', feature: 'metadata', detail: expect.any(String) },
        { type: 'unsupported', feature: 'logprobs', detail: 'not forwarded to Gemini' },
        { type: 'unsupported', feature: 'service_tier', detail: 'not forwarded to Gemini' },
      ],
    ],
  ])('%s', (_name, request, options, expectedBody, expectedWarnings) => {
    const { body, warnings } = convert(request, options);
    expect(body).toEqual(expectedBody);
    expect(warnings).toEqual(expectedWarnings);
  });

  it('translates a whole tool conversation', () => {
    const { body, warnings } = convert({
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: [{ type: 'text', text: "What's the weather in Paris?" }] },
        {
          role: 'assistant',
          content: [
            {
              type: 'tool-call',
              callId: 'call_0__thought__c2ln',
              toolName: 'get_weather',
              arguments: '{"city":"Paris"}',
            },
          ],
        },
        {
          role: 'tool',
          toolCallId: 'call_0__thought__c2ln',
          content: [{ type: 'text', text: '{"temp":21}' }],
        },
      ],
      tools: [
        {
          name: 'get_weather',
          description: 'Weather for a city',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      ],
      toolChoice: { type: 'tool', toolName: 'get_weather' },
      temperature: 0.2,
      reasoningEffort: 'low',
    });
    expect(body).toEqual({
      systemInstruction: { parts: [{ text: 'You are terse.' }] },
      contents: [
        { role: 'user', parts: [{ text: "What's the weather in Paris?" }] },
        {
          role: 'model',
          parts: [
            { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'c2ln' },
          ],
        },
        { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { temp: 21 } } }] },
      ],
      tools: [
        {
          functionDeclarations: [
            {
              name: 'get_weather',
              description: 'Weather for a city',
              parameters: { type: 'OBJECT', properties: { city: { type: 'STRING' } }, required: ['city'] },
            },
          ],
        },
      ],
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } },
      generationConfig: { temperature: 0.2, thinkingConfig: { thinkingBudget: 2048, includeThoughts: true } },
    });
    expect(warnings).toEqual([]);
  });
});
