import { readFileSync } from 'node:fs';
import type { Warning } from '@modelmux/core';
import { createJsonResponseHandler, createSseResponseHandler } from '@modelmux/core/http';
import { describe, expect, it } from 'vitest';
import { convertAnthropicMessagesResponse } from './convert-anthropic-messages-response.js';
import {
  anthropicMessageSchema,
  anthropicStreamEventSchema,
  readCommonAnthropicMessage,
  readCommonAnthropicStreamEvent,
} from './vertex-anthropic-api-schemas.js';

const fixtureEvents: unknown[] = readFileSync(
  new URL('./__fixtures__/vertex-anthropic-thinking-tool-call.1.chunks.txt', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line));

/** Events of a known type with a broken shape: the schema rejects each, so the fast path must not take it. */
const malformed: unknown[] = [
  { type: 'content_block_delta', index: '0', delta: { type: 'text_delta', text: 'a' } },
  { type: 'content_block_delta', delta: { type: 'text_delta', text: 'a' } },
  { type: 'content_block_delta', index: 0 },
  { type: 'content_block_delta', index: 0, delta: null },
  { type: 'content_block_delta', index: 0, delta: 'text' },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 5 } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', partial_json: 'a' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: null } },
  { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', text: 'a' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta' } },
  { type: 'content_block_stop' },
  { type: 'content_block_stop', index: null },
  { type: 'message_delta' },
  { type: 'error' },
];

describe('readCommonAnthropicStreamEvent (the fast path of anthropicStreamEventSchema)', () => {
  it('takes only events the schema accepts, with the fields the schema reads unchanged', () => {
    const candidates = [
      ...fixtureEvents,
      { type: 'content_block_delta', index: 2, delta: { type: 'text_delta', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'a', extra: 1 }, more: [] },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_stop' },
      { type: 'ping' },
    ];
    let taken = 0;
    for (const json of candidates) {
      const fast = readCommonAnthropicStreamEvent(json);
      const parsed = anthropicStreamEventSchema.safeParse(json);
      expect(parsed.success).toBe(true);
      if (fast === undefined) continue;
      taken += 1;
      expect(fast).toBe(json);
      // What the schema keeps is all there, with the same values.
      expect(fast).toMatchObject(parsed.data as object);
    }
    expect(taken).toBeGreaterThan(10);
  });

  it('leaves malformed events to the schema, which rejects them', () => {
    for (const json of [...malformed, null, 'ping', 42, [], { type: 5 }]) {
      expect(readCommonAnthropicStreamEvent(json)).toBeUndefined();
    }
    for (const json of malformed) expect(anthropicStreamEventSchema.safeParse(json).success).toBe(false);
  });

  it('gives the same parse results through the SSE handler as the schema alone, errors included', async () => {
    const payloads = [...fixtureEvents, ...malformed].map((json) => JSON.stringify(json));
    payloads.push('{"type":"content_block_delta",', 'not json');
    const bytes = new TextEncoder().encode(payloads.map((data) => `data: ${data}\n\n`).join(''));
    const results = async (handler: ReturnType<typeof createSseResponseHandler>) => {
      const body = Object.assign(
        (async function* () {
          yield bytes;
        })(),
        { text: async () => '', destroy: () => undefined },
      );
      const out: unknown[] = [];
      for await (const batch of await handler({
        url: 'https://x.test',
        statusCode: 200,
        headers: {},
        body,
      })) {
        for (const result of batch) {
          out.push(
            result.success
              ? anthropicStreamEventSchema.parse(result.value)
              : { code: result.error.code, message: result.error.message },
          );
        }
      }
      return out;
    };
    const withFastPath = await results(
      createSseResponseHandler(anthropicStreamEventSchema, { fastPath: readCommonAnthropicStreamEvent }),
    );
    const schemaOnly = await results(createSseResponseHandler(anthropicStreamEventSchema));
    expect(withFastPath).toEqual(schemaOnly);
    expect(withFastPath.filter((result) => (result as { code?: string }).code)).toHaveLength(
      malformed.length + 2,
    );
    for (const result of withFastPath.slice(fixtureEvents.length)) {
      expect(result).toMatchObject({ code: 'MMX_UPSTREAM_INVALID_RESPONSE' });
    }
  });
});

const message = (content: unknown[], extra: object = {}) => ({
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5@20250929',
  content,
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 2, cache_creation_input_tokens: 0 },
  ...extra,
});

const commonMessages: unknown[] = [
  message([{ type: 'text', text: 'Hello', citations: null }]),
  message([]),
  message(
    [
      { type: 'thinking', thinking: 'Let me see', signature: 'sig==' },
      { type: 'redacted_thinking', data: 'opaque' },
      { type: 'text', text: 'Calling the tool.' },
      { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'toolu_2', name: 'now', input: null },
    ],
    {
      stop_reason: 'tool_use',
      usage: { input_tokens: 1, output_tokens: 2, output_tokens_details: { thinking_tokens: 1 } },
    },
  ),
  message([{ type: 'thinking', thinking: '' }], {
    usage: null,
    id: null,
    model: undefined,
    stop_reason: null,
  }),
];

/** Messages of a shape the schema rejects: the fast path must leave each to it. */
const malformedMessages: unknown[] = [
  message([{ type: 'text' }]),
  message([{ type: 'text', text: 1 }]),
  message([{ type: 'tool_use', id: 'x', input: {} }]),
  message([{ type: 'tool_use', name: 'f', input: {} }]),
  message([{ type: 'thinking', thinking: 'a', signature: 5 }]),
  message([{ type: 'redacted_thinking' }]),
  message([null]),
  message([{ type: 5 }]),
  message([], { usage: { input_tokens: '10' } }),
  message([], { usage: { output_tokens_details: { thinking_tokens: 'x' } } }),
  message([], { stop_reason: 3 }),
  message([], { id: {} }),
  { ...message([]), content: 'text' },
  { id: 'msg_1' },
];

describe('readCommonAnthropicMessage (the fast path of anthropicMessageSchema)', () => {
  it('takes only messages the schema accepts, and the converter makes the same result of both', () => {
    for (const json of commonMessages) {
      const parsed = anthropicMessageSchema.safeParse(json);
      expect(parsed.success).toBe(true);
      const fast = readCommonAnthropicMessage(json);
      expect(fast).toBe(json);
      expect(fast).toMatchObject(parsed.data as object);
      for (const jsonOutputTool of [false, true]) {
        expect(convertAnthropicMessagesResponse(fast!, [], jsonOutputTool)).toEqual(
          convertAnthropicMessagesResponse(parsed.data!, [], jsonOutputTool),
        );
      }
    }
  });

  it('leaves malformed messages to the schema, which rejects them', () => {
    for (const json of [...malformedMessages, null, 'message', 42, []]) {
      expect(readCommonAnthropicMessage(json)).toBeUndefined();
    }
    for (const json of malformedMessages) expect(anthropicMessageSchema.safeParse(json).success).toBe(false);
  });

  it('leaves messages with other block types to the schema, which keeps them for the converter to report', () => {
    const json = message([
      { type: 'text', text: 'a' },
      { type: 'server_tool_use', id: 's', name: 'web_search' },
    ]);
    expect(readCommonAnthropicMessage(json)).toBeUndefined();
    const parsed = anthropicMessageSchema.parse(json);
    const warnings: Warning[] = [];
    convertAnthropicMessagesResponse(parsed, warnings, false);
    expect(warnings).toMatchObject([{ type: 'unsupported', feature: 'content.server_tool_use' }]);
  });

  it('gives the same result through the JSON handler as the schema alone, errors included', async () => {
    const result = async (handler: ReturnType<typeof createJsonResponseHandler>, text: string) => {
      const body = { text: async () => text, destroy: () => undefined };
      try {
        return anthropicMessageSchema.parse(
          await handler({ url: 'https://x.test', statusCode: 200, headers: {}, body: body as never }),
        );
      } catch (error) {
        return { code: (error as { code?: string }).code, message: (error as Error).message };
      }
    };
    const withFastPath = createJsonResponseHandler(anthropicMessageSchema, {
      fastPath: readCommonAnthropicMessage,
    });
    const schemaOnly = createJsonResponseHandler(anthropicMessageSchema);
    const texts = [...commonMessages, ...malformedMessages].map((json) => JSON.stringify(json));
    texts.push('{"content":[', 'not json');
    for (const text of texts)
      expect(await result(withFastPath, text)).toEqual(await result(schemaOnly, text));
    expect(await result(withFastPath, 'not json')).toMatchObject({ code: 'MMX_UPSTREAM_INVALID_RESPONSE' });
  });
});
