import { type ChatEvent, UpstreamError } from '@modelmux/core';
import { describe, expect, it } from 'vitest';
import { interpolateEnv } from './config/interpolate-env.js';
import { encodeWarningsHeader } from './encode-warnings-header.js';
import { guardChatEvents } from './sse/guard-chat-events.js';
import { createSseBody } from './sse/create-sse-body.js';
import { toModelmuxError } from './to-modelmux-error.js';

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of source) items.push(item);
  return items;
}

async function* from<T>(items: T[], failure?: Error): AsyncGenerator<T> {
  yield* items;
  if (failure) throw failure;
}

describe('createSseBody', () => {
  async function chunksOf(body: NodeJS.ReadableStream): Promise<string[]> {
    const chunks: string[] = [];
    for await (const chunk of body) chunks.push(String(chunk));
    return chunks;
  }

  it('writes data frames, named events and multi-line data', async () => {
    const body = createSseBody(from([{ data: '{"a":1}' }, { event: 'done', data: 'x' }, { data: 'a\nb' }]));
    expect((await chunksOf(body)).join('')).toBe('data: {"a":1}\n\nevent: done\ndata: x\n\ndata: a\ndata: b\n\n');
  });

  it('writes the frames of one burst together and later frames when they come', async () => {
    async function* bursts() {
      yield { data: '1' };
      yield { data: '2' };
      yield { data: '3' };
      await new Promise((resolve) => setTimeout(resolve, 20));
      yield { data: '4' };
    }
    expect(await chunksOf(createSseBody(bursts()))).toEqual(['data: 1\n\ndata: 2\n\ndata: 3\n\n', 'data: 4\n\n']);
  });

  it('stops pulling frames while the reader is not reading, and stops the source when destroyed', async () => {
    let produced = 0;
    let returned = false;
    async function* endless() {
      try {
        for (;;) {
          produced++;
          yield { data: 'x'.repeat(1024) };
          await new Promise((resolve) => setImmediate(resolve));
        }
      } finally {
        returned = true;
      }
    }
    const body = createSseBody(endless());
    body.on('data', () => body.pause());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(produced).toBeLessThan(40);
    body.destroy();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(returned).toBe(true);
  });
});

describe('guardChatEvents', () => {
  const start: ChatEvent = { type: 'response-start', warnings: [] };
  const delta: ChatEvent = { type: 'text-delta', blockId: 't', delta: 'a' };

  async function guarded(events: ChatEvent[], failure?: Error) {
    const iterator = from(events, failure);
    const first = await iterator.next();
    const seen: string[] = [];
    const out = await collect(guardChatEvents(first, iterator, (event) => seen.push(event.type)));
    return { out, seen };
  }

  it('passes events through and stops after the terminal event', async () => {
    const end: ChatEvent = { type: 'response-end', finishReason: { unified: 'stop' }, usage: {} };
    const { out, seen } = await guarded([start, delta, end, delta]);
    expect(out).toEqual([start, delta, end]);
    expect(seen).toEqual(['response-start', 'text-delta', 'response-end']);
  });

  it('turns a thrown error into an error event', async () => {
    const { out } = await guarded([start, delta], new TypeError('bug'));
    expect(out.at(-1)).toMatchObject({ type: 'error', error: { code: 'MMX_UPSTREAM_INVALID_RESPONSE' } });
    const typed = new UpstreamError({ statusCode: 503, message: 'busy' });
    expect((await guarded([start], typed)).out.at(-1)).toEqual({ type: 'error', error: typed });
  });

  it('reports a stream that ends without a terminal event', async () => {
    const { out } = await guarded([start, delta]);
    expect(out.at(-1)).toMatchObject({
      type: 'error',
      error: { message: expect.stringContaining('without a final event') },
    });
  });

  it('rethrows the client abort', async () => {
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    await expect(guarded([start], abort)).rejects.toBe(abort);
  });
});

describe('encodeWarningsHeader', () => {
  it('is ASCII-only JSON that parses back to the warnings', () => {
    const warnings = [{ type: 'other' as const, message: 'température ≥ 1 👋' }];
    const header = encodeWarningsHeader(warnings);
    expect(header).toMatch(/^[\x20-\x7e]+$/);
    expect(JSON.parse(header)).toEqual(warnings);
  });
});

describe('toModelmuxError', () => {
  it('keeps a Fastify 4xx status, hides bugs behind MMX_INTERNAL and leaves aborts alone', () => {
    expect(toModelmuxError(Object.assign(new Error('Body is too large'), { statusCode: 413 }))).toMatchObject(
      { code: 'MMX_REQUEST_INVALID', httpStatus: 413 },
    );
    expect(toModelmuxError(new TypeError('x is undefined'))).toMatchObject({
      code: 'MMX_INTERNAL',
      httpStatus: 500,
      message: 'Internal gateway error.',
    });
    expect(toModelmuxError(Object.assign(new Error('aborted'), { name: 'AbortError' }))).toBeUndefined();
  });
});

describe('interpolateEnv', () => {
  it('replaces inside nested arrays and tables and collects every missing variable', () => {
    expect(interpolateEnv({ a: ['${X}', { b: 'p-${X}-${Y:-d}' }] }, { X: '1' })).toEqual({
      a: ['1', { b: 'p-1-d' }],
    });
    expect(() => interpolateEnv({ a: '${M1}', b: ['${M2}'] }, {})).toThrow(
      expect.objectContaining({
        issues: [expect.objectContaining({ path: 'a' }), expect.objectContaining({ path: 'b[0]' })],
      }),
    );
  });
});
