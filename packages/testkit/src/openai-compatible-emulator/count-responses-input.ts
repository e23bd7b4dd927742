import { countWords } from './count-words.js';
import type { ResponsesRequest } from './responses-request.js';

function countTextWords(content: unknown): number {
  if (typeof content === 'string') return countWords(content);
  if (!Array.isArray(content)) return 0;
  let words = 0;
  for (const part of content) {
    const text = (part as { text?: unknown } | null)?.text;
    if (typeof text === 'string') words += countWords(text);
  }
  return words;
}

function countItemWords(item: unknown): number {
  if (typeof item !== 'object' || item === null) return 0;
  const fields = item as { type?: unknown; content?: unknown; output?: unknown; arguments?: unknown };
  switch (fields.type) {
    case 'function_call_output':
      return countTextWords(fields.output);
    case 'function_call':
      return 1 + countTextWords(fields.arguments);
    default:
      return countTextWords(fields.content);
  }
}

/**
 * Words in a `CreateResponse` body's `instructions` and `input` (message text, function call arguments and
 * outputs), at least 1: the emulator's stand-in for `usage.input_tokens`.
 */
export function countResponsesInputWords(request: ResponsesRequest): number {
  let words = typeof request.instructions === 'string' ? countWords(request.instructions) : 0;
  if (typeof request.input === 'string') words += countWords(request.input);
  else for (const item of request.input) words += countItemWords(item);
  return Math.max(1, words);
}
