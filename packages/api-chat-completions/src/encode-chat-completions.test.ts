import { type ChatEvent, NoSuchModelError, UpstreamError, UpstreamResponseError } from '@modelmux/core';
import { describe, expect, it } from 'vitest';
import { encodeChatCompletionsError } from './encode-chat-completions-error.js';
import { encodeChatCompletionsResult } from './encode-chat-completions-result.js';
import { ChatCompletionsStreamEncoder } from './encode-chat-completions-stream.js';
import { encodeModelsList } from './encode-models-list.js';

const meta = { requestId: 'req1', modelReference: 'fast', createdAt: 1_767_225_600_500 };

/** The `data:` payloads the encoder writes for `events`, checking the SSE framing on the way. */
async function frames(events: ChatEvent[], includeUsage = false): Promise<string[]> {
  const encoder = new ChatCompletionsStreamEncoder(meta, { includeUsage });
  const text = events.map((event) => encoder.encode(event)).join('');
  expect(text.endsWith('\n\n')).toBe(true);
  return text
    .slice(0, -2)
    .split('\n\n')
    .map((frame) => {
      expect(frame.startsWith('data: ')).toBe(true);
      return frame.slice(6);
    });
}

describe('encodeChatCompletionsResult', () => {
  it('encodes text, reasoning, tool calls, finish reason and usage', () => {
    expect(
      encodeChatCompletionsResult(
        {
          id: 'up-1',
          content: [
            { type: 'reasoning', text: 'r' },
            { type: 'text', text: 'a' },
            { type: 'tool-call', callId: 'c1', toolName: 'f', arguments: '{}' },
          ],
          finishReason: { unified: 'tool-calls', raw: 'tool_use' },
          usage: { inputTokens: 5, outputTokens: 6, cachedInputTokens: 2, reasoningTokens: 1 },
          warnings: [],
        },
        meta,
      ),
    ).toEqual({
      id: 'chatcmpl-req1',
      object: 'chat.completion',
      created: 1_767_225_600,
      model: 'fast',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'a',
            refusal: null,
            reasoning_content: 'r',
            tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
          },
          logprobs: null,
          finish_reason: 'tool_calls',
        },
      ],
      usage: {
        prompt_tokens: 5,
        completion_tokens: 6,
        total_tokens: 11,
        prompt_tokens_details: { cached_tokens: 2 },
        completion_tokens_details: { reasoning_tokens: 1 },
      },
    });
  });

  it('keeps an upstream chatcmpl id, uses null content for tool-only replies, omits unknown usage', () => {
    const body = encodeChatCompletionsResult(
      {
        id: 'chatcmpl-up',
        content: [{ type: 'tool-call', callId: 'c', toolName: 'f', arguments: '{}' }],
        finishReason: { unified: 'length' },
        usage: { inputTokens: 3 },
        warnings: [],
      },
      meta,
    );
    expect(body).toMatchObject({
      id: 'chatcmpl-up',
      choices: [{ message: { content: null }, finish_reason: 'length' }],
    });
    expect(body).not.toHaveProperty('usage');
  });
});

describe('encodeChatCompletionsStream', () => {
  const events: ChatEvent[] = [
    { type: 'response-start', warnings: [] },
    { type: 'reasoning-start', blockId: 'r' },
    { type: 'reasoning-delta', blockId: 'r', delta: 'hm' },
    { type: 'reasoning-end', blockId: 'r' },
    { type: 'text-start', blockId: 't' },
    { type: 'text-delta', blockId: 't', delta: 'Hi "you"' },
    { type: 'text-end', blockId: 't' },
    { type: 'tool-call-start', callId: 'a', toolName: 'f' },
    { type: 'tool-call-start', callId: 'b', toolName: 'g' },
    { type: 'tool-call-delta', callId: 'b', argumentsDelta: '{"x"' },
    { type: 'tool-call-delta', callId: 'a', argumentsDelta: '{}' },
    { type: 'tool-call-delta', callId: 'b', argumentsDelta: ':1}' },
    { type: 'tool-call-end', callId: 'a', arguments: '{}' },
    { type: 'tool-call-end', callId: 'b', arguments: '{"x":1}' },
    {
      type: 'response-end',
      finishReason: { unified: 'tool-calls' },
      usage: { inputTokens: 1, outputTokens: 2 },
    },
  ];

  it('encodes chunks with one id, role first, indexed tool fragments, finish, usage and [DONE]', async () => {
    const out = await frames(events, true);
    expect(out.at(-1)).toBe('[DONE]');
    const chunks = out.slice(0, -1).map((data) => JSON.parse(data));
    expect(new Set(chunks.map((chunk) => chunk.id))).toEqual(new Set(['chatcmpl-req1']));
    expect(
      chunks.every(
        (chunk) =>
          chunk.object === 'chat.completion.chunk' &&
          chunk.created === 1_767_225_600 &&
          chunk.model === 'fast',
      ),
    ).toBe(true);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta ?? chunk.usage)).toEqual([
      { role: 'assistant', content: '' },
      { reasoning_content: 'hm' },
      { content: 'Hi "you"' },
      { tool_calls: [{ index: 0, id: 'a', type: 'function', function: { name: 'f', arguments: '' } }] },
      { tool_calls: [{ index: 1, id: 'b', type: 'function', function: { name: 'g', arguments: '' } }] },
      { tool_calls: [{ index: 1, function: { arguments: '{"x"' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '{}' } }] },
      { tool_calls: [{ index: 1, function: { arguments: ':1}' } }] },
      {},
      { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
    ]);
    expect(
      chunks.slice(0, -2).every((chunk) => chunk.choices[0].finish_reason === null && chunk.usage === null),
    ).toBe(true);
    expect(chunks.at(-2).choices[0].finish_reason).toBe('tool_calls');
    expect(chunks.at(-1).choices).toEqual([]);
  });

  it('sends no usage chunk or usage field unless asked', async () => {
    const chunks = (await frames(events)).slice(0, -1).map((data) => JSON.parse(data));
    expect(chunks.every((chunk) => !('usage' in chunk) && chunk.choices.length === 1)).toBe(true);
  });

  it('ends a failed stream with an error payload and no [DONE]', async () => {
    const out = await frames([
      { type: 'response-start', warnings: [] },
      { type: 'text-start', blockId: 't' },
      { type: 'text-delta', blockId: 't', delta: 'par' },
      { type: 'error', error: new UpstreamResponseError({ message: 'The upstream stream ended early' }) },
    ]);
    expect(out).toHaveLength(3);
    expect(JSON.parse(out[2]!)).toEqual({
      error: {
        message: 'The upstream stream ended early',
        type: 'server_error',
        param: null,
        code: 'MMX_UPSTREAM_INVALID_RESPONSE',
      },
    });
  });
});

describe('encodeChatCompletionsError', () => {
  it.each([
    [new NoSuchModelError({ modelReference: 'x' }), 404, 'invalid_request_error', 'model_not_found'],
    [
      new UpstreamError({
        statusCode: 400,
        message: 'too long',
        upstreamCode: 'context_length_exceeded',
        upstreamParam: 'messages',
      }),
      400,
      'invalid_request_error',
      'context_length_exceeded',
    ],
    [
      new UpstreamError({ statusCode: 429, message: 'slow', retryAfterMs: 1500 }),
      429,
      'rate_limit_error',
      'MMX_UPSTREAM_RATE_LIMITED',
    ],
    [
      new UpstreamError({ statusCode: 503, message: 'busy' }),
      503,
      'service_unavailable_error',
      'MMX_UPSTREAM_OVERLOADED',
    ],
    [new UpstreamError({ statusCode: 500, message: 'boom' }), 502, 'server_error', 'MMX_UPSTREAM_SERVER'],
  ])('%s → %i %s %s', (error, status, type, code) => {
    const encoded = encodeChatCompletionsError(error);
    expect(encoded.status).toBe(status);
    expect(encoded.body).toMatchObject({ error: { type, code, message: expect.any(String) } });
    expect(encoded.headers?.['x-modelmux-error-code']).toBe(error.code);
  });

  it('sends Retry-After in seconds (rounded up) and milliseconds', () => {
    expect(
      encodeChatCompletionsError(new UpstreamError({ statusCode: 429, message: 's', retryAfterMs: 1500 }))
        .headers,
    ).toMatchObject({
      'retry-after': '2',
      'retry-after-ms': '1500',
    });
  });

  it('never passes upstream auth details to the client', () => {
    const encoded = encodeChatCompletionsError(
      new UpstreamError({ statusCode: 401, message: 'key abc123 for project p-42 revoked' }),
    );
    expect(encoded.status).toBe(502);
    expect(JSON.stringify(encoded.body)).not.toContain('p-42');
  });
});

describe('encodeModelsList', () => {
  it('uses the OpenAI list shape', () => {
    expect(encodeModelsList([{ id: 'fast', ownedBy: 'modelmux', createdAt: 0 }])).toEqual({
      object: 'list',
      data: [{ id: 'fast', object: 'model', created: 0, owned_by: 'modelmux' }],
    });
  });
});
