import { setTimeout as sleep } from 'node:timers/promises';
import { type ChatEvent, createChatEventStream, isBufferedAsyncIterator } from '@modelmux/core';
import { describe, expect, it } from 'vitest';
import { AttemptScope } from './attempt-scope.js';
import { ClientWatch } from './client-watch.js';
import { watchIdleEvents } from './watch-idle-events.js';

const TARGET = { providerId: 'up', modelId: 'm' };

/** An upstream stream whose events arrive after the given delays; it stops early when its signal fires. */
function delayedEvents(delaysMs: number[], signal: AbortSignal): AsyncIterator<ChatEvent> {
  let index = 0;
  return {
    async next() {
      if (index >= delaysMs.length) return { done: true, value: undefined };
      await sleep(delaysMs[index]!, undefined, { signal });
      index += 1;
      return { done: false, value: { type: 'text-delta', blockId: 'b0', delta: `t${index}` } };
    },
    async return() {
      return { done: true, value: undefined };
    },
  };
}

describe('watchIdleEvents', () => {
  it('ends a stream that stays silent longer than the idle limit with a timeout error event, aborting the upstream', async () => {
    const scope = new AttemptScope(new ClientWatch(), TARGET, 60_000);
    scope.firstByteArrived(40);
    const events = watchIdleEvents(delayedEvents([5, 5, 500], scope.signal), scope);
    expect((await events.next()).value).toMatchObject({ delta: 't1' });
    expect((await events.next()).value).toMatchObject({ delta: 't2' });
    const third = await events.next();
    expect(third.value).toMatchObject({ type: 'error', error: { code: 'MMX_UPSTREAM_TIMEOUT' } });
    expect(scope.signal.aborted).toBe(true);
    await events.return?.();
  });

  it('does not count the time the consumer takes between events (a slow client)', async () => {
    const scope = new AttemptScope(new ClientWatch(), TARGET, 60_000);
    scope.firstByteArrived(30);
    const events = watchIdleEvents(delayedEvents([5, 5], scope.signal), scope);
    expect((await events.next()).value).toMatchObject({ delta: 't1' });
    await sleep(80);
    expect((await events.next()).value).toMatchObject({ delta: 't2' });
    expect((await events.next()).done).toBe(true);
    expect(scope.signal.aborted).toBe(false);
    await events.return?.();
  });

  it('lets a long stream with short gaps run past the idle limit', async () => {
    const scope = new AttemptScope(new ClientWatch(), TARGET, 60_000);
    scope.firstByteArrived(30);
    const events = watchIdleEvents(delayedEvents(Array(12).fill(10), scope.signal), scope);
    let count = 0;
    for (let result = await events.next(); result.done !== true; result = await events.next()) count += 1;
    expect(count).toBe(12);
    expect(scope.signal.aborted).toBe(false);
  });

  it('passes buffered events through, and reports an error the timeout caused as the timeout', async () => {
    const scope = new AttemptScope(new ClientWatch(), TARGET, 60_000);
    scope.firstByteArrived(40);
    const delta = (text: string): ChatEvent => ({ type: 'text-delta', blockId: 'b0', delta: text });
    const stream = createChatEventStream(
      (async function* () {
        yield ['a', 'b'];
        // The upstream read fails with a transport error (not an abort) once the timeout closed the connection.
        await sleep(500, undefined, { signal: scope.signal }).catch(() => {
          throw new Error('other side closed');
        });
      })(),
      {
        push: (item: string, out: ChatEvent[]) => out.push(delta(item)) > 0,
        finish: () => {},
        // A translator that starts the response before the failure, so the error is not the first event of the read.
        fail: (_error: unknown, out: ChatEvent[]) => {
          out.push(delta('c'), { type: 'error', error: new Error('aborted') as never });
        },
      },
    );
    const events = watchIdleEvents(stream, scope);
    expect(isBufferedAsyncIterator(events)).toBe(true);
    if (!isBufferedAsyncIterator(events)) return;
    expect((await events.next()).value).toMatchObject({ delta: 'a' });
    expect(events.takeBuffered()).toMatchObject({ delta: 'b' });
    expect(events.takeBuffered()).toBeUndefined();
    expect((await events.next()).value).toMatchObject({ delta: 'c' });
    expect(events.takeBuffered()).toMatchObject({ type: 'error', error: { code: 'MMX_UPSTREAM_TIMEOUT' } });
    await events.return?.();
  });

  it('passes the client going away through to the upstream', async () => {
    const client = new ClientWatch();
    const scope = new AttemptScope(client, TARGET, 60_000);
    scope.firstByteArrived(1_000);
    const events = watchIdleEvents(delayedEvents([500], scope.signal), scope);
    const pending = events.next();
    client.leave();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(scope.timeoutError).toBeUndefined();
  });
});
