import { isAbsent, isNullishNumber, isNullishString, isRecord } from '@modelmux/core/http';
import type {
  OpenAICompatibleChatChunk,
  OpenAICompatibleChatResponse,
} from './openai-compatible-api-schemas.js';

// Fast paths of the response and chunk schemas (see `FastPath` in @modelmux/core/http): each returns `json` itself
// when it has exactly the shape the schema requires, for the shapes replies are mostly made of, otherwise undefined,
// and the schema decides (so malformed data fails the same way). Fields the schema does not read stay in place: the
// converters read only the schema's fields. Anything rarer (content-filter results, errors, several choices) is
// left to the schema.

type Fields = Record<string, unknown>;

function isOptionalDetails(value: unknown, field: string): boolean {
  return isAbsent(value) || (isRecord(value) && isNullishNumber(value[field]));
}

function isUsage(value: unknown): boolean {
  if (isAbsent(value)) return true;
  return (
    isRecord(value) &&
    isNullishNumber(value.prompt_tokens) &&
    isNullishNumber(value.completion_tokens) &&
    isNullishNumber(value.total_tokens) &&
    isOptionalDetails(value.prompt_tokens_details, 'cached_tokens') &&
    isOptionalDetails(value.completion_tokens_details, 'reasoning_tokens')
  );
}

/** Top-level fields both shapes share: ids, usage, and no filter results (those go to the schema). */
function hasCommonTopLevel(value: Fields): boolean {
  return (
    isNullishString(value.id) &&
    isNullishString(value.model) &&
    isAbsent(value.prompt_filter_results) &&
    isAbsent(value.prompt_annotations) &&
    isUsage(value.usage)
  );
}

function hasTextFields(message: Fields): boolean {
  return (
    isNullishString(message.role) &&
    isNullishString(message.content) &&
    isNullishString(message.refusal) &&
    isNullishString(message.reasoning_content) &&
    isNullishString(message.reasoning)
  );
}

function isResponseToolCall(value: unknown): boolean {
  if (!isRecord(value) || !isNullishString(value.id) || !isNullishString(value.type)) return false;
  const fn = value.function;
  return isRecord(fn) && typeof fn.name === 'string' && isNullishString(fn.arguments);
}

function isChunkToolCall(value: unknown): boolean {
  if (
    !isRecord(value) ||
    !isNullishNumber(value.index) ||
    !isNullishString(value.id) ||
    !isNullishString(value.type)
  )
    return false;
  const fn = value.function;
  return isAbsent(fn) || (isRecord(fn) && isNullishString(fn.name) && isNullishString(fn.arguments));
}

function isListOf(value: unknown, isItem: (item: unknown) => boolean): boolean {
  if (isAbsent(value)) return true;
  if (!Array.isArray(value)) return false;
  for (const item of value) if (!isItem(item)) return false;
  return true;
}

/** The single choice of a common reply, with no content-filter verdict. */
function singleChoice(choices: unknown): Fields | undefined {
  if (!Array.isArray(choices) || choices.length !== 1) return undefined;
  const choice = choices[0];
  if (!isRecord(choice) || !isNullishString(choice.finish_reason) || !isAbsent(choice.content_filter_results))
    return undefined;
  return choice;
}

/** The fast path of `openAICompatibleChatResponseSchema`: one choice, text and tool calls, usage. */
export function readCommonOpenAICompatibleResponse(json: unknown): OpenAICompatibleChatResponse | undefined {
  if (!isRecord(json) || !hasCommonTopLevel(json)) return undefined;
  const choice = singleChoice(json.choices);
  const message = choice?.message;
  if (!isRecord(message) || !hasTextFields(message) || !isListOf(message.tool_calls, isResponseToolCall))
    return undefined;
  return json as OpenAICompatibleChatResponse;
}

/** The fast path of `openAICompatibleChatChunkSchema`: no choice or one, whose delta carries text, reasoning or tool-call fragments. */
export function readCommonOpenAICompatibleChunk(json: unknown): OpenAICompatibleChatChunk | undefined {
  if (!isRecord(json) || !hasCommonTopLevel(json) || !isAbsent(json.error)) return undefined;
  const choices = json.choices;
  if (isAbsent(choices) || (Array.isArray(choices) && choices.length === 0))
    return json as OpenAICompatibleChatChunk;
  const choice = singleChoice(choices);
  if (choice === undefined || !isNullishNumber(choice.index)) return undefined;
  const delta = choice.delta;
  if (isAbsent(delta)) return json as OpenAICompatibleChatChunk;
  if (!isRecord(delta) || !hasTextFields(delta) || !isListOf(delta.tool_calls, isChunkToolCall))
    return undefined;
  return json as OpenAICompatibleChatChunk;
}
