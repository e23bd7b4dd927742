import type { AssistantContentPart, ChatResult, Warning } from '@modelmux/core';
import { convertOpenAICompatiblePromptFilterResults } from './convert-openai-compatible-prompt-filter-results.js';
import { convertOpenAICompatibleUsage } from './convert-openai-compatible-usage.js';
import { mapOpenAICompatibleFinishReason } from './map-openai-compatible-finish-reason.js';
import type { OpenAICompatibleChatResponse } from './openai-compatible-api-schemas.js';

/** OpenAI Chat Completions response → canonical result (first choice; more choices are reported). */
export function convertOpenAICompatibleChatResponse(
  response: OpenAICompatibleChatResponse,
  warnings: Warning[],
): ChatResult {
  const choice = response.choices[0];
  const content: AssistantContentPart[] = [];
  if (response.choices.length > 1) {
    warnings.push({
      type: 'other',
      message: `the upstream returned ${response.choices.length} choices; only the first is used`,
    });
  }
  const message = choice?.message;
  const reasoning = message?.reasoning_content ?? message?.reasoning;
  if (reasoning !== null && reasoning !== undefined && reasoning !== '')
    content.push({ type: 'reasoning', text: reasoning });
  if (message?.content !== null && message?.content !== undefined && message.content !== '') {
    content.push({ type: 'text', text: message.content });
  }
  if (message?.refusal !== null && message?.refusal !== undefined && message.refusal !== '') {
    content.push({ type: 'text', text: message.refusal });
    warnings.push({
      type: 'compatibility',
      feature: 'refusal',
      detail: 'the upstream refusal is returned as text',
    });
  }
  message?.tool_calls?.forEach((call, index) => {
    content.push({
      type: 'tool-call',
      callId: call.id ?? `call_${index}`,
      toolName: call.function.name,
      arguments:
        call.function.arguments === null ||
        call.function.arguments === undefined ||
        call.function.arguments === ''
          ? '{}'
          : call.function.arguments,
    });
  });
  const result: ChatResult = {
    content,
    finishReason: mapOpenAICompatibleFinishReason(choice?.finish_reason),
    usage: convertOpenAICompatibleUsage(response.usage),
    warnings,
  };
  const prompt = convertOpenAICompatiblePromptFilterResults(
    response.prompt_filter_results ?? response.prompt_annotations,
  );
  const output = choice?.content_filter_results ?? undefined;
  if (prompt !== undefined || output !== undefined) {
    result.contentFilter = {};
    if (prompt !== undefined) result.contentFilter.prompt = prompt;
    if (output !== undefined) result.contentFilter.output = output;
  }
  if (response.id !== null && response.id !== undefined) result.id = response.id;
  if (response.model !== null && response.model !== undefined) result.modelId = response.model;
  return result;
}
