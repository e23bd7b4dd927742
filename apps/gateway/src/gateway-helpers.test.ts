import { type ChatEvent, UpstreamError } from '@modelmux/core';
import { describe, expect, it } from 'vitest';
import { interpolateEnv } from './config/interpolate-env.js';
import { encodeWarningsHeader } from './encode-warnings-header.js';
import { guardChatEvents } from './sse/guard-chat-events.js';
import { serializeSseFrames } from './sse/serialize-sse-frames.js';
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

describe('serializeSseFrames', () => {
  it('writes data frames, named events and multi-line data', async () => {
    expect(
      await collect(
        serializeSseFrames(from([{ data: '{"a":1}' }, { event: 'done', data: 'x' }, { data: 'a\nb' }])),
      ),
    ).toEqual(['data: {"a":1}\n\n', 'event: done\ndata: x\n\n', 'data: a\ndata: b\n\n']);
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
