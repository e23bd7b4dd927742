import type { ChatRequest } from '@modelmux/core';
import { describe, expect, it } from 'vitest';
import { convertToAnthropicMessagesRequest } from './convert-to-anthropic-messages-request.js';

const user = (text: string) => ({ role: 'user' as const, content: [{ type: 'text' as const, text }] });

function convert(
  request: Partial<ChatRequest>,
  options: Partial<Parameters<typeof convertToAnthropicMessagesRequest>[1]> = {},
) {
  return convertToAnthropicMessagesRequest(
    { messages: [user('hi')], ...request },
    { maxOutputTokens: 1024, stream: false, ...options },
  );
}

describe('convertToAnthropicMessagesRequest', () => {
  it('puts system and developer messages in the top-level system field and merges same-role turns', () => {
    const { body, warnings } = convert({
      messages: [
        { role: 'system', content: 'be brief' },
        user('one'),
        { role: 'system', content: 'answer in French', variant: 'developer' },
        user('two'),
        { role: 'assistant', content: [{ type: 'text', text: 'a' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'b' }] },
      ],
    });
    expect(warnings).toEqual([]);
    expect(body).toEqual({
      anthropic_version: 'vertex-2023-10-16',
      system: [
        { type: 'text', text: 'be brief' },
        { type: 'text', text: 'answer in French' },
      ],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'one' },
            { type: 'text', text: 'two' },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'a' },
            { type: 'text', text: 'b' },
          ],
        },
      ],
      max_tokens: 1024,
    });
  });

  it('turns tool calls into tool_use with parsed input and groups tool results first in the next user turn', () => {
    const { body } = convert({
      messages: [
        user('weather?'),
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'two cities', signature: 'sig-1' },
            { type: 'tool-call', callId: 'toolu_a', toolName: 'w', arguments: '{"city":"Paris"}' },
            { type: 'tool-call', callId: 'toolu_b', toolName: 'w', arguments: '{"city":"Tokyo"}' },
          ],
        },
        { role: 'tool', toolCallId: 'toolu_a', content: [{ type: 'text', text: '21' }] },
        { role: 'tool', toolCallId: 'toolu_b', content: [{ type: 'text', text: 'boom' }], isError: true },
        user('and?'),
      ],
    });
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'weather?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'two cities', signature: 'sig-1' },
          { type: 'tool_use', id: 'toolu_a', name: 'w', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'toolu_b', name: 'w', input: { city: 'Tokyo' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_a', content: '21' },
          { type: 'tool_result', tool_use_id: 'toolu_b', content: 'boom', is_error: true },
          { type: 'text', text: 'and?' },
        ],
      },
    ]);
  });

  it('restores redacted thinking and leaves out reasoning that has no signature, with a warning', () => {
    const { body, warnings } = convert({
      messages: [
        user('q'),
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: '', redactedData: 'opaque' },
            { type: 'reasoning', text: 'no sig' },
            { type: 'text', text: 'a' },
          ],
        },
      ],
    });
    expect((body.messages as Array<{ content: unknown[] }>)[1]?.content).toEqual([
      { type: 'redacted_thinking', data: 'opaque' },
      { type: 'text', text: 'a' },
    ]);
    expect(warnings).toEqual([expect.objectContaining({ feature: 'reasoning-history' })]);
  });

  it('sends base64 images and PDFs inline and refuses URLs and unknown media types with a 400', () => {
    const { body } = convert({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBO' } },
            { type: 'file', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBE' } },
          ],
        },
      ],
    });
    expect((body.messages as Array<{ content: unknown[] }>)[0]?.content).toEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBO' } },
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBE' } },
    ]);
    for (const source of [
      { kind: 'url' as const, url: 'https://x.test/a.png' },
      { kind: 'base64' as const, mediaType: 'image/bmp', data: 'Qk0' },
    ]) {
      expect(() => convert({ messages: [{ role: 'user', content: [{ type: 'image', source }] }] })).toThrow(
        expect.objectContaining({ code: 'MMX_REQUEST_INVALID', param: 'messages[0].content[0]' }),
      );
    }
  });

  it.each([
    [{ type: 'auto' } as const, { type: 'auto' }],
    [{ type: 'none' } as const, { type: 'none' }],
    [{ type: 'required' } as const, { type: 'any' }],
    [{ type: 'tool', toolName: 'w' } as const, { type: 'tool', name: 'w' }],
  ])('maps tool choice %j', (toolChoice, expected) => {
    const tools = [{ name: 'w', parameters: { type: 'object' } }];
    expect(convert({ tools, toolChoice }).body.tool_choice).toEqual(expected);
  });

  it('maps tools, parallel tool calls off, sampling, stop and user, warning about what Claude lacks', () => {
    const { body, warnings } = convert({
      tools: [
        { name: 'w', description: 'weather', parameters: { type: 'object', properties: {} }, strict: true },
      ],
      parallelToolCalls: false,
      temperature: 0.5,
      topP: 0.9,
      topK: 5,
      stopSequences: ['END'],
      user: 'u-1',
      seed: 1,
      frequencyPenalty: 0.1,
      extraBody: { logit_bias: {} },
    });
    expect(body).toMatchObject({
      tools: [{ name: 'w', description: 'weather', input_schema: { type: 'object', properties: {} } }],
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      temperature: 0.5,
      top_p: 0.9,
      top_k: 5,
      stop_sequences: ['END'],
      metadata: { user_id: 'u-1' },
    });
    expect(warnings.map((warning) => ('feature' in warning ? warning.feature : ''))).toEqual([
      'seed',
      'frequency_penalty',
      'logit_bias',
      'tools.strict',
    ]);
  });

  it('warns and sends 1 for a temperature above Claude range, never silently', () => {
    const { body, warnings } = convert({ temperature: 1.6 });
    expect(body.temperature).toBe(1);
    expect(warnings).toEqual([expect.objectContaining({ type: 'compatibility', feature: 'temperature' })]);
  });

  it('turns reasoning effort into a thinking budget below max_tokens, warning when it raises max_tokens', () => {
    expect(convert({ reasoningEffort: 'low' }, { maxOutputTokens: 4096 }).body).toMatchObject({
      thinking: { type: 'enabled', budget_tokens: 2048 },
      max_tokens: 4096,
    });
    const raised = convert({ reasoningEffort: 'medium', temperature: 0.2 }, { maxOutputTokens: 1000 });
    expect(raised.body).toMatchObject({ thinking: { budget_tokens: 8192 }, max_tokens: 9192 });
    expect(raised.body).not.toHaveProperty('temperature');
    expect(raised.warnings.map((warning) => ('feature' in warning ? warning.feature : ''))).toEqual([
      'max_tokens',
      'temperature',
    ]);
    expect(convert({ reasoningEffort: 'none' }).body).not.toHaveProperty('thinking');
  });

  it('emulates json_schema with a forced tool and says so', () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } } };
    const { body, warnings, jsonOutputTool } = convert({
      responseFormat: { type: 'json-schema', name: 'weather', schema },
    });
    expect(jsonOutputTool).toBe(true);
    expect(body).toMatchObject({
      tools: [{ name: 'json_output', input_schema: schema }],
      tool_choice: { type: 'tool', name: 'json_output' },
    });
    expect(warnings).toEqual([expect.objectContaining({ feature: 'response_format' })]);
  });

  it('keeps stream: true in the body for streams', () => {
    expect(convert({}, { stream: true }).body.stream).toBe(true);
  });
});
