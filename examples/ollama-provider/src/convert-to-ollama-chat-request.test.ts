import type { ChatRequest } from '@modelmux/core';
import { describe, expect, it } from 'vitest';
import {
  type ConvertToOllamaChatRequestOptions,
  convertToOllamaChatRequest,
} from './convert-to-ollama-chat-request.js';

const user = (text: string) => ({ role: 'user' as const, content: [{ type: 'text' as const, text }] });

function convert(request: Partial<ChatRequest>, options: Partial<ConvertToOllamaChatRequestOptions> = {}) {
  return convertToOllamaChatRequest(
    { messages: [user('hi')], ...request },
    { modelId: 'llama3.2', stream: false, ...options },
  );
}

describe('convertToOllamaChatRequest', () => {
  it('sends the model, the messages and an explicit stream flag (Ollama streams by default)', () => {
    expect(convert({}).body).toEqual({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'hi' }],
      stream: false,
    });
    expect(convert({}, { stream: true }).body.stream).toBe(true);
  });

  it('converts a conversation: system, user with images, assistant thinking and tool calls, tool results by name', () => {
    const { body, warnings } = convert({
      messages: [
        { role: 'system', content: 'Be terse.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this? ' },
            { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } },
            { type: 'text', text: 'And the weather?' },
            { type: 'file', source: { kind: 'base64', mediaType: 'image/jpeg', data: '/9j/4AAQ' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'Need the weather.' },
            { type: 'text', text: 'A cat. Checking.' },
            { type: 'tool-call', callId: 'call_0', toolName: 'get_weather', arguments: '{"city":"Toronto"}' },
          ],
        },
        { role: 'tool', toolCallId: 'call_0', content: [{ type: 'text', text: '11 degrees celsius' }] },
      ],
    });
    expect(body.messages).toEqual([
      { role: 'system', content: 'Be terse.' },
      { role: 'user', content: 'What is this? And the weather?', images: ['iVBORw0KGgo=', '/9j/4AAQ'] },
      {
        role: 'assistant',
        content: 'A cat. Checking.',
        thinking: 'Need the weather.',
        tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Toronto' } } }],
      },
      { role: 'tool', content: '11 degrees celsius', tool_name: 'get_weather' },
    ]);
    expect(warnings).toEqual([]);
  });

  it('finds the tool name of the latest call with that id (ids repeat across turns)', () => {
    const turn = (toolName: string) => ({
      role: 'assistant' as const,
      content: [{ type: 'tool-call' as const, callId: 'call_0', toolName, arguments: '{}' }],
    });
    const result = {
      role: 'tool' as const,
      toolCallId: 'call_0',
      content: [{ type: 'text' as const, text: 'ok' }],
    };
    const { body } = convert({
      messages: [user('a'), turn('first'), result, user('b'), turn('second'), result],
    });
    const tools = (body.messages as Array<Record<string, unknown>>).filter(
      (message) => message.role === 'tool',
    );
    expect(tools.map((message) => message.tool_name)).toEqual(['first', 'second']);
  });

  it('maps sampling into options, the output cap to num_predict, and stop sequences', () => {
    const { body, warnings } = convert({
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      maxOutputTokens: 256,
      seed: 7,
      frequencyPenalty: 0.5,
      presencePenalty: 0.25,
      stopSequences: ['\n\n', 'user:'],
    });
    expect(body.options).toEqual({
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      num_predict: 256,
      seed: 7,
      frequency_penalty: 0.5,
      presence_penalty: 0.25,
      stop: ['\n\n', 'user:'],
    });
    expect(warnings).toEqual([]);
  });

  it('layers options: model defaults, then the request, then providerOptions.ollama.options', () => {
    const { body } = convert(
      { temperature: 0.3 },
      {
        defaults: { options: { num_ctx: 8192, temperature: 1 } },
        providerOptions: { options: { num_ctx: 16384, min_p: 0.05 } },
      },
    );
    expect(body.options).toEqual({ num_ctx: 16384, temperature: 0.3, min_p: 0.05 });
  });

  it.each([
    [{ type: 'text' as const }, undefined, []],
    [{ type: 'json-object' as const }, 'json', []],
    [
      {
        type: 'json-schema' as const,
        name: 'person',
        schema: { type: 'object', properties: { age: { type: 'integer' } } },
      },
      { type: 'object', properties: { age: { type: 'integer' } } },
      [],
    ],
    [{ type: 'json-schema' as const, name: 'anything' }, 'json', ['response-format']],
  ])('maps response format %o to format %o', (responseFormat, format, warned) => {
    const { body, warnings } = convert({ responseFormat });
    expect(body.format).toEqual(format);
    expect(warnings.map((warning) => (warning.type === 'other' ? warning.message : warning.feature))).toEqual(
      warned,
    );
  });

  it.each([
    ['none', false, []],
    ['low', 'low', []],
    ['medium', 'medium', []],
    ['high', 'high', []],
    ['minimal', 'low', ['reasoning-effort']],
    ['xhigh', 'high', ['reasoning-effort']],
    ['max', 'high', ['reasoning-effort']],
  ] as const)('maps reasoning effort %s to think %s', (reasoningEffort, think, warned) => {
    const { body, warnings } = convert({ reasoningEffort });
    expect(body.think).toBe(think);
    expect(warnings.map((warning) => (warning.type === 'other' ? '' : warning.feature))).toEqual(warned);
  });

  it('lets providerOptions.ollama.think win over the effort, and the model default apply when neither is set', () => {
    expect(convert({ reasoningEffort: 'high' }, { providerOptions: { think: true } }).body.think).toBe(true);
    expect(convert({}, { defaults: { think: 'low' } }).body.think).toBe('low');
  });

  it('sends keep_alive from provider options, else the model default, else the instance setting', () => {
    expect(convert({}, { keepAlive: '5m' }).body.keep_alive).toBe('5m');
    expect(convert({}, { keepAlive: '5m', defaults: { keep_alive: -1 } }).body.keep_alive).toBe(-1);
    expect(convert({}, { keepAlive: '5m', providerOptions: { keep_alive: 0 } }).body.keep_alive).toBe(0);
  });

  it('sends tools as functions; tool choice none leaves them out; forcing a tool is reported', () => {
    const tools = [
      {
        name: 'get_weather',
        description: 'Weather for a city',
        parameters: { type: 'object' },
        strict: true,
      },
    ];
    const auto = convert({ tools, toolChoice: { type: 'auto' } });
    expect(auto.body.tools).toEqual([
      {
        type: 'function',
        function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object' } },
      },
    ]);
    expect(auto.warnings.map((warning) => (warning.type === 'other' ? '' : warning.feature))).toEqual([
      'tool-strict',
    ]);
    expect(
      convert({ tools: [{ name: 'x', parameters: {} }], toolChoice: { type: 'none' } }).body.tools,
    ).toBeUndefined();
    for (const toolChoice of [{ type: 'required' as const }, { type: 'tool' as const, toolName: 'x' }]) {
      const { body, warnings } = convert({ tools: [{ name: 'x', parameters: {} }], toolChoice });
      expect(body.tools).toHaveLength(1);
      expect(warnings).toContainEqual(
        expect.objectContaining({ type: 'unsupported', feature: 'tool-choice' }),
      );
    }
  });

  it('reports every field Ollama has no place for, and never drops one silently', () => {
    const { body, warnings } = convert({
      messages: [
        { role: 'user', name: 'ann', content: [{ type: 'text', text: 'hi' }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'hm', signature: 'sig' },
            { type: 'tool-call', callId: 'c1', toolName: 'f', arguments: '[1,2]' },
          ],
        },
        {
          role: 'tool',
          toolCallId: 'c1',
          isError: true,
          content: [{ type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'x' } }],
        },
        { role: 'tool', toolCallId: 'unknown', content: [{ type: 'text', text: 'late' }] },
      ],
      parallelToolCalls: false,
      user: 'u-1',
      metadata: { team: 'a' },
      extraBody: { logit_bias: {} },
    });
    expect(warnings.map((warning) => (warning.type === 'other' ? warning.message : warning.feature))).toEqual(
      [
        'message-name',
        'reasoning-signature',
        'tool-call-arguments',
        'tool-result-image',
        'tool-result-error',
        'tool-result-name',
        'parallel-tool-calls',
        'user',
        'metadata',
        'logit_bias',
      ],
    );
    const messages = body.messages as Array<Record<string, unknown>>;
    expect(messages[1]?.tool_calls).toEqual([{ function: { name: 'f', arguments: {} } }]);
    expect(messages[3]).toEqual({ role: 'tool', content: 'late' });
  });

  it.each([
    [{ kind: 'url' as const, url: 'https://example.com/cat.png' }, 'image-url', 'enable image_download'],
    [{ kind: 'file-id' as const, fileId: 'file-1' }, 'image-file-id', 'by file id'],
  ])('refuses an image it cannot send: %o', (source, feature, message) => {
    expect(() => convert({ messages: [{ role: 'user', content: [{ type: 'image', source }] }] })).toThrow(
      expect.objectContaining({
        code: 'MMX_FEATURE_UNSUPPORTED',
        feature,
        message: expect.stringContaining(message),
      }),
    );
  });

  it('refuses a file that is not an image', () => {
    expect(() =>
      convert({
        messages: [
          {
            role: 'user',
            content: [
              {
                type: 'file',
                filename: 'a.pdf',
                source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBE' },
              },
            ],
          },
        ],
      }),
    ).toThrow(
      expect.objectContaining({ code: 'MMX_FEATURE_UNSUPPORTED', message: expect.stringContaining('a.pdf') }),
    );
  });
});
