import { describe, expect, it } from 'vitest';
import { UpstreamResponseError } from '../errors/upstream-response-error.js';
import type { ChatEvent } from '../spec/v1/chat-event.js';
import { type ChatEventTranslator, createChatEventStream } from './create-chat-event-stream.js';

/** A translator of strings: 'a…' → text delta, 'stop' → terminal, anything else ignored. */
function translator(log: string[]): ChatEventTranslator<string> {
  return {
    push(item, out) {
      log.push(`push:${item}`);
      if (item === 'stop') {
        out.push({ type: 'response-end', finishReason: { unified: 'stop' }, usage: {} });
        return false;
      }
      if (item.startsWith('a')) out.push({ type: 'text-delta', blockId: 't', delta: item });
      return true;
    },
    finish(out) {
      log.push('finish');
      out.push({ type: 'error', error: new UpstreamResponseError({ message: 'ended early' }) });
    },
    fail(error, out) {
      log.push(`fail:${(error as Error).message}`);
      out.push({ type: 'error', error: new UpstreamResponseError({ message: 'failed' }) });
    },
  };
}

async function* batches(list: string[][], failure?: Error, onReturn?: () => void) {
  try {
    yield* list;
    if (failure) throw failure;
  } finally {
    onReturn?.();
  }
}

async function collect(stream: AsyncIterable<ChatEvent>): Promise<string[]> {
  const out: string[] = [];
  for await (const event of stream) out.push(event.type === 'text-delta' ? event.delta : event.type);
  return out;
}

describe('createChatEventStream', () => {
  it('translates every item of every batch in order, skipping batches that produce nothing', async () => {
    const log: string[] = [];
    expect(
      await collect(createChatEventStream(batches([['a1', 'x'], ['y'], ['a2', 'a3']]), translator(log))),
    ).toEqual(['a1', 'a2', 'a3', 'error']);
    expect(log.at(-1)).toBe('finish');
  });

  it('hands over the rest of a batch synchronously with takeBuffered, and nothing it has not read', async () => {
    const log: string[] = [];
    const stream = createChatEventStream(batches([['a1', 'a2', 'a3'], ['a4']]), translator(log));
    expect(stream.takeBuffered()).toBeUndefined();
    expect(log).toEqual([]);
    const first = await stream.next();
    expect(first).toMatchObject({ done: false, value: { delta: 'a1' } });
    // The whole first batch was translated by that one step; the second was not read yet.
    expect(log).toEqual(['push:a1', 'push:a2', 'push:a3']);
    expect(stream.takeBuffered()).toMatchObject({ delta: 'a2' });
    expect(stream.takeBuffered()).toMatchObject({ delta: 'a3' });
    expect(stream.takeBuffered()).toBeUndefined();
    expect(await stream.next()).toMatchObject({ done: false, value: { delta: 'a4' } });
    expect(stream.takeBuffered()).toBeUndefined();
    expect(await stream.next()).toMatchObject({ done: false, value: { type: 'error' } });
    expect(await stream.next()).toEqual({ done: true, value: undefined });
    expect(stream.takeBuffered()).toBeUndefined();
  });

  it('answers a read pending when return() was called with done, keeping nothing of what it brought', async () => {
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const stream = createChatEventStream(
      (async function* () {
        yield ['a1'];
        await gate;
        yield ['a2', 'a3'];
      })(),
      translator([]),
    );
    expect(await stream.next()).toMatchObject({ value: { delta: 'a1' } });
    const pending = stream.next();
    // The source is parked at the gate, so return() cannot finish it: it marks the stream done.
    void stream.return?.();
    open();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(stream.takeBuffered()).toBeUndefined();
  });

  it('mixes next and takeBuffered without losing or repeating an event', async () => {
    const stream = createChatEventStream(
      batches([
        ['a1', 'a2', 'a3', 'a4'],
        ['a5', 'a6'],
      ]),
      translator([]),
    );
    const seen: string[] = [];
    for (let step = 0; ; step++) {
      const event = step % 2 === 1 ? stream.takeBuffered() : undefined;
      const value = event ?? (await stream.next()).value;
      if (value === undefined) break;
      seen.push(value.type === 'text-delta' ? value.delta : value.type);
    }
    expect(seen).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'error']);
  });

  it('stops at a terminal event and releases the upstream', async () => {
    let released = false;
    const log: string[] = [];
    const stream = createChatEventStream(
      batches([['a1', 'stop', 'a2'], ['a3']], undefined, () => (released = true)),
      translator(log),
    );
    expect(await collect(stream)).toEqual(['a1', 'response-end']);
    expect(released).toBe(true);
    expect(log).not.toContain('push:a2');
  });

  it('turns an upstream read failure into the translator error event', async () => {
    const log: string[] = [];
    expect(
      await collect(createChatEventStream(batches([['a1']], new Error('reset')), translator(log))),
    ).toEqual(['a1', 'error']);
    expect(log).toContain('fail:reset');
  });

  it('rethrows an abort instead of translating it', async () => {
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    await expect(collect(createChatEventStream(batches([['a1']], abort), translator([])))).rejects.toBe(
      abort,
    );
  });

  it('releases the upstream when the consumer stops early', async () => {
    let released = false;
    const stream = createChatEventStream(
      batches([['a1', 'a2'], ['a3']], undefined, () => (released = true)),
      translator([]),
    );
    for await (const event of stream) {
      expect(event.type).toBe('text-delta');
      break;
    }
    expect(released).toBe(true);
  });
});
