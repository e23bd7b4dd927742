import type { StoredResponse } from './response-store.js';

/** True for a plain JSON object (not an array, not null). */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The record as one JSON text; only the interface's fields are kept, so every backend stores the same thing.
 * Throws the `TypeError` of `JSON.stringify` for values JSON cannot carry (cycles, BigInt).
 */
export function encodeStoredResponse(record: StoredResponse): string {
  const { id, createdAt, response, inputItems, previousResponseId } = record;
  return JSON.stringify(
    previousResponseId === undefined
      ? { id, createdAt, response, inputItems }
      : { id, createdAt, response, inputItems, previousResponseId },
  );
}

/**
 * Checks an already-parsed value has the `StoredResponse` shape and returns it with only the interface's fields.
 * Throws an `Error` naming what is wrong (the caller wraps it in a `StoreError`: stored data is corrupt).
 */
export function toStoredResponse(value: unknown): StoredResponse {
  if (!isObject(value)) throw new Error('stored record is not a JSON object');
  const { id, createdAt, response, inputItems, previousResponseId } = value;
  if (typeof id !== 'string') throw new Error('stored record has no string "id"');
  if (typeof createdAt !== 'number') throw new Error('stored record has no numeric "createdAt"');
  if (!isObject(response)) throw new Error('stored record has no "response" object');
  if (!Array.isArray(inputItems) || !inputItems.every(isObject)) {
    throw new Error('stored record has no "inputItems" array of objects');
  }
  if (
    previousResponseId !== undefined &&
    previousResponseId !== null &&
    typeof previousResponseId !== 'string'
  ) {
    throw new Error('stored record has a non-string "previousResponseId"');
  }
  const record: StoredResponse = { id, createdAt, response, inputItems };
  if (typeof previousResponseId === 'string') record.previousResponseId = previousResponseId;
  return record;
}

/** Parses what `encodeStoredResponse` wrote; throws an `Error` when the text is not a stored record. */
export function decodeStoredResponse(text: string): StoredResponse {
  return toStoredResponse(JSON.parse(text));
}
