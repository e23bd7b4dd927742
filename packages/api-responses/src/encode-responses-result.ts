import type { ChatRequest, ChatResult, DecodedRequest, EncodeMeta } from '@modelmux/core';
import type { ResponsesEncodeOptions } from './decode-responses-request.js';
import { encodeResponsesUsage } from './encode-responses-usage.js';
import { sealReasoning } from './reasoning-encrypted-content.js';
import { newResponseId, outputItemId } from './response-ids.js';
import { responseObject, responseStatusOf } from './response-object.js';

type Item = Record<string, unknown>;

/**
 * The output items of a result, in order: reasoning parts as `reasoning` items (the text as `reasoning_text`, a
 * signature sealed into `encrypted_content` so the next turn restores it), consecutive text as one `message` with an
 * `output_text` part, and each tool call as a `function_call` item whose `call_id` is the upstream's call id.
 */
export function encodeResponsesOutput(
  result: Pick<ChatResult, 'content'>,
  responseId: string,
  messageStatus: string,
): Item[] {
  const output: Item[] = [];
  let message: { text: string } | undefined;
  const closeMessage = () => {
    if (message === undefined) return;
    output.push({
      id: outputItemId('msg', responseId, output.length),
      type: 'message',
      status: messageStatus,
      role: 'assistant',
      content: [{ type: 'output_text', text: message.text, annotations: [], logprobs: [] }],
    });
    message = undefined;
  };
  for (const part of result.content) {
    if (part.type === 'text') {
      message ??= { text: '' };
      message.text += part.text;
      continue;
    }
    closeMessage();
    if (part.type === 'reasoning') {
      output.push({
        id: outputItemId('rs', responseId, output.length),
        type: 'reasoning',
        summary: [],
        content: part.text === '' ? [] : [{ type: 'reasoning_text', text: part.text }],
        encrypted_content: sealReasoning(part) ?? null,
      });
    } else {
      output.push({
        id: outputItemId('fc', responseId, output.length),
        type: 'function_call',
        status: 'completed',
        arguments: part.arguments,
        call_id: part.callId,
        name: part.toolName,
      });
    }
  }
  closeMessage();
  return output;
}

/** Canonical result → a `response` object. */
export function encodeResponsesResult(
  result: ChatResult,
  meta: EncodeMeta,
  decoded: DecodedRequest<ChatRequest>,
): Item {
  const options = decoded.encodeOptions as unknown as ResponsesEncodeOptions;
  const id = newResponseId();
  const { status, incompleteReason } = responseStatusOf(result.finishReason);
  const createdAt = Math.floor(meta.createdAt / 1000);
  return responseObject(
    options.echo,
    { id, createdAt, model: meta.modelReference, store: options.store },
    {
      status,
      incompleteReason,
      output: encodeResponsesOutput(result, id, status === 'completed' ? 'completed' : 'incomplete'),
      usage: encodeResponsesUsage(result.usage),
      completedAt: status === 'completed' ? Math.max(createdAt, Math.floor(Date.now() / 1000)) : undefined,
    },
  );
}
