import type { ChatResult, ContentFilterResults, EncodeMeta, ReasoningPart } from '@modelmux/core';
import { chatCompletionId } from './chat-completion-id.js';
import { encodeChatCompletionsUsage } from './encode-chat-completions-usage.js';
import { mapChatCompletionsFinishReason } from './map-chat-completions-finish-reason.js';

/** Canonical result → a `chat.completion` object. */
export function encodeChatCompletionsResult(result: ChatResult, meta: EncodeMeta): Record<string, unknown> {
  let text: string | undefined;
  let reasoning: string | undefined;
  const thinkingBlocks: Array<Record<string, unknown>> = [];
  let signed = false;
  const toolCalls: Array<Record<string, unknown>> = [];
  for (const part of result.content) {
    if (part.type === 'text') text = (text ?? '') + part.text;
    else if (part.type === 'reasoning') {
      if (part.text !== '') reasoning = (reasoning ?? '') + part.text;
      thinkingBlocks.push(encodeThinkingBlock(part));
      if (part.signature !== undefined || part.redactedData !== undefined) signed = true;
    } else
      toolCalls.push({
        id: part.callId,
        type: 'function',
        function: { name: part.toolName, arguments: part.arguments },
      });
  }
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: text ?? (toolCalls.length > 0 ? null : ''),
    refusal: null,
  };
  if (reasoning !== undefined) message.reasoning_content = reasoning;
  // Signed reasoning must come back unchanged on the next turn (Claude, Gemini): clients that send the message back
  // as they got it keep these blocks, and the decoder restores them.
  if (signed) message.thinking_blocks = thinkingBlocks;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  const body: Record<string, unknown> = {
    id: chatCompletionId(result.id, meta.requestId),
    object: 'chat.completion',
    created: Math.floor(meta.createdAt / 1000),
    model: meta.modelReference,
    choices: [
      {
        index: 0,
        message,
        logprobs: null,
        finish_reason: mapChatCompletionsFinishReason(result.finishReason),
      },
    ],
  };
  const usage = encodeChatCompletionsUsage(result.usage);
  if (usage !== undefined) body.usage = usage;
  const { contentFilter } = result;
  if (contentFilter !== undefined) {
    // Azure OpenAI's fields, for clients written against it.
    if (contentFilter.prompt !== undefined)
      body.prompt_filter_results = encodePromptFilterResults(contentFilter.prompt);
    if (contentFilter.output !== undefined)
      (body.choices as Array<Record<string, unknown>>)[0]!.content_filter_results = contentFilter.output;
  }
  return body;
}

/** Canonical prompt verdicts → Azure OpenAI's `prompt_filter_results`. */
export function encodePromptFilterResults(
  prompt: NonNullable<ContentFilterResults['prompt']>,
): Array<{ prompt_index: number; content_filter_results: Record<string, unknown> }> {
  return prompt.map((entry) => ({ prompt_index: entry.promptIndex, content_filter_results: entry.results }));
}

/** A reasoning part as a `thinking_blocks` entry (the shape LiteLLM and Anthropic clients use). */
export function encodeThinkingBlock(
  part: Pick<ReasoningPart, 'text' | 'signature' | 'redactedData'>,
): Record<string, unknown> {
  if (part.redactedData !== undefined) return { type: 'redacted_thinking', data: part.redactedData };
  return part.signature === undefined
    ? { type: 'thinking', thinking: part.text }
    : { type: 'thinking', thinking: part.text, signature: part.signature };
}
