import { describe, expect, it } from 'vitest';
import { decodeChatCompletionsRequest } from './decode-chat-completions-request.js';
import { encodeChatCompletionsResult } from './encode-chat-completions-result.js';
import { ChatCompletionsStreamEncoder } from './encode-chat-completions-stream.js';

const meta = { requestId: 'r', modelReference: 'claude', createdAt: 0 };

describe('signed reasoning round trip (thinking_blocks)', () => {
  it('returns signed and redacted reasoning as thinking_blocks next to reasoning_content', () => {
    const body = encodeChatCompletionsResult(
      {
        content: [
          { type: 'reasoning', text: 'hmm', signature: 'sig-1' },
          { type: 'reasoning', text: '', redactedData: 'opaque' },
          { type: 'tool-call', callId: 'toolu_1', toolName: 'w', arguments: '{}' },
        ],
        finishReason: { unified: 'tool-calls' },
        usage: {},
        warnings: [],
      },
      meta,
    ) as { choices: Array<{ message: Record<string, unknown> }> };
    expect(body.choices[0]?.message).toMatchObject({
      reasoning_content: 'hmm',
      thinking_blocks: [
        { type: 'thinking', thinking: 'hmm', signature: 'sig-1' },
        { type: 'redacted_thinking', data: 'opaque' },
      ],
    });
  });

  it('sends no thinking_blocks for unsigned reasoning', () => {
    const body = encodeChatCompletionsResult(
      {
        content: [{ type: 'reasoning', text: 'r' }],
        finishReason: { unified: 'stop' },
        usage: {},
        warnings: [],
      },
      meta,
    ) as { choices: Array<{ message: Record<string, unknown> }> };
    expect(body.choices[0]?.message).not.toHaveProperty('thinking_blocks');
  });

  it('streams the whole signed block in one delta when the block ends', () => {
    const encoder = new ChatCompletionsStreamEncoder(meta, { includeUsage: false });
    const text = [
      encoder.encode({ type: 'response-start', warnings: [] }),
      encoder.encode({ type: 'reasoning-start', blockId: 'r' }),
      encoder.encode({ type: 'reasoning-delta', blockId: 'r', delta: 'a' }),
      encoder.encode({ type: 'reasoning-delta', blockId: 'r', delta: 'b' }),
      encoder.encode({ type: 'reasoning-end', blockId: 'r', signature: 'sig' }),
    ].join('');
    const last = JSON.parse(text.trim().split('\n\n').at(-1)!.slice(6));
    expect(last.choices[0].delta).toEqual({
      thinking_blocks: [{ type: 'thinking', thinking: 'ab', signature: 'sig' }],
    });
  });

  it('restores thinking_blocks sent back on an assistant message, in preference to reasoning_content', () => {
    const { request } = decodeChatCompletionsRequest({
      model: 'vertex:claude',
      messages: [
        { role: 'user', content: 'q' },
        {
          role: 'assistant',
          content: null,
          reasoning_content: 'hmm',
          thinking_blocks: [
            { type: 'thinking', thinking: 'hmm', signature: 'sig-1' },
            { type: 'redacted_thinking', data: 'opaque' },
          ],
          tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'w', arguments: '{}' } }],
        },
      ],
    });
    expect(request.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'hmm', signature: 'sig-1' },
        { type: 'reasoning', text: '', redactedData: 'opaque' },
        { type: 'tool-call', callId: 'toolu_1', toolName: 'w', arguments: '{}' },
      ],
    });
  });
});
