import type { AssistantContentPart, ChatResult, Warning } from '@modelmux/core';
import type { BedrockConverseResponse } from './bedrock-converse-api-schemas.js';
import { convertBedrockUsage } from './convert-bedrock-usage.js';
import { BEDROCK_JSON_OUTPUT_TOOL_NAME } from './convert-to-bedrock-converse-request.js';
import { mapBedrockStopReason } from './map-bedrock-stop-reason.js';

/** Converse response → canonical result; with `jsonOutputTool`, the forced tool's input is the message text. */
export function convertBedrockConverseResponse(
  response: BedrockConverseResponse,
  warnings: Warning[],
  jsonOutputTool: boolean,
): ChatResult {
  const content: AssistantContentPart[] = [];
  let jsonAnswered = false;
  for (const block of response.output.message.content) {
    if (typeof block.text === 'string') content.push({ type: 'text', text: block.text });
    else if (block.toolUse) {
      if (jsonOutputTool && block.toolUse.name === BEDROCK_JSON_OUTPUT_TOOL_NAME) {
        content.push({ type: 'text', text: JSON.stringify(block.toolUse.input ?? {}) });
        jsonAnswered = true;
      } else {
        content.push({
          type: 'tool-call',
          callId: block.toolUse.toolUseId,
          toolName: block.toolUse.name,
          arguments: JSON.stringify(block.toolUse.input ?? {}),
        });
      }
    } else if (block.reasoningContent?.reasoningText) {
      const { text, signature } = block.reasoningContent.reasoningText;
      content.push(signature ? { type: 'reasoning', text, signature } : { type: 'reasoning', text });
    } else if (block.reasoningContent?.redactedContent) {
      content.push({ type: 'reasoning', text: '', redactedData: block.reasoningContent.redactedContent });
    } else {
      warnings.push({
        type: 'unsupported',
        feature: 'content',
        detail: 'a Converse content block with no canonical counterpart was left out',
      });
    }
  }
  const finishReason = mapBedrockStopReason(response.stopReason);
  if (jsonAnswered && finishReason.unified === 'tool-calls') finishReason.unified = 'stop';
  return { content, finishReason, usage: convertBedrockUsage(response.usage), warnings };
}
