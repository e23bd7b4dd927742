import { describe, expect, it } from 'vitest';
import { mapWithConcurrency } from './map-with-concurrency.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('mapWithConcurrency', () => {
  it('keeps item order whatever order the calls finish in', async () => {
    const gates = [deferred<void>(), deferred<void>(), deferred<void>()];
    const pending = mapWithConcurrency(
      ['a', 'b', 'c'],
      { concurrency: 3, signal: new AbortController().signal },
      async (item, index) => {
        await gates[index]!.promise;
        return `${item}${index}`;
      },
    );
    gates[2]!.resolve();
    gates[0]!.resolve();
    gates[1]!.resolve();
    await expect(pending).resolves.toEqual(['a0', 'b1', 'c2']);
  });

  it('never has more than `concurrency` calls in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await mapWithConcurrency(
      Array.from({ length: 10 }, (_, index) => index),
      { concurrency: 3, signal: new AbortController().signal },
      async (item) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        return item * 2;
      },
    );
    expect(peak).toBe(3);
    expect(results).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
  });

  it('rejects with the first failure, aborts the calls in flight and starts no more', async () => {
    const started: number[] = [];
    const abortedIndexes: number[] = [];
    const failure = new Error('part 1 failed');
    const pending = mapWithConcurrency(
      [0, 1, 2, 3, 4],
      { concurrency: 2, signal: new AbortController().signal },
      (_item, index, signal) => {
        started.push(index);
        if (index === 1) return Promise.reject(failure);
        return new Promise<number>((_, reject) => {
          signal.addEventListener('abort', () => {
            abortedIndexes.push(index);
            reject(new Error(`aborted ${index}`));
          });
        });
      },
    );
    await expect(pending).rejects.toBe(failure);
    expect(started).toEqual([0, 1]);
    expect(abortedIndexes).toEqual([0]);
  });

  it('passes the caller’s abort on to every call', async () => {
    const controller = new AbortController();
    const pending = mapWithConcurrency(
      [0, 1],
      { concurrency: 2, signal: controller.signal },
      (_item, _index, signal) =>
        new Promise<number>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    );
    controller.abort(new Error('client went away'));
    await expect(pending).rejects.toThrow('client went away');
  });

  it('runs a single item with the caller’s own signal', async () => {
    const controller = new AbortController();
    const seen: AbortSignal[] = [];
    await mapWithConcurrency(
      [1],
      { concurrency: 4, signal: controller.signal },
      async (item, _index, signal) => {
        seen.push(signal);
        return item;
      },
    );
    expect(seen).toEqual([controller.signal]);
  });
});
