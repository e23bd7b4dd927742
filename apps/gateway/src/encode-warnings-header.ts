import type { Warning } from '@modelmux/core';

/** Warnings as one ASCII-safe header value (JSON with non-ASCII escaped). */
export function encodeWarningsHeader(warnings: readonly Warning[]): string {
  return JSON.stringify(warnings).replace(
    /[^\x20-\x7e]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
