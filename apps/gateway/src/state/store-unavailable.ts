import { StoreError } from '@modelmux/core';

/** The message of any thrown value. */
function reasonOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/**
 * Turns a backend failure into `StoreError('MMX_STORE_UNAVAILABLE')` reading `<store>: cannot <action>: <reason>`,
 * keeping the original error as `cause`. A `StoreError` passes through unchanged.
 */
export function storeUnavailable(store: string, action: string, cause: unknown): StoreError {
  if (StoreError.isInstance(cause)) return cause;
  return new StoreError({ message: `${store}: cannot ${action}: ${reasonOf(cause)}`, cause });
}

/** The error every operation on a closed store rejects with. */
export function storeClosed(store: string, action: string): StoreError {
  return new StoreError({ message: `${store}: cannot ${action}: the store is closed` });
}
