import {
  type AssistantContentPart,
  type ChatResult,
  UpstreamError,
  UpstreamResponseError,
  type Warning,
} from '@modelmux/core';
import { convertGeminiUsage } from './convert-gemini-usage.js';
import { encodeGeminiToolCallId } from './gemini-tool-call-id.js';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.js';
import type { GeminiPart, GeminiResponse } from './vertex-gemini-api-schemas.js';

/** Who made the call, for the errors this module raises. */
export interface GeminiCallInfo {
  url?: string;
  providerId?: string;
  modelId?: string;
}

const KNOWN_PART_KEYS: ReadonlySet<string> = new Set(['text', 'thought', 'thoughtSignature', 'functionCall']);

/** The first key of a part that is none of the kinds we translate (`inlineData`, `executableCode`, …), if any. */
export function findUntranslatedGeminiPartKind(part: GeminiPart): string | undefined {
  for (const key in part) {
    if (!KNOWN_PART_KEYS.has(key) && part[key] !== null && part[key] !== undefined) return key;
  }
  return undefined;
}

/** The warning for a response part of a kind the canonical result cannot hold. */
export function untranslatedGeminiPartWarning(kind: string): Warning {
  return {
    type: 'unsupported',
    feature: `response-part-${kind}`,
    detail: `Gemini returned a ${kind} part, which the gateway does not translate; it was dropped`,
  };
}

/** The error for a prompt Gemini refused to answer (`promptFeedback.blockReason` and no candidates). */
export function createGeminiPromptBlockedError(
  feedback: NonNullable<GeminiResponse['promptFeedback']>,
  info: GeminiCallInfo,
): UpstreamError {
  const reason = feedback.blockReason ?? 'BLOCK_REASON_UNSPECIFIED';
  const detail = feedback.blockReasonMessage ? `: ${feedback.blockReasonMessage}` : '';
  return new UpstreamError({
    statusCode: 400,
    code: 'MMX_UPSTREAM_BAD_REQUEST',
    message: `Gemini blocked the prompt (blockReason ${reason})${detail}`,
    upstreamCode: reason,
    url: info.url,
    providerId: info.providerId,
    modelId: info.modelId,
  });
}

function appendText(content: AssistantContentPart[], text: string): void {
  if (text === '') return;
  const last = content.at(-1);
  if (last?.type === 'text') last.text += text;
  else content.push({ type: 'text', text });
}

// A thought part continues the reasoning before it until a signature closes that reasoning.
function appendReasoning(content: AssistantContentPart[], text: string, signature: string | undefined): void {
  const last = content.at(-1);
  if (last?.type === 'reasoning' && last.signature === undefined && last.redactedData === undefined) {
    last.text += text;
    if (signature !== undefined) last.signature = signature;
    return;
  }
  if (text === '' && signature === undefined) return;
  content.push(
    signature === undefined ? { type: 'reasoning', text } : { type: 'reasoning', text, signature },
  );
}

/**
 * Gemini `GenerateContentResponse` → canonical result (first candidate). Thought parts become reasoning (their
 * signature kept), text parts text, function calls tool calls whose id carries the call's thought signature. A
 * signature on a plain text part becomes an empty reasoning part just before that text, so it can be restored onto it
 * in the next turn. A prompt blocked by safety is an `UpstreamError` (MMX_UPSTREAM_BAD_REQUEST).
 */
export function convertGeminiResponse(
  response: GeminiResponse,
  warnings: Warning[],
  info: GeminiCallInfo = {},
): ChatResult {
  const candidates = response.candidates ?? [];
  const candidate = candidates[0];
  if (candidate === undefined) {
    if (response.promptFeedback?.blockReason)
      throw createGeminiPromptBlockedError(response.promptFeedback, info);
    throw new UpstreamResponseError({
      message: 'Gemini returned no candidates and no block reason.',
      providerId: info.providerId,
      modelId: info.modelId,
    });
  }
  if (candidates.length > 1) {
    warnings.push({
      type: 'other',
      message: `Gemini returned ${candidates.length} candidates; only the first is used`,
    });
  }
  const content: AssistantContentPart[] = [];
  let toolCallCount = 0;
  for (const part of candidate.content?.parts ?? []) {
    const signature = part.thoughtSignature ?? undefined;
    if (part.functionCall !== null && part.functionCall !== undefined) {
      const call = part.functionCall;
      content.push({
        type: 'tool-call',
        callId: encodeGeminiToolCallId(call.id, toolCallCount++, signature),
        toolName: call.name,
        arguments: JSON.stringify(call.args ?? {}),
      });
      continue;
    }
    const kind = findUntranslatedGeminiPartKind(part);
    if (kind !== undefined) {
      warnings.push(untranslatedGeminiPartWarning(kind));
      continue;
    }
    const text = part.text ?? '';
    if (part.thought === true) appendReasoning(content, text, signature);
    else {
      if (signature !== undefined) content.push({ type: 'reasoning', text: '', signature });
      appendText(content, text);
    }
  }
  const result: ChatResult = {
    content,
    finishReason: mapGeminiFinishReason(candidate.finishReason, toolCallCount > 0),
    usage: convertGeminiUsage(response.usageMetadata),
    warnings,
  };
  if (response.responseId) result.id = response.responseId;
  if (response.modelVersion) result.modelId = response.modelVersion;
  return result;
}
