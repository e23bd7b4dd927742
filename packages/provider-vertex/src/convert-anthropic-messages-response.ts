import type { AssistantContentPart, ChatResult, Warning } from '@modelmux/core';
import { convertAnthropicUsage } from './convert-anthropic-usage.js';
import { JSON_OUTPUT_TOOL_NAME } from './convert-to-anthropic-messages-request.js';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';
import type { AnthropicMessage } from './vertex-anthropic-api-schemas.js';

/**
 * Anthropic message → canonical result. Thinking keeps its signature (and redacted thinking its data) so the next
 * turn can send them back; with `jsonOutputTool`, the forced tool's input is the message text.
 */
export function convertAnthropicMessagesResponse(
  message: AnthropicMessage,
  warnings: Warning[],
  jsonOutputTool: boolean,
): ChatResult {
  const content: AssistantContentPart[] = [];
  let jsonAnswered = false;
  for (const block of message.content) {
    if (block.type === 'text' && 'text' in block) content.push({ type: 'text', text: block.text });
    else if (block.type === 'thinking' && 'thinking' in block) {
      content.push(
        block.signature
          ? { type: 'reasoning', text: block.thinking, signature: block.signature }
          : { type: 'reasoning', text: block.thinking },
      );
    } else if (block.type === 'redacted_thinking' && 'data' in block) {
      content.push({ type: 'reasoning', text: '', redactedData: block.data });
    } else if (block.type === 'tool_use' && 'input' in block) {
      if (jsonOutputTool && block.name === JSON_OUTPUT_TOOL_NAME) {
        content.push({ type: 'text', text: JSON.stringify(block.input ?? {}) });
        jsonAnswered = true;
      } else {
        content.push({
          type: 'tool-call',
          callId: block.id,
          toolName: block.name,
          arguments: JSON.stringify(block.input ?? {}),
        });
      }
    } else {
      warnings.push({
        type: 'unsupported',
        feature: `content.${block.type}`,
        detail: 'a Claude content block with no canonical counterpart was left out',
      });
    }
  }
  const finishReason = mapAnthropicStopReason(message.stop_reason);
  if (jsonAnswered && finishReason.unified === 'tool-calls') finishReason.unified = 'stop';
  const result: ChatResult = { content, finishReason, usage: convertAnthropicUsage(message.usage), warnings };
  if (message.id) result.id = message.id;
  if (message.model) result.modelId = message.model;
  return result;
}
