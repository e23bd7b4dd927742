import { isAbsent, isRecord } from '@modelmux/core/http';
import {
  type ChatCompletionsRequest,
  chatCompletionsRequestSchema,
} from './chat-completions-request-schema.js';

// The fast path of `chatCompletionsRequestSchema` for the requests clients mostly send: text messages (and assistant
// function calls with their tool results), the stream switches, token limits, temperature, top_p and user. The schema
// keeps unknown fields (loose objects) and transforms nothing, so for such a request its output is the request
// itself; anything else (a field the schema constrains and this check does not, a part array, a bad value) is left
// to the schema, which decides and explains.

/** Every top-level field the schema constrains; others are passed through unchecked, as the schema does. */
const CONSTRAINED_FIELDS: ReadonlySet<string> = new Set(Object.keys(chatCompletionsRequestSchema.shape));

function isNonEmptyString(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0;
}

function isOptionalString(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}

function isOptionalBoolean(value: unknown): boolean {
  return value === undefined || typeof value === 'boolean';
}

/** `z.number().min(min).max(max).nullish()`. */
function isNumberWithin(value: unknown, min: number, max: number): boolean {
  return (
    isAbsent(value) || (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max)
  );
}

/** `z.int().positive().nullish()`. */
function isPositiveInt(value: unknown): boolean {
  return isAbsent(value) || (Number.isSafeInteger(value) && (value as number) > 0);
}

/** An assistant's function call as the schema requires it. */
function isFunctionToolCall(value: unknown): boolean {
  if (!isRecord(value) || value.type !== 'function' || !isNonEmptyString(value.id)) return false;
  const fn = value.function;
  return isRecord(fn) && isNonEmptyString(fn.name) && typeof fn.arguments === 'string';
}

/** Fields of an assistant message the schema constrains besides `content` and `tool_calls`: left to the schema. */
const OTHER_ASSISTANT_FIELDS = [
  'refusal',
  'function_call',
  'audio',
  'reasoning_content',
  'thinking_blocks',
] as const;

function isCommonMessage(value: unknown): boolean {
  if (!isRecord(value)) return false;
  switch (value.role) {
    case 'system':
    case 'developer':
    case 'user':
      return typeof value.content === 'string' && isOptionalString(value.name);
    case 'tool':
      return typeof value.content === 'string' && isNonEmptyString(value.tool_call_id);
    case 'assistant': {
      const { content, tool_calls: toolCalls } = value;
      if (!(content === undefined || content === null || typeof content === 'string')) return false;
      if (!isOptionalString(value.name)) return false;
      for (const field of OTHER_ASSISTANT_FIELDS) if (value[field] !== undefined) return false;
      if (isAbsent(toolCalls)) return true;
      if (!Array.isArray(toolCalls)) return false;
      for (const call of toolCalls) if (!isFunctionToolCall(call)) return false;
      return true;
    }
    default:
      return false;
  }
}

function isStreamOptions(value: unknown): boolean {
  return (
    isAbsent(value) ||
    (isRecord(value) &&
      isOptionalBoolean(value.include_usage) &&
      isOptionalBoolean(value.include_obfuscation))
  );
}

/** Checks one field this fast path knows; false for any other constrained field. */
function isCommonField(name: string, value: unknown): boolean {
  switch (name) {
    case 'model':
      return isNonEmptyString(value);
    case 'messages': {
      if (!Array.isArray(value) || value.length === 0) return false;
      for (const message of value) if (!isCommonMessage(message)) return false;
      return true;
    }
    case 'stream':
      return isAbsent(value) || typeof value === 'boolean';
    case 'stream_options':
      return isStreamOptions(value);
    case 'max_tokens':
    case 'max_completion_tokens':
      return isPositiveInt(value);
    case 'temperature':
      return isNumberWithin(value, 0, 2);
    case 'top_p':
      return isNumberWithin(value, 0, 1);
    case 'user':
      return isAbsent(value) || typeof value === 'string';
    default:
      return false;
  }
}

/** `body` itself when it is a common request the schema accepts as it is, otherwise undefined. */
export function readCommonChatCompletionsRequest(body: unknown): ChatCompletionsRequest | undefined {
  // An own `__proto__` key (possible from JSON.parse) is dropped by the schema: left to it.
  if (!isRecord(body) || !('model' in body) || !('messages' in body) || Object.hasOwn(body, '__proto__'))
    return undefined;
  for (const name in body) {
    if (!Object.hasOwn(body, name) || !CONSTRAINED_FIELDS.has(name)) continue;
    if (!isCommonField(name, body[name])) return undefined;
  }
  return body as ChatCompletionsRequest;
}
