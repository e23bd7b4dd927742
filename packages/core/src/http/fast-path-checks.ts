// Checks for writing a `FastPath`: each answers exactly what the zod schema it stands in for would accept, so a
// hand-written check and its schema cannot drift on what "optional" or "nullish" means.

/** A plain object (what `z.object` accepts): not null, not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Undefined or null: what any `.nullish()` accepts. */
export function isAbsent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

/** `z.string().nullish()`. */
export function isNullishString(value: unknown): boolean {
  return value === undefined || value === null || typeof value === 'string';
}

/** `z.number().nullish()`: finite numbers only (`JSON.parse('1e400')` is Infinity, which zod rejects). */
export function isNullishNumber(value: unknown): boolean {
  return value === undefined || value === null || Number.isFinite(value);
}
