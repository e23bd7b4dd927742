import { describe, expect, it } from 'vitest';
import { decodeChatCompletionsRequest } from './decode-chat-completions-request.js';

const user = { role: 'user', content: 'hi' };

function decode(body: Record<string, unknown>) {
  return decodeChatCompletionsRequest({ model: 'fast', messages: [user], ...body });
}

function failure(body: unknown): { code: string; param?: string; message: string } {
  try {
    decodeChatCompletionsRequest(body);
  } catch (error) {
    return error as { code: string; param?: string; message: string };
  }
  throw new Error('expected a failure');
}

describe('decodeChatCompletionsRequest', () => {
  it('maps every message role and content part', () => {
    const { request, modelReference, stream, warnings } = decodeChatCompletionsRequest({
      model: 'vllm:qwen',
      messages: [
        {
          role: 'developer',
          content: [
            { type: 'text', text: 'rules ' },
            { type: 'text', text: 'apply' },
          ],
        },
        { role: 'system', content: 'be brief' },
        {
          role: 'user',
          name: 'ann',
          content: [
            { type: 'text', text: 'see' },
            { type: 'image_url', image_url: { url: 'https://x.test/a.png', detail: 'high' } },
            { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/' } },
            { type: 'input_audio', input_audio: { data: 'SUQz', format: 'mp3' } },
            { type: 'file', file: { file_id: 'file-abc' } },
            { type: 'file', file: { filename: 'r.pdf', file_data: 'JVBERi0' } },
            { type: 'file', file: { file_data: 'data:text/csv;base64,YSxi' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          reasoning_content: 'think',
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: [{ type: 'text', text: 'r1' }] },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'ok' },
            { type: 'refusal', refusal: 'but no' },
          ],
        },
      ],
    });
    expect(modelReference).toBe('vllm:qwen');
    expect(stream).toBe(false);
    expect(warnings).toEqual([]);
    expect(request.messages).toEqual([
      { role: 'system', content: 'rules apply', variant: 'developer' },
      { role: 'system', content: 'be brief', variant: 'system' },
      {
        role: 'user',
        name: 'ann',
        content: [
          { type: 'text', text: 'see' },
          { type: 'image', source: { kind: 'url', url: 'https://x.test/a.png' }, detail: 'high' },
          { type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: '/9j/' } },
          { type: 'file', source: { kind: 'base64', mediaType: 'audio/mpeg', data: 'SUQz' } },
          { type: 'file', source: { kind: 'file-id', fileId: 'file-abc' } },
          {
            type: 'file',
            source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0' },
            filename: 'r.pdf',
          },
          { type: 'file', source: { kind: 'base64', mediaType: 'text/csv', data: 'YSxi' } },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'think' },
          { type: 'tool-call', callId: 'call_1', toolName: 'f', arguments: '{"a":1}' },
        ],
      },
      { role: 'tool', toolCallId: 'call_1', content: [{ type: 'text', text: 'r1' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'ok' }], refusal: 'but no' },
    ]);
  });

  it('maps sampling, limits, tools, choices, format and options', () => {
    const decoded = decode({
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 50,
      temperature: 0.2,
      top_p: 0.5,
      top_k: 20,
      frequency_penalty: 1,
      presence_penalty: -1,
      seed: 3,
      stop: 'END',
      reasoning_effort: 'high',
      user: 'u',
      metadata: { a: 'b' },
      tools: [
        { type: 'function', function: { name: 'get_weather', parameters: { type: 'object' }, strict: true } },
      ],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      parallel_tool_calls: false,
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'out', schema: { type: 'object' }, strict: true },
      },
      provider_options: { 'openai-compatible': { extra_body: { x: 1 } } },
    });
    expect(decoded.stream).toBe(true);
    expect(decoded.encodeOptions).toEqual({ includeUsage: true });
    expect(decoded.request).toMatchObject({
      maxOutputTokens: 50,
      temperature: 0.2,
      topP: 0.5,
      topK: 20,
      frequencyPenalty: 1,
      presencePenalty: -1,
      seed: 3,
      stopSequences: ['END'],
      reasoningEffort: 'high',
      user: 'u',
      metadata: { a: 'b' },
      tools: [{ name: 'get_weather', parameters: { type: 'object' }, strict: true }],
      toolChoice: { type: 'tool', toolName: 'get_weather' },
      parallelToolCalls: false,
      responseFormat: { type: 'json-schema', name: 'out', schema: { type: 'object' }, strict: true },
      providerOptions: { 'openai-compatible': { extra_body: { x: 1 } } },
    });
    expect(decoded.request).not.toHaveProperty('extraBody');
  });

  it('prefers max_completion_tokens and warns when both limits disagree', () => {
    expect(decode({ max_completion_tokens: 9 }).request.maxOutputTokens).toBe(9);
    const both = decode({ max_tokens: 5, max_completion_tokens: 9 });
    expect(both.request.maxOutputTokens).toBe(9);
    expect(both.warnings).toHaveLength(1);
  });

  it.each([
    ['auto', { type: 'auto' }],
    ['none', { type: 'none' }],
    ['required', { type: 'required' }],
  ])('maps tool_choice %s', (choice, expected) => {
    expect(decode({ tool_choice: choice }).request.toolChoice).toEqual(expected);
  });

  it('approximates allowed_tools with a warning', () => {
    const decoded = decode({
      tools: [
        { type: 'function', function: { name: 'a' } },
        { type: 'function', function: { name: 'b' } },
      ],
      tool_choice: {
        type: 'allowed_tools',
        allowed_tools: { mode: 'required', tools: [{ type: 'function', function: { name: 'b' } }] },
      },
    });
    expect(decoded.request.tools?.map((tool) => tool.name)).toEqual(['b']);
    expect(decoded.request.toolChoice).toEqual({ type: 'required' });
    expect(decoded.warnings[0]).toMatchObject({
      type: 'compatibility',
      feature: 'tool_choice.allowed_tools',
    });
  });

  it('maps the deprecated functions API, pairing calls and results by name', () => {
    const { request } = decodeChatCompletionsRequest({
      model: 'm',
      messages: [
        user,
        { role: 'assistant', content: null, function_call: { name: 'f', arguments: '{}' } },
        { role: 'function', name: 'f', content: 'done' },
      ],
      functions: [{ name: 'f', description: 'd' }],
      function_call: { name: 'f' },
    });
    expect(request.tools).toEqual([
      { name: 'f', description: 'd', parameters: { type: 'object', properties: {} } },
    ]);
    expect(request.toolChoice).toEqual({ type: 'tool', toolName: 'f' });
    expect(request.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: [{ type: 'tool-call', callId: 'call_function_f', toolName: 'f', arguments: '{}' }],
      },
      { role: 'tool', toolCallId: 'call_function_f', content: [{ type: 'text', text: 'done' }] },
    ]);
  });

  it('carries fields without a canonical counterpart and warns for what cannot be returned', () => {
    const decoded = decode({
      logit_bias: { '50256': -100 },
      service_tier: 'flex',
      guided_json: { type: 'object' },
      logprobs: true,
      modalities: ['text', 'audio'],
    });
    expect(decoded.request.extraBody).toEqual({
      logit_bias: { '50256': -100 },
      service_tier: 'flex',
      guided_json: { type: 'object' },
    });
    expect(
      decoded.warnings.map((warning) => ('feature' in warning ? warning.feature : warning.message)),
    ).toEqual(['logprobs', 'audio']);
  });

  it.each([
    [{ messages: [user] }, 'model'],
    [{ model: 'm', messages: [] }, 'messages'],
    [{ model: 'm', messages: [{ role: 'wizard', content: 'x' }] }, 'messages[0].role'],
    [{ model: 'm', messages: [{ role: 'user' }] }, 'messages[0].content'],
    [{ model: 'm', messages: [user], temperature: 3 }, 'temperature'],
    [{ model: 'm', messages: [user], max_tokens: 0 }, 'max_tokens'],
    [{ model: 'm', messages: [user], stop: ['a', 'b', 'c', 'd', 'e'] }, 'stop'],
    [
      { model: 'm', messages: [user], tools: [{ type: 'function', function: { name: 'bad name' } }] },
      'tools[0].function.name',
    ],
    [
      {
        model: 'm',
        messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://x/y.png' } }] }],
      },
      'messages[0].content[0].image_url.url',
    ],
    [{ model: 'm', messages: [user], n: 2 }, 'n'],
  ])('rejects %j naming %s', (body, param) => {
    const error = failure(body);
    expect(error.param).toBe(param);
    expect(['MMX_REQUEST_INVALID', 'MMX_FEATURE_UNSUPPORTED']).toContain(error.code);
  });

  it('rejects a body that is not an object', () => {
    expect(failure([1, 2]).code).toBe('MMX_REQUEST_INVALID');
    expect(failure(null).code).toBe('MMX_REQUEST_INVALID');
  });
});
