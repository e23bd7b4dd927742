import type { Usage } from '@modelmux/core';
import type { OllamaChatResponse } from './ollama-api-schemas.js';

const RAW_FIELDS = [
  'prompt_eval_count',
  'eval_count',
  'total_duration',
  'load_duration',
  'prompt_eval_duration',
  'eval_duration',
] as const;

/**
 * The counts of Ollama's final reply → canonical usage. A count Ollama left out (it omits `prompt_eval_count` when
 * the whole prompt came from its cache) stays undefined. Durations (nanoseconds) are kept in `raw`.
 */
export function convertOllamaUsage(response: OllamaChatResponse): Usage {
  const usage: Usage = {};
  const input = response.prompt_eval_count ?? undefined;
  const output = response.eval_count ?? undefined;
  if (input !== undefined) usage.inputTokens = input;
  if (output !== undefined) usage.outputTokens = output;
  if (input !== undefined && output !== undefined) usage.totalTokens = input + output;
  const raw: Record<string, unknown> = {};
  for (const field of RAW_FIELDS) {
    const value = response[field];
    if (value !== null && value !== undefined) raw[field] = value;
  }
  if (Object.keys(raw).length > 0) usage.raw = raw;
  return usage;
}
