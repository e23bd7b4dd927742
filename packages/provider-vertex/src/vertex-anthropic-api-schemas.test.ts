import { readFileSync } from 'node:fs';
import { createSseResponseHandler } from '@modelmux/core/http';
import { describe, expect, it } from 'vitest';
import {
  anthropicStreamEventSchema,
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
