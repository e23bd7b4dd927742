import { readFileSync } from 'node:fs';
import type { ChatEvent, Warning } from '@modelmux/core';
import {
  createJsonResponseHandler,
  createSseResponseHandler,
  type SseParseResult,
} from '@modelmux/core/http';
import { describe, expect, it } from 'vitest';
import { convertAnthropicMessagesResponse } from './convert-anthropic-messages-response.js';
import { AnthropicStreamTranslator } from './convert-anthropic-stream-events.js';
import {
  type AnthropicStreamEvent,
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
  { type: 'content_block_stop', index: Number.NEGATIVE_INFINITY },
  { type: 'content_block_delta', index: Number.POSITIVE_INFINITY, delta: { type: 'text_delta', text: 'a' } },
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
    // The events a stream is mostly made of are all taken.
    const mostCommon = [
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'a' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"a"' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'hm' } },
      { type: 'content_block_stop', index: 3 },
      { type: 'message_stop' },
      { type: 'ping' },
    ];
    for (const json of mostCommon) expect(readCommonAnthropicStreamEvent(json)).toBe(json);
  });

  it('leaves malformed events to the schema, which rejects them', () => {
    for (const json of [...malformed, null, 'ping', 42, [], { type: 5 }]) {
      expect(readCommonAnthropicStreamEvent(json)).toBeUndefined();
    }
    for (const json of malformed) expect(anthropicStreamEventSchema.safeParse(json).success).toBe(false);
  });

  it('gives the same parse results through the SSE handler as the schema alone, errors included', async () => {
    const payloads = [...fixtureEvents, ...malformed].map((json) => JSON.stringify(json));
    // Texts JSON.stringify cannot write: indexes that parse to ±Infinity, which the schema rejects.
    payloads.push(
      '{"type":"content_block_delta","index":1e400,"delta":{"type":"text_delta","text":"a"}}',
      '{"type":"content_block_stop","index":-1e400}',
      '{"type":"content_block_delta",',
      'not json',
    );
    const bytes = new TextEncoder().encode(payloads.map((data) => `data: ${data}\n\n`).join(''));
    const results = async (handler: ReturnType<typeof createSseResponseHandler>) => {
      const body = Object.assign(
        (async function* () {
          yield bytes;
        })(),
        { text: async () => '', destroy: () => undefined },
      );
      const parsed: Array<SseParseResult<AnthropicStreamEvent>> = [];
      for await (const batch of await handler({
        url: 'https://x.test',
        statusCode: 200,
        headers: {},
        body,
      })) {
        parsed.push(...(batch as Array<SseParseResult<AnthropicStreamEvent>>));
      }
      // What the translator makes of the fixture's events in order, then each other result on its own.
      const translate = (results: Array<SseParseResult<AnthropicStreamEvent>>) => {
        const translator = new AnthropicStreamTranslator({
          warnings: [],
          url: 'https://x.test',
          providerId: 'vertex',
          modelId: 'claude',
          jsonOutputTool: false,
        });
        const out: ChatEvent[] = [];
        for (const result of results) translator.push(result, out);
        return out.map((event) =>
          event.type === 'error'
            ? { type: 'error', code: event.error.code, message: event.error.message }
            : event,
        );
      };
      const out: unknown[] = [translate(parsed.slice(0, fixtureEvents.length))];
      for (const result of parsed.slice(fixtureEvents.length)) out.push(translate([result]));
      return out;
    };
    const withFastPath = await results(
      createSseResponseHandler(anthropicStreamEventSchema, { fastPath: readCommonAnthropicStreamEvent }),
    );
    const schemaOnly = await results(createSseResponseHandler(anthropicStreamEventSchema));
    expect(withFastPath).toEqual(schemaOnly);
    expect((withFastPath[0] as unknown[]).length).toBeGreaterThan(10);
    const failures = withFastPath.slice(1);
    expect(failures).toHaveLength(malformed.length + 4);
    for (const events of failures) {
      expect(events).toContainEqual({
        type: 'error',
        code: 'MMX_UPSTREAM_INVALID_RESPONSE',
        message: expect.any(String),
      });
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
  message([], { usage: { input_tokens: Number.POSITIVE_INFINITY } }),
  message([], { usage: { cache_read_input_tokens: Number.NEGATIVE_INFINITY } }),
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
    // Texts JSON.stringify cannot write: numbers that parse to ±Infinity, which the schema rejects.
    const outOfRange = [
      '{"content":[{"type":"text","text":"a"}],"usage":{"input_tokens":1e400,"output_tokens":2}}',
      '{"content":[],"usage":{"output_tokens_details":{"thinking_tokens":-1e400}}}',
    ];
    texts.push(...outOfRange, '{"content":[', 'not json');
    for (const text of texts)
      expect(await result(withFastPath, text)).toEqual(await result(schemaOnly, text));
    for (const text of [...outOfRange, 'not json'])
      expect(await result(withFastPath, text)).toMatchObject({ code: 'MMX_UPSTREAM_INVALID_RESPONSE' });
  });
});
