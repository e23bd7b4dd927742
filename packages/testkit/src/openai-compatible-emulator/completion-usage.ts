import type { EmulatorUsage } from './emulator-scenario.js';

/** Serializes emulator usage as OpenAI's `CompletionUsage`; the detail objects appear only when their count is given. */
export function serializeUsage(usage: EmulatorUsage): string {
  const { prompt_tokens, completion_tokens, cached_tokens, reasoning_tokens } = usage;
  let json = `{"prompt_tokens":${prompt_tokens},"completion_tokens":${completion_tokens},"total_tokens":${prompt_tokens + completion_tokens}`;
  if (cached_tokens !== undefined) json += `,"prompt_tokens_details":{"cached_tokens":${cached_tokens}}`;
  if (reasoning_tokens !== undefined)
    json += `,"completion_tokens_details":{"reasoning_tokens":${reasoning_tokens}}`;
  return `${json}}`;
}
