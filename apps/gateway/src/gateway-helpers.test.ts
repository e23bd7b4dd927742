import { type ChatEvent, createChatEventStream, UpstreamError } from '@modelmux/core';
import { describe, expect, it } from 'vitest';
import { interpolateEnv } from './config/interpolate-env.js';
import { encodeWarningsHeader } from './encode-warnings-header.js';
import { createChatSseBody } from './sse/create-chat-sse-body.js';
import { toModelmuxError } from './to-modelmux-error.js';

async function _collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of source) items.push(item);
  return items;
}

async function* from<T>(items: T[], failure?: Error): AsyncGenerator<T> {
  yield* items;
  if (failure) throw failure;
}

describe('createChatSseBody', () => {
  const start: ChatEvent = { type: 'response-start', warnings: [] };
  const end: ChatEvent = { type: 'response-end', finishReason: { unified: 'stop' }, usage: {} };
  const delta = (text: string): ChatEvent => ({ type: 'text-delta', blockId: 't', delta: text });
  const encoder = {
    encode: (event: ChatEvent) =>
      event.type === 'text-delta'
        ? `data: ${event.delta}\n\n`
        : event.type === 'error'
          ? `data: error ${event.error.code}\n\n`
          : event.type === 'text-start'
            ? ''
            : `data: ${event.type}\n\n`,
  };

  async function body(source: AsyncIterator<ChatEvent>) {
    const seen: string[] = [];
    const first = await source.next();
    const stream = createChatSseBody(first, source, encoder, (event) => seen.push(event.type));
    const chunks: string[] = [];
    for await (const chunk of stream) chunks.push(String(chunk));
    return { chunks, seen };
  }

  it('takes the events a buffered stream already holds without a next() each, in order, then waits for more', async () => {
    const log: string[] = [];
    const batches = [
      [start, delta('1'), delta('2')],
      [delta('3')],
      [delta('4'), end, delta('after the end')],
    ];
    const stream = createChatEventStream(
      (async function* () {
        for (const batch of batches) {
          log.push('read');
          yield batch;
        }
      })(),
      { push: (event: ChatEvent, out: ChatEvent[]) => out.push(event) > 0, finish: () => {}, fail: () => {} },
    );
    let nextCalls = 0;
    const counted = Object.assign(Object.create(stream) as typeof stream, {
      next: () => {
        nextCalls += 1;
        return stream.next();
      },
    });
    const { chunks, seen } = await body(counted);
    expect(chunks.join('')).toBe(
      'data: response-start\n\ndata: 1\n\ndata: 2\n\ndata: 3\n\ndata: 4\n\ndata: response-end\n\n',
    );
    expect(seen).toEqual([
      'response-start',
      'text-delta',
      'text-delta',
      'text-delta',
      'text-delta',
      'response-end',
    ]);
    // One next() per upstream read: the first by the caller, then one for each later batch.
    expect(log).toEqual(['read', 'read', 'read']);
    expect(nextCalls).toBe(3);
  });

  it('handles nothing that arrives after the body was destroyed while the upstream was being read', async () => {
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const stream = createChatEventStream(
      (async function* () {
        yield [start];
        await gate;
        yield [delta('1'), delta('2'), end];
      })(),
      { push: (event: ChatEvent, out: ChatEvent[]) => out.push(event) > 0, finish: () => {}, fail: () => {} },
    );
    const seen: string[] = [];
    const body = createChatSseBody(await stream.next(), stream, encoder, (event) => seen.push(event.type));
    body.on('data', () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen).toEqual(['response-start']);
    body.destroy();
    open();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen).toEqual(['response-start']);
  });

  it('writes the events of one burst together, later events when they come, and stops at the terminal event', async () => {
    async function* events() {
      yield start;
      yield { type: 'text-start', blockId: 't' } as ChatEvent;
      yield delta('1');
      yield delta('2');
      await new Promise((resolve) => setTimeout(resolve, 20));
      yield delta('3');
      yield end;
      yield delta('after the end');
    }
    const { chunks, seen } = await body(events());
    expect(chunks).toEqual([
      'data: response-start\n\ndata: 1\n\ndata: 2\n\n',
      'data: 3\n\ndata: response-end\n\n',
    ]);
    expect(seen).toEqual([
      'response-start',
      'text-start',
      'text-delta',
      'text-delta',
      'text-delta',
      'response-end',
    ]);
  });

  it('turns a thrown error into the error frame, keeping typed errors', async () => {
    const typed = new UpstreamError({ statusCode: 503, message: 'busy' });
    expect((await body(from([start, delta('a')], new TypeError('bug')))).chunks.join('')).toMatch(
      /error MMX_UPSTREAM_INVALID_RESPONSE\n\n$/,
    );
    expect((await body(from([start], typed))).chunks.join('')).toMatch(/error MMX_UPSTREAM_OVERLOADED\n\n$/);
  });

  it('reports a stream that ends without a terminal event', async () => {
    expect((await body(from([start, delta('a')]))).chunks.join('')).toMatch(
      /error MMX_UPSTREAM_INVALID_RESPONSE\n\n$/,
    );
  });

  it('stops pulling while the client is not reading, and releases the source when destroyed', async () => {
    let produced = 0;
    let released = false;
    async function* endless() {
      try {
        yield start;
        for (;;) {
          produced++;
          yield delta('x'.repeat(1024));
          await new Promise((resolve) => setImmediate(resolve));
        }
      } finally {
        released = true;
      }
    }
    const source = endless();
    const stream = createChatSseBody(await source.next(), source, encoder, () => undefined);
    stream.on('data', () => stream.pause());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(produced).toBeLessThan(40);
    stream.destroy();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(released).toBe(true);
  });
});

describe('encodeWarningsHeader', () => {
  it('is ASCII-only JSON that parses back to the warnings', () => {
    const warnings = [{ type: 'other' as const, message: 'température ≥ 1 👋' }];
    const header = encodeWarningsHeader(warnings);
    expect(header).toMatch(/^[\x20-\x7e]+$/);
    expect(JSON.parse(header)).toEqual(warnings);
  });

  it('stays under 4 KiB however many warnings there are, saying how many were cut', () => {
    const many = Array.from({ length: 500 }, (_, index) => ({
      type: 'unsupported' as const,
      feature: `field_${index}`,
    }));
    const header = encodeWarningsHeader(many);
    expect(header.length).toBeLessThanOrEqual(4096);
    const parsed = JSON.parse(header);
    const kept = parsed.length - 1;
    expect(parsed.at(-1)).toEqual({
      type: 'other',
      message: `${500 - kept} more warnings are in the gateway log`,
    });
    expect(parsed.slice(0, -1)).toEqual(many.slice(0, kept));
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
