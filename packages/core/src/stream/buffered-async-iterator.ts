/**
 * An async iterator that can also hand over, without an asynchronous step, an item it already holds (the rest of the
 * upstream read it translated last). A consumer drains what is at hand with `takeBuffered()` after each `next()`, so
 * a stream costs one asynchronous step per network read, not per event; `next()` alone still works.
 */
export interface BufferedAsyncIterator<T> extends AsyncIterator<T> {
  /** The next item when it is already at hand, otherwise undefined (then `next()` waits for more). */
  takeBuffered(): T | undefined;
}

/** Whether `iterator` can hand over buffered items synchronously. */
export function isBufferedAsyncIterator<T>(iterator: AsyncIterator<T>): iterator is BufferedAsyncIterator<T> {
  return typeof (iterator as Partial<BufferedAsyncIterator<T>>).takeBuffered === 'function';
}
