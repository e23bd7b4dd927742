import type { AssistantContentPart, ChatResult, Warning } from '@modelmux/core';
import { convertOllamaToolCalls } from './convert-ollama-tool-calls.js';
import { convertOllamaUsage } from './convert-ollama-usage.js';
import { mapOllamaDoneReason } from './map-ollama-done-reason.js';
import type { OllamaChatResponse } from './ollama-api-schemas.js';

/** Ollama's non-streaming `/api/chat` reply → canonical result: thinking, then text, then tool calls. */
export function convertOllamaChatResponse(response: OllamaChatResponse, warnings: Warning[]): ChatResult {
  const message = response.message;
  const content: AssistantContentPart[] = [];
  if (message?.thinking) content.push({ type: 'reasoning', text: message.thinking });
  if (message?.content) content.push({ type: 'text', text: message.content });
  const toolCalls = convertOllamaToolCalls(message?.tool_calls ?? []);
  content.push(...toolCalls);
  const result: ChatResult = {
    content,
    finishReason: mapOllamaDoneReason(response.done_reason, { hasToolCalls: toolCalls.length > 0 }),
    usage: convertOllamaUsage(response),
    warnings,
  };
  if (response.model) result.modelId = response.model;
  return result;
}
