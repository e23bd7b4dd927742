import type { RequestBody } from '../openai-compatible-emulator/read-request-body.js';

/** What the emulator makes of a request body read as text: empty, JSON, or not JSON. */
export function parseRequestText(text: string): RequestBody {
  if (text.trim() === '') return { kind: 'empty' };
  try {
    return { kind: 'json', value: JSON.parse(text) };
  } catch {
    return { kind: 'invalid-json' };
  }
}
