import type { UpstreamBody } from '@modelmux/core/http';
import { splitAtEveryBoundary } from '@modelmux/testkit';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readFixture } from '../test/read-fixture.js';
import { createOllamaNdjsonResponseHandler } from './decode-ollama-ndjson-stream.js';
import { ollamaChatResponseSchema } from './ollama-api-schemas.js';

/** An upstream body that yields the given chunks and records whether it was destroyed. */
function bodyOf(chunks: readonly Uint8Array[]): UpstreamBody & { destroyed: boolean } {
  const body = {
    destroyed: false,
    async *[Symbol.asyncIterator]() {
      for (const chunk of chunks) yield chunk;
    },
    async text() {
      return Buffer.concat(chunks).toString('utf8');
    },
    destroy() {
      body.destroyed = true;
    },
  };
  return body;
}

const handler = createOllamaNdjsonResponseHandler(ollamaChatResponseSchema);

async function decode(chunks: readonly Uint8Array[]) {
  const lines = await handler({
    url: 'http://ollama.test/api/chat',
    statusCode: 200,
    headers: {},
    body: bodyOf(chunks),
  });
  const results = [];
  for await (const batch of lines) results.push(...batch);
  return results;
}

function values(results: Awaited<ReturnType<typeof decode>>) {
  return results.map((result) => (result.success ? result.value : result.error.code));
}

describe('createOllamaNdjsonResponseHandler', () => {
  it.each(['ollama-text.1.ndjson', 'ollama-thinking-tool-call.1.ndjson'])(
    'decodes %s identically however the bytes are split',
    async (name) => {
      const bytes = new TextEncoder().encode(readFixture(name));
      const whole = await decode([bytes]);
      expect(whole.length).toBe(readFixture(name).trim().split('\n').length);
      expect(whole.every((result) => result.success)).toBe(true);
      for (const [head, tail] of splitAtEveryBoundary(bytes)) {
        expect(values(await decode([head, tail]))).toEqual(values(whole));
      }
    },
  );

  it('decodes a stream delivered one byte at a time, multi-byte characters included', async () => {
    const bytes = new TextEncoder().encode(readFixture('ollama-thinking-tool-call.1.ndjson'));
    const results = await decode(Array.from(bytes, (byte) => Uint8Array.of(byte)));
    const texts = results.flatMap((result) => (result.success ? [result.value.message?.content ?? ''] : []));
    expect(texts.join('')).toBe('Let me check Zürich ☀️');
  });

  it('accepts CRLF line ends, blank lines and a last line without a newline', async () => {
    const text = '{"done":false,"message":{"content":"a"}}\r\n\r\n\n{"done":true,"done_reason":"stop"}';
    expect(values(await decode([new TextEncoder().encode(text)]))).toEqual([
      { done: false, message: { content: 'a' } },
      { done: true, done_reason: 'stop' },
    ]);
  });

  it('yields a line that is not JSON, or not of the schema, as a failed result instead of throwing', async () => {
    const strict = createOllamaNdjsonResponseHandler(z.object({ done: z.boolean() }));
    const lines = await strict({
      url: 'http://ollama.test/api/chat',
      statusCode: 200,
      headers: {},
      body: bodyOf([new TextEncoder().encode('{"done":false\n{"done":"yes"}\n{"done":true}\n')]),
    });
    const results = [];
    for await (const batch of lines) results.push(...batch);
    expect(results.map((result) => (result.success ? result.value : result.error.code))).toEqual([
      'MMX_UPSTREAM_INVALID_RESPONSE',
      'MMX_UPSTREAM_INVALID_RESPONSE',
      { done: true },
    ]);
  });

  it('releases the upstream body when the reader stops early', async () => {
    const body = bodyOf([new TextEncoder().encode(readFixture('ollama-text.1.ndjson'))]);
    const lines = await handler({ url: 'http://ollama.test/api/chat', statusCode: 200, headers: {}, body });
    for await (const batch of lines) {
      expect(batch).toHaveLength(1);
      break;
    }
    expect(body.destroyed).toBe(true);
  });

  it('rethrows a failure of the body after the lines read so far', async () => {
    const body: UpstreamBody = {
      async *[Symbol.asyncIterator]() {
        yield new TextEncoder().encode('{"done":false}\n');
        throw Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
      },
      text: async () => '',
      destroy: () => undefined,
    };
    const lines = await handler({ url: 'http://ollama.test/api/chat', statusCode: 200, headers: {}, body });
    const seen: unknown[] = [];
    await expect(
      (async () => {
        for await (const batch of lines) seen.push(...batch);
      })(),
    ).rejects.toMatchObject({ code: 'UND_ERR_SOCKET' });
    expect(seen).toHaveLength(1);
  });
});
