import { describe, expect, it } from 'vitest';
import { chatCompletionsRequestSchema } from './chat-completions-request-schema.js';
import { decodeChatCompletionsRequest } from './decode-chat-completions-request.js';
import { readCommonChatCompletionsRequest } from './read-common-chat-completions-request.js';

const hello = { role: 'user', content: 'Hello' };
const request = (extra: object = {}) => ({ model: 'demo', messages: [hello], ...extra });

/** Requests the fast path takes: the schema accepts each, and its output is the request itself. */
const common: unknown[] = [
  request(),
  request({ stream: true, stream_options: { include_usage: true } }),
  request({ stream: false, stream_options: null, max_tokens: 10, max_completion_tokens: null }),
  request({ temperature: 0, top_p: 1, user: 'u-1', max_completion_tokens: 1 }),
  request({ temperature: 2, top_p: 0, user: null, stream: null }),
  request({ some_vendor_field: { nested: [1, 2] }, another: null }),
  {
    model: 'vertex:claude',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'developer', content: 'Answer in French.', name: 'dev' },
      { role: 'user', content: 'Weather in Paris?', name: 'alice', extra: true },
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
      { role: 'tool', content: '{"temp":21}', tool_call_id: 'call_1' },
      { role: 'assistant', content: 'Il fait 21 °C.' },
      { role: 'assistant', tool_calls: null },
      { role: 'user', content: '' },
    ],
  },
];

/** Requests the schema rejects: the fast path must leave each to it. */
const malformed: unknown[] = [
  { messages: [hello] },
  { model: 'demo' },
  request({ model: '' }),
  request({ model: 5 }),
  { model: 'demo', messages: [] },
  { model: 'demo', messages: {} },
  { model: 'demo', messages: [{ role: 'user' }] },
  { model: 'demo', messages: [{ role: 'user', content: 5 }] },
  { model: 'demo', messages: [{ role: 'user', content: 'a', name: null }] },
  { model: 'demo', messages: [{ role: 'robot', content: 'a' }] },
  { model: 'demo', messages: [null] },
  { model: 'demo', messages: [{ role: 'tool', content: 'a' }] },
  { model: 'demo', messages: [{ role: 'tool', content: 'a', tool_call_id: '' }] },
  { model: 'demo', messages: [{ role: 'assistant', content: 7 }] },
  {
    model: 'demo',
    messages: [{ role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f' } }] }],
  },
  {
    model: 'demo',
    messages: [
      {
        role: 'assistant',
        tool_calls: [{ id: '', type: 'function', function: { name: 'f', arguments: '' } }],
      },
    ],
  },
  { model: 'demo', messages: [{ role: 'assistant', tool_calls: {} }] },
  request({ stream: 'yes' }),
  request({ stream_options: { include_usage: 'true' } }),
  request({ stream_options: [] }),
  request({ max_tokens: 0 }),
  request({ max_tokens: 1.5 }),
  request({ max_completion_tokens: -3 }),
  request({ temperature: 2.5 }),
  request({ temperature: -0.1 }),
  request({ temperature: '1' }),
  request({ top_p: 1.01 }),
  request({ user: 42 }),
  request({ n: 0 }),
  request({ temperature: Number.POSITIVE_INFINITY }),
  request({ max_tokens: Number.POSITIVE_INFINITY }),
  request({ max_tokens: 2 ** 53 }),
  request({ tools: 'all' }),
];

/** Valid requests with something the fast path does not check: the schema takes them. */
const rare: unknown[] = [
  { model: 'demo', messages: [{ role: 'user', content: [{ type: 'text', text: 'a' }] }] },
  { model: 'demo', messages: [{ role: 'assistant', content: 'a', refusal: null }] },
  { model: 'demo', messages: [{ role: 'function', content: 'a', name: 'f' }] },
  request({ tools: [{ type: 'function', function: { name: 'f' } }], tool_choice: 'auto' }),
  request({ seed: 1, stop: ['x'], n: 1, response_format: { type: 'json_object' } }),
];

describe('readCommonChatCompletionsRequest (the fast path of chatCompletionsRequestSchema)', () => {
  it('takes common requests, which the schema accepts and returns unchanged', () => {
    for (const body of common) {
      expect(readCommonChatCompletionsRequest(body)).toBe(body);
      const parsed = chatCompletionsRequestSchema.safeParse(body);
      expect(parsed.success).toBe(true);
      // The decoder reads only the schema's output: the same value either way means the same canonical request.
      expect(parsed.data).toEqual(body);
    }
  });

  it('leaves malformed requests to the schema, which rejects them with its own message', () => {
    for (const body of [...malformed, null, 'request', 3, []]) {
      expect(readCommonChatCompletionsRequest(body)).toBeUndefined();
    }
    for (const body of malformed) {
      expect(chatCompletionsRequestSchema.safeParse(body).success).toBe(false);
      expect(() => decodeChatCompletionsRequest(body)).toThrow(
        expect.objectContaining({ code: 'MMX_REQUEST_INVALID', httpStatus: 400 }),
      );
    }
  });

  it('leaves valid requests with other fields or content parts to the schema', () => {
    for (const body of rare) {
      expect(readCommonChatCompletionsRequest(body)).toBeUndefined();
      expect(chatCompletionsRequestSchema.safeParse(body).success).toBe(true);
    }
  });

  it('decodes every common request exactly as through the schema', () => {
    for (const body of common) {
      // `logprobs: false` changes nothing in the decoded request but is a field the fast path leaves to the schema.
      const throughSchema = decodeChatCompletionsRequest({ ...(body as object), logprobs: false });
      expect(readCommonChatCompletionsRequest({ ...(body as object), logprobs: false })).toBeUndefined();
      expect(decodeChatCompletionsRequest(body)).toEqual(throughSchema);
    }
  });

  it('leaves a body with an own __proto__ key to the schema, which drops the key', () => {
    const body = JSON.parse(
      '{"model":"m","messages":[{"role":"user","content":"a"}],"__proto__":{"seed":1}}',
    );
    expect(readCommonChatCompletionsRequest(body)).toBeUndefined();
    const decoded = decodeChatCompletionsRequest(body);
    expect(decoded.request.extraBody).toBeUndefined();
    expect(decoded.request.seed).toBeUndefined();
  });
});
