import { validateOpenAiSchema } from '@modelmux/testkit';
import { describe, expect, it } from 'vitest';
import { decodeResponsesRequest } from './decode-responses-request.js';
import { sealReasoning } from './reasoning-encrypted-content.js';

const PNG = 'iVBORw0KGgo=';

describe('decodeResponsesRequest', () => {
  it('turns a string input and instructions into a system and a user message', () => {
    const decoded = decodeResponsesRequest({ model: 'claude', input: 'Hi there', instructions: 'Be brief.' });
    expect(decoded).toMatchObject({ modelReference: 'claude', stream: false, warnings: [] });
    expect(decoded.request.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: 'Hi there' }] },
    ]);
    expect(decoded.encodeOptions).toMatchObject({
      store: true,
      inputItems: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hi there' }] }],
    });
  });

  it('maps every mapped field of CreateResponse', () => {
    const body = {
      model: 'vertex:claude',
      input: [
        { role: 'developer', content: 'Use tools.' },
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'Weather here?' },
            { type: 'input_image', image_url: `data:image/png;base64,${PNG}`, detail: 'low' },
          ],
        },
      ],
      tools: [
        {
          type: 'function',
          name: 'get_weather',
          description: 'Weather',
          parameters: { type: 'object' },
          strict: true,
        },
      ],
      tool_choice: { type: 'function', name: 'get_weather' },
      parallel_tool_calls: false,
      max_output_tokens: 300,
      temperature: 0.5,
      top_p: 0.9,
      text: {
        format: { type: 'json_schema', name: 'w', schema: { type: 'object' }, strict: true },
        verbosity: 'low',
      },
      reasoning: { effort: 'high' },
      metadata: { team: 'search' },
      safety_identifier: 'user-1',
      store: false,
      previous_response_id: 'resp_prev',
      stream: true,
      service_tier: 'flex',
    };
    // The spec's input item union is ambiguous for messages with content arrays (EasyInputMessage and InputMessage
    // both match, and it says oneOf), so the other fields are checked with a string input.
    expect(validateOpenAiSchema('CreateResponse', { ...body, input: 'x' })).toEqual([]);
    const decoded = decodeResponsesRequest(body);
    expect(decoded.stream).toBe(true);
    expect(decoded.warnings).toEqual([]);
    expect(decoded.request).toEqual({
      messages: [
        { role: 'system', content: 'Use tools.', variant: 'developer' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather here?' },
            { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: PNG }, detail: 'low' },
          ],
        },
      ],
      tools: [{ name: 'get_weather', description: 'Weather', parameters: { type: 'object' }, strict: true }],
      toolChoice: { type: 'tool', toolName: 'get_weather' },
      parallelToolCalls: false,
      maxOutputTokens: 300,
      temperature: 0.5,
      topP: 0.9,
      responseFormat: { type: 'json-schema', name: 'w', schema: { type: 'object' }, strict: true },
      reasoningEffort: 'high',
      metadata: { team: 'search' },
      user: 'user-1',
      extraBody: { verbosity: 'low', service_tier: 'flex' },
    });
    expect(decoded.encodeOptions).toMatchObject({ store: false, previousResponseId: 'resp_prev' });
  });

  it('replays a tool-using turn: function calls join one assistant turn, outputs become tool messages by call_id', () => {
    const seal = sealReasoning({ signature: 'sig-abc' });
    const decoded = decodeResponsesRequest({
      model: 'm',
      input: [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          type: 'reasoning',
          id: 'rs_1',
          summary: [],
          content: [{ type: 'reasoning_text', text: 'Two calls.' }],
          encrypted_content: seal,
        },
        { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call', call_id: 'call_2', name: 'get_weather', arguments: '{"city":"Rome"}' },
        { type: 'function_call_output', call_id: 'call_1', output: '{"temp":21}' },
        {
          type: 'function_call_output',
          call_id: 'call_2',
          output: [{ type: 'input_text', text: '{"temp":25}' }],
        },
      ],
    });
    expect(decoded.request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'Two calls.', signature: 'sig-abc' },
          { type: 'tool-call', callId: 'call_1', toolName: 'get_weather', arguments: '{"city":"Paris"}' },
          { type: 'tool-call', callId: 'call_2', toolName: 'get_weather', arguments: '{"city":"Rome"}' },
        ],
      },
      { role: 'tool', toolCallId: 'call_1', content: [{ type: 'text', text: '{"temp":21}' }] },
      { role: 'tool', toolCallId: 'call_2', content: [{ type: 'text', text: '{"temp":25}' }] },
    ]);
  });

  it('leaves item references for the store to resolve, noting their ids', () => {
    const decoded = decodeResponsesRequest({
      model: 'm',
      input: [
        { role: 'user', content: 'Hi' },
        { type: 'item_reference', id: 'msg_0123' },
        { role: 'user', content: 'Again' },
      ],
    });
    expect(decoded.request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      { role: 'user', content: [{ type: 'text', text: 'Again' }] },
    ]);
    expect(decoded.encodeOptions).toMatchObject({ referencedItemIds: ['msg_0123'] });
  });

  it('restricts the tools to allowed_tools and keeps its mode', () => {
    const decoded = decodeResponsesRequest({
      model: 'm',
      input: 'x',
      tools: [
        { type: 'function', name: 'a', parameters: {} },
        { type: 'function', name: 'b', parameters: {} },
      ],
      tool_choice: { type: 'allowed_tools', mode: 'required', tools: [{ type: 'function', name: 'b' }] },
    });
    expect(decoded.request.tools?.map((tool) => tool.name)).toEqual(['b']);
    expect(decoded.request.toolChoice).toEqual({ type: 'required' });
  });

  it.each([
    [{ model: 'm', input: 'x', tools: [{ type: 'web_search' }] }, 'tools[0].type', 'MMX_FEATURE_UNSUPPORTED'],
    [
      { model: 'm', input: 'x', tools: [{ type: 'code_interpreter', container: { type: 'auto' } }] },
      'tools[0].type',
      'MMX_FEATURE_UNSUPPORTED',
    ],
    [
      { model: 'm', input: 'x', tool_choice: { type: 'file_search' } },
      'tool_choice',
      'MMX_FEATURE_UNSUPPORTED',
    ],
    [{ model: 'm', input: 'x', background: true }, 'background', 'MMX_FEATURE_UNSUPPORTED'],
    [{ input: 'x' }, 'model', 'MMX_REQUEST_INVALID'],
    [{ model: 'm' }, 'input', 'MMX_REQUEST_INVALID'],
    [{ model: 'm', input: [{ role: 'robot', content: 'x' }] }, 'input[0].role', 'MMX_REQUEST_INVALID'],
    [
      { model: 'm', input: [{ role: 'user', content: [{ type: 'input_audio' }] }] },
      'input[0].content[0].type',
      'MMX_REQUEST_INVALID',
    ],
    [{ model: 'm', input: 'x', reasoning: { effort: 'extreme' } }, 'reasoning.effort', 'MMX_REQUEST_INVALID'],
    [{ model: 'm', input: 'x', max_output_tokens: 0 }, 'max_output_tokens', 'MMX_REQUEST_INVALID'],
    [
      { model: 'm', input: 'x', text: { format: { type: 'json_schema', name: 'n' } } },
      'text.format.schema',
      'MMX_REQUEST_INVALID',
    ],
  ])('refuses %j naming %s', (body, param, code) => {
    expect(() => decodeResponsesRequest(body)).toThrow(expect.objectContaining({ param, code }));
  });

  it('warns about what it cannot carry instead of dropping it silently', () => {
    const decoded = decodeResponsesRequest({
      model: 'm',
      input: 'x',
      reasoning: { summary: 'auto' },
      include: ['reasoning.encrypted_content', 'message.output_text.logprobs'],
      truncation: 'auto',
      top_logprobs: 3,
      unknown_field: 1,
    });
    expect(decoded.warnings.map((warning) => (warning as { feature: string }).feature)).toEqual([
      'reasoning.summary',
      'include.message.output_text.logprobs',
      'truncation',
      'top_logprobs',
      'unknown_field',
    ]);
  });
});
