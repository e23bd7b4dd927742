import type { ChatRequest } from '@modelmux/core';
import { describe, expect, it } from 'vitest';
import {
  convertToBedrockConverseRequest,
  isBedrockClaudeModel,
} from './convert-to-bedrock-converse-request.js';

const CLAUDE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const user = (text: string) => ({ role: 'user' as const, content: [{ type: 'text' as const, text }] });

function convert(
  request: Partial<ChatRequest>,
  options: Partial<Parameters<typeof convertToBedrockConverseRequest>[1]> = {},
) {
  return convertToBedrockConverseRequest(
    { messages: [user('hi')], ...request },
    { modelId: CLAUDE, ...options },
  );
}

describe('convertToBedrockConverseRequest', () => {
  it('puts system messages in system, merges turns and groups tool results first', () => {
    const { body, warnings } = convert({
      messages: [
        { role: 'system', content: 'be brief' },
        user('weather?'),
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'two cities', signature: 'sig' },
            { type: 'tool-call', callId: 'tooluse_a', toolName: 'w', arguments: '{"city":"Paris"}' },
            { type: 'tool-call', callId: 'tooluse_b', toolName: 'w', arguments: '{"city":"Tokyo"}' },
          ],
        },
        { role: 'tool', toolCallId: 'tooluse_a', content: [{ type: 'text', text: '21' }] },
        { role: 'tool', toolCallId: 'tooluse_b', content: [{ type: 'text', text: 'boom' }], isError: true },
        user('and?'),
      ],
      tools: [{ name: 'w', parameters: { type: 'object' } }],
    });
    expect(warnings).toEqual([]);
    expect(body).toEqual({
      system: [{ text: 'be brief' }],
      messages: [
        { role: 'user', content: [{ text: 'weather?' }] },
        {
          role: 'assistant',
          content: [
            { reasoningContent: { reasoningText: { text: 'two cities', signature: 'sig' } } },
            { toolUse: { toolUseId: 'tooluse_a', name: 'w', input: { city: 'Paris' } } },
            { toolUse: { toolUseId: 'tooluse_b', name: 'w', input: { city: 'Tokyo' } } },
          ],
        },
        {
          role: 'user',
          content: [
            { toolResult: { toolUseId: 'tooluse_a', content: [{ text: '21' }] } },
            { toolResult: { toolUseId: 'tooluse_b', content: [{ text: 'boom' }], status: 'error' } },
            { text: 'and?' },
          ],
        },
      ],
      toolConfig: { tools: [{ toolSpec: { name: 'w', inputSchema: { json: { type: 'object' } } } }] },
    });
  });

  it('maps images and documents inline and refuses URLs', () => {
    const { body } = convert({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: '/9j/' } },
            {
              type: 'file',
              source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBE' },
              filename: 'Q3 report.v2.pdf',
            },
          ],
        },
      ],
    });
    expect((body.messages as Array<{ content: unknown[] }>)[0]?.content).toEqual([
      { image: { format: 'jpeg', source: { bytes: '/9j/' } } },
      { document: { format: 'pdf', name: 'Q3 report-v2', source: { bytes: 'JVBE' } } },
    ]);
    expect(() =>
      convert({
        messages: [
          {
            role: 'user',
            content: [{ type: 'image', source: { kind: 'url', url: 'https://x.test/a.png' } }],
          },
        ],
      }),
    ).toThrow(expect.objectContaining({ code: 'MMX_REQUEST_INVALID', param: 'messages[0].content[0]' }));
  });

  it.each([
    [{ type: 'auto' } as const, { auto: {} }],
    [{ type: 'required' } as const, { any: {} }],
    [{ type: 'tool', toolName: 'w' } as const, { tool: { name: 'w' } }],
  ])('maps tool choice %j', (toolChoice, expected) => {
    expect(convert({ tools: [{ name: 'w', parameters: {} }], toolChoice }).body.toolConfig).toMatchObject({
      toolChoice: expected,
    });
  });

  it('leaves the tools out for tool_choice none, but keeps a toolConfig the history needs', () => {
    const plain = convert({ tools: [{ name: 'w', parameters: {} }], toolChoice: { type: 'none' } });
    expect(plain.body).not.toHaveProperty('toolConfig');
    const withHistory = convert({
      messages: [
        user('q'),
        {
          role: 'assistant',
          content: [{ type: 'tool-call', callId: 't1', toolName: 'lookup', arguments: '{}' }],
        },
        { role: 'tool', toolCallId: 't1', content: [{ type: 'text', text: 'r' }] },
      ],
      toolChoice: { type: 'none' },
    });
    expect(withHistory.body.toolConfig).toEqual({
      tools: [{ toolSpec: { name: 'lookup', inputSchema: { json: { type: 'object' } } } }],
    });
  });

  it('maps inference settings, puts Claude knobs in additionalModelRequestFields and warns for the rest', () => {
    const { body, warnings } = convert({
      maxOutputTokens: 500,
      temperature: 0.4,
      topP: 0.8,
      topK: 20,
      stopSequences: ['END'],
      seed: 1,
      user: 'u',
      metadata: { team: 'a' },
      extraBody: { logit_bias: {} },
    });
    expect(body).toMatchObject({
      inferenceConfig: { maxTokens: 500, temperature: 0.4, topP: 0.8, stopSequences: ['END'] },
      additionalModelRequestFields: { top_k: 20 },
      requestMetadata: { team: 'a' },
    });
    expect(warnings.map((warning) => ('feature' in warning ? warning.feature : ''))).toEqual([
      'seed',
      'user',
      'logit_bias',
    ]);
    const other = convertToBedrockConverseRequest(
      { messages: [user('x')], topK: 3 },
      { modelId: 'amazon.nova-pro-v1:0' },
    );
    expect(other.body).not.toHaveProperty('additionalModelRequestFields');
    expect(other.warnings).toEqual([expect.objectContaining({ feature: 'top_k' })]);
  });

  it('turns reasoning effort into a Claude thinking budget, raising maxTokens with a warning', () => {
    const { body, warnings } = convert({ reasoningEffort: 'low', maxOutputTokens: 1000, temperature: 0.3 });
    expect(body).toMatchObject({
      additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 2048 } },
      inferenceConfig: { maxTokens: 3048 },
    });
    expect(body.inferenceConfig).not.toHaveProperty('temperature');
    expect(warnings.map((warning) => ('feature' in warning ? warning.feature : ''))).toEqual([
      'max_tokens',
      'temperature',
    ]);
  });

  it('emulates JSON output with a forced tool, and merges provider options', () => {
    const { body, jsonOutputTool, warnings } = convert(
      {
        responseFormat: { type: 'json-schema', name: 'w', schema: { type: 'object', properties: {} } },
        providerOptions: {},
      },
      {
        modelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
        providerOptions: { latency: 'optimized', additional_model_request_fields: { anthropic_beta: ['x'] } },
      },
    );
    expect(jsonOutputTool).toBe(true);
    expect(body).toMatchObject({
      toolConfig: {
        tools: [{ toolSpec: { name: 'json_output' } }],
        toolChoice: { tool: { name: 'json_output' } },
      },
      performanceConfig: { latency: 'optimized' },
      additionalModelRequestFields: { anthropic_beta: ['x'] },
    });
    expect(warnings).toEqual([expect.objectContaining({ feature: 'response_format' })]);
  });

  it('uses native structured output for the models that support it, or when asked', () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } } };
    const native = convert({
      responseFormat: { type: 'json-schema', name: 'weather', description: 'The weather', schema },
    });
    expect(native.jsonOutputTool).toBe(false);
    expect(native.warnings).toEqual([]);
    expect(native.body).not.toHaveProperty('toolConfig');
    expect(native.body.outputConfig).toEqual({
      textFormat: {
        type: 'json_schema',
        structure: {
          jsonSchema: { schema: JSON.stringify(schema), name: 'weather', description: 'The weather' },
        },
      },
    });
    const optedIn = convertToBedrockConverseRequest(
      { messages: [user('x')], responseFormat: { type: 'json-object' } },
      { modelId: 'qwen.qwen3-32b-v1:0', providerOptions: { structured_output: 'native' } },
    );
    expect(optedIn.body.outputConfig).toMatchObject({
      textFormat: { structure: { jsonSchema: { name: 'json_object', schema: '{"type":"object"}' } } },
    });
    const optedOut = convert(
      { responseFormat: { type: 'json-object' } },
      { providerOptions: { structured_output: 'tool' } },
    );
    expect(optedOut.jsonOutputTool).toBe(true);
    expect(optedOut.body).not.toHaveProperty('outputConfig');
  });

  it('warns for a temperature above Converse range and sends 1', () => {
    const { body, warnings } = convert({ temperature: 1.5 });
    expect(body.inferenceConfig).toEqual({ temperature: 1 });
    expect(warnings).toEqual([expect.objectContaining({ feature: 'temperature' })]);
  });
});

describe('isBedrockClaudeModel', () => {
  it.each([
    ['anthropic.claude-3-5-sonnet-20240620-v1:0', true],
    ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', true],
    [
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.anthropic.claude-sonnet-4-5-20250929-v1:0',
      true,
    ],
    ['amazon.nova-pro-v1:0', false],
    ['meta.llama3-70b-instruct-v1:0', false],
  ])('%s → %s', (modelId, expected) => {
    expect(isBedrockClaudeModel(modelId)).toBe(expected);
  });
});

describe('values Converse would reject', () => {
  it('leaves out empty stop sequences and descriptions, and metadata Converse refuses, with warnings', () => {
    const { body, warnings } = convertToBedrockConverseRequest(
      {
        messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }],
        stopSequences: ['', 'END'],
        tools: [{ name: 'w', description: '', parameters: { type: 'object' } }],
        metadata: { team: 'search', note: 'héllo!', long: 'x'.repeat(300) },
      },
      { modelId: 'amazon.nova-pro-v1:0' },
    );
    expect(body.inferenceConfig).toEqual({ stopSequences: ['END'] });
    expect(body.toolConfig).toEqual({
      tools: [{ toolSpec: { name: 'w', inputSchema: { json: { type: 'object' } } } }],
    });
    expect(body.requestMetadata).toEqual({ team: 'search' });
    expect(warnings.map((warning) => ('feature' in warning ? warning.feature : ''))).toEqual([
      'metadata.note',
      'metadata.long',
    ]);
    const empty = convertToBedrockConverseRequest(
      { messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }], metadata: {} },
      { modelId: 'm' },
    );
    expect(empty.body).not.toHaveProperty('requestMetadata');
  });
});

describe('tool call ids Bedrock would reject', () => {
  it('maps them the same way on the call and its result', () => {
    const { body } = convertToBedrockConverseRequest(
      {
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'q' }] },
          {
            role: 'assistant',
            content: [{ type: 'tool-call', callId: 'call|from|elsewhere', toolName: 'w', arguments: '{}' }],
          },
          { role: 'tool', toolCallId: 'call|from|elsewhere', content: [{ type: 'text', text: 'r' }] },
        ],
        tools: [{ name: 'w', parameters: { type: 'object' } }],
      },
      { modelId: 'amazon.nova-pro-v1:0' },
    );
    const messages = body.messages as Array<{ content: Array<Record<string, { toolUseId: string }>> }>;
    const callId = messages[1]?.content[0]?.toolUse?.toolUseId;
    expect(callId).toMatch(/^[a-zA-Z0-9_.:-]{1,64}$/);
    expect(messages[2]?.content[0]?.toolResult?.toolUseId).toBe(callId);
  });
});
