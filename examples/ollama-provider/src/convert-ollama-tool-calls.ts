import type { ToolCallPart } from '@modelmux/core';
import type { OllamaToolCall } from './ollama-api-schemas.js';

/**
 * Ollama's tool calls → canonical ones. Ollama gives calls no id, so each gets `call_<n>`, counted across the whole
 * reply (`firstIndex` is how many calls came before); its arguments object becomes JSON text.
 */
export function convertOllamaToolCalls(calls: readonly OllamaToolCall[], firstIndex = 0): ToolCallPart[] {
  return calls.map((call, index) => ({
    type: 'tool-call',
    callId: `call_${firstIndex + index}`,
    toolName: call.function.name,
    arguments: JSON.stringify(call.function.arguments ?? {}),
  }));
}
