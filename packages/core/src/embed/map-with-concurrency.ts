/**
 * Runs `run(item, index, signal)` for every item with at most `concurrency` calls in flight and returns the results
 * in item order. The first failure aborts the calls still running (through the signal they were given), starts no
 * more, and is what the returned promise rejects with; a partial result is never returned.
 */
export async function mapWithConcurrency<Item, Result>(
  items: readonly Item[],
  options: { concurrency: number; signal: AbortSignal },
  run: (item: Item, index: number, signal: AbortSignal) => Promise<Result>,
): Promise<Result[]> {
  if (items.length === 1) return [await run(items[0] as Item, 0, options.signal)];
  const controller = new AbortController();
  const signal = AbortSignal.any([options.signal, controller.signal]);
  const results: Result[] = new Array(items.length);
  const state: { failure?: { error: unknown } } = {};
  let next = 0;
  const work = async () => {
    while (state.failure === undefined && next < items.length) {
      const index = next++;
      try {
        results[index] = await run(items[index] as Item, index, signal);
      } catch (error) {
        if (state.failure === undefined) {
          state.failure = { error };
          controller.abort();
        }
      }
    }
  };
  const workers: Array<Promise<void>> = [];
  for (let count = Math.min(Math.max(1, options.concurrency), items.length); count > 0; count--)
    workers.push(work());
  await Promise.all(workers);
  if (state.failure !== undefined) throw state.failure.error;
  return results;
}
