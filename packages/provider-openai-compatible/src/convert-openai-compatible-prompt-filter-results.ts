import type { ContentFilterResults } from '@modelmux/core';
import type { OpenAICompatiblePromptFilterResults } from './openai-compatible-api-schemas.js';

/** Azure's `prompt_filter_results` (or `prompt_annotations`) → canonical prompt verdicts; undefined when absent. */
export function convertOpenAICompatiblePromptFilterResults(
  list: OpenAICompatiblePromptFilterResults,
): ContentFilterResults['prompt'] {
  if (list === null || list === undefined || list.length === 0) return undefined;
  const prompt: NonNullable<ContentFilterResults['prompt']> = [];
  list.forEach((entry, position) => {
    if (entry.content_filter_results === null || entry.content_filter_results === undefined) return;
    prompt.push({ promptIndex: entry.prompt_index ?? position, results: entry.content_filter_results });
  });
  return prompt.length === 0 ? undefined : prompt;
}
