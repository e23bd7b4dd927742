import type { FinishReason } from '@modelmux/core';

const UNIFIED: Readonly<Record<string, FinishReason['unified']>> = {
  stop: 'stop',
  length: 'length',
};

/**
 * Ollama's `done_reason` → canonical, keeping the raw value. Ollama says `stop` when the model ended its turn with
 * tool calls, so a turn that made tool calls is `tool-calls`. A final reply without a reason (older servers) ended
 * normally: `stop`. `load` and `unload` (a request that only loaded a model) and unknown values are `other`.
 */
export function mapOllamaDoneReason(
  raw: string | null | undefined,
  options: { hasToolCalls: boolean },
): FinishReason {
  if (raw === null || raw === undefined || raw === '') {
    return { unified: options.hasToolCalls ? 'tool-calls' : 'stop' };
  }
  const unified = UNIFIED[raw] ?? 'other';
  return { unified: unified === 'stop' && options.hasToolCalls ? 'tool-calls' : unified, raw };
}
