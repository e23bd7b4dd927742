import type { Warning } from '@modelmux/core';

const MAX_HEADER_CHARS = 4096;

function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[^\x20-\x7e]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Warnings as one ASCII-safe header value (JSON with non-ASCII escaped). Past 4 KiB the list is cut and ends with a
 * note of how many more there were; the access log keeps them all.
 */
export function encodeWarningsHeader(warnings: readonly Warning[]): string {
  const whole = asciiJson(warnings);
  if (whole.length <= MAX_HEADER_CHARS) return whole;
  const kept: Warning[] = [];
  for (const warning of warnings) {
    const note: Warning = {
      type: 'other',
      message: `${warnings.length - kept.length - 1} more warnings are in the gateway log`,
    };
    if (asciiJson([...kept, warning, note]).length > MAX_HEADER_CHARS) break;
    kept.push(warning);
  }
  return asciiJson([
    ...kept,
    { type: 'other', message: `${warnings.length - kept.length} more warnings are in the gateway log` },
  ]);
}
