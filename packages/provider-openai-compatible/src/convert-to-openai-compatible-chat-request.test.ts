import type { ChatRequest } from '@modelmux/core';
import { describe, expect, it } from 'vitest';
import { convertToOpenAICompatibleChatRequest } from './convert-to-openai-compatible-chat-request.js';

const base = {
  modelId: 'llama',
  stream: false,
  maxTokensField: 'max_tokens' as 'max_tokens' | 'max_completion_tokens',
  streamUsage: true,
  forwardExtraFields: true,
};

function convert(
  request: Partial<ChatRequest>,
  options: Partial<typeof base> & Record<string, unknown> = {},
) {
  return convertToOpenAICompatibleChatRequest(
    { messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], ...request },
    { ...base, ...options },
  );
}

describe('convertToOpenAICompatibleChatRequest', () => {
  it('converts every message role and content part', () => {
    const { body, warnings } = convert({
      messages: [
        { role: 'system', content: 'be brief', variant: 'developer' },
        {
          role: 'user',
          name: 'ann',
          content: [
            { type: 'text', text: 'look' },
            { type: 'image', source: { kind: 'url', url: 'https://x.test/a.png' }, detail: 'low' },
            { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBO' } },
            {
              type: 'file',
              source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBE' },
              filename: 'a.pdf',
            },
            { type: 'file', source: { kind: 'file-id', fileId: 'file-1' } },
            { type: 'file', source: { kind: 'base64', mediaType: 'audio/wav', data: 'UklG' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'tool-call', callId: 'call_1', toolName: 'get_weather', arguments: '{"city":"Paris"}' },
          ],
        },
        { role: 'tool', toolCallId: 'call_1', content: [{ type: 'text', text: '{"temp":21}' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'It is 21.' }] },
      ],
    });
    expect(warnings).toEqual([]);
    expect(body.messages).toEqual([
      { role: 'system', content: 'be brief' },
      {
        role: 'user',
        name: 'ann',
        content: [
          { type: 'text', text: 'look' },
          { type: 'image_url', image_url: { url: 'https://x.test/a.png', detail: 'low' } },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBO' } },
          { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBE', filename: 'a.pdf' } },
          { type: 'file', file: { file_id: 'file-1' } },
          { type: 'input_audio', input_audio: { data: 'UklG', format: 'wav' } },
        ],
      },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '{"temp":21}' },
      { role: 'assistant', content: 'It is 21.' },
    ]);
  });

  it('maps sampling, limits, tools, tool choice and response format', () => {
    const { body } = convert({
      maxOutputTokens: 100,
      temperature: 0.3,
      topP: 0.9,
      topK: 40,
      frequencyPenalty: 0.1,
      presencePenalty: -0.2,
      seed: 7,
      stopSequences: ['END'],
      reasoningEffort: 'low',
      user: 'u-1',
      metadata: { team: 'a' },
      tools: [{ name: 'f', description: 'd', parameters: { type: 'object' }, strict: true }],
      toolChoice: { type: 'tool', toolName: 'f' },
      parallelToolCalls: false,
      responseFormat: { type: 'json-schema', name: 'out', schema: { type: 'object' }, strict: true },
    });
    expect(body).toMatchObject({
      model: 'llama',
      max_tokens: 100,
      temperature: 0.3,
      top_p: 0.9,
      top_k: 40,
      frequency_penalty: 0.1,
      presence_penalty: -0.2,
      seed: 7,
      stop: ['END'],
      reasoning_effort: 'low',
      user: 'u-1',
      metadata: { team: 'a' },
      tools: [
        {
          type: 'function',
          function: { name: 'f', description: 'd', parameters: { type: 'object' }, strict: true },
        },
      ],
      tool_choice: { type: 'function', function: { name: 'f' } },
      parallel_tool_calls: false,
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'out', schema: { type: 'object' }, strict: true },
      },
    });
    expect(body).not.toHaveProperty('stream');
  });

  it.each([
    [{ type: 'auto' } as const, 'auto'],
    [{ type: 'none' } as const, 'none'],
    [{ type: 'required' } as const, 'required'],
  ])('maps tool choice %j', (toolChoice, expected) => {
    expect(convert({ toolChoice }).body.tool_choice).toBe(expected);
  });

  it('uses max_completion_tokens when configured and asks for usage in streams', () => {
    const { body } = convert(
      { maxOutputTokens: 5 },
      { maxTokensField: 'max_completion_tokens', stream: true },
    );
    expect(body).toMatchObject({
      max_completion_tokens: 5,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(body).not.toHaveProperty('max_tokens');
    expect(convert({}, { stream: true, streamUsage: false }).body).not.toHaveProperty('stream_options');
  });

  it('applies model defaults only where the request is silent', () => {
    const { body } = convert(
      { temperature: 0.5 },
      {
        defaults: {
          temperature: 0.1,
          max_output_tokens: 64,
          extra_body: { chat_template_kwargs: { thinking: true } },
        },
      },
    );
    expect(body).toMatchObject({
      temperature: 0.5,
      max_tokens: 64,
      chat_template_kwargs: { thinking: true },
    });
  });

  it('forwards extra client fields, never over canonical ones, and warns when it cannot', () => {
    const forwarded = convert({ extraBody: { logit_bias: { '1': 2 }, model: 'evil' } });
    expect(forwarded.body).toMatchObject({ model: 'llama', logit_bias: { '1': 2 } });
    expect(forwarded.warnings).toEqual([{ type: 'other', message: expect.stringContaining('model') }]);
    // A field named like an Object.prototype member is still the client's own field.
    const named = convert({ extraBody: { constructor: 'x', toString: 1 } });
    expect(named.body).toMatchObject({ constructor: 'x', toString: 1 });
    expect(named.warnings).toEqual([]);
    const blocked = convert({ extraBody: { logit_bias: {} } }, { forwardExtraFields: false });
    expect(blocked.body).not.toHaveProperty('logit_bias');
    expect(blocked.warnings).toEqual([
      { type: 'unsupported', feature: 'logit_bias', detail: expect.any(String) },
    ]);
  });

  it('lets provider options extra_body win', () => {
    expect(
      convert({ temperature: 1 }, { providerOptions: { extra_body: { temperature: 0 } } }).body.temperature,
    ).toBe(0);
  });

  it('warns for what Chat Completions cannot carry', () => {
    const { body, warnings } = convert({
      messages: [
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'hmm' },
            { type: 'text', text: 'ok' },
          ],
        },
        {
          role: 'tool',
          toolCallId: 'c',
          isError: true,
          content: [
            { type: 'text', text: 'failed' },
            { type: 'image', source: { kind: 'url', url: 'https://x.test/i.png' } },
          ],
        },
      ],
    });
    expect(body.messages).toEqual([
      { role: 'assistant', content: 'ok' },
      { role: 'tool', tool_call_id: 'c', content: 'failed' },
    ]);
    expect(warnings.map((warning) => ('feature' in warning ? warning.feature : ''))).toEqual([
      'reasoning-history',
      'tool-result-image',
      'tool-result-error',
    ]);
  });

  it('refuses an image given by file id', () => {
    expect(() =>
      convert({
        messages: [{ role: 'user', content: [{ type: 'image', source: { kind: 'file-id', fileId: 'f' } }] }],
      }),
    ).toThrow(expect.objectContaining({ code: 'MMX_FEATURE_UNSUPPORTED' }));
  });
});
