import { type OpenAiErrorBody, openAiError } from './openai-error.js';

/**
 * The fields of a Responses API `CreateResponse` body the emulator reads or echoes. Everything else is accepted and
 * ignored (the recorded request keeps the whole body).
 */
export interface ResponsesRequest {
  model: string;
  /** A string (one user message) or a list of input items. */
  input: string | unknown[];
  instructions?: string | null;
  tools?: unknown[] | null;
  tool_choice?: unknown;
  parallel_tool_calls?: boolean | null;
  stream?: boolean | null;
  max_output_tokens?: number | null;
  max_tool_calls?: number | null;
  /** Echoed in the reply; the emulator stores nothing, so it is never looked up. */
  previous_response_id?: string | null;
  store?: boolean | null;
  metadata?: Record<string, string> | null;
  text?: { format?: unknown; verbosity?: unknown } | null;
  temperature?: number | null;
  top_p?: number | null;
  top_logprobs?: number | null;
  reasoning?: unknown;
  truncation?: string | null;
  service_tier?: string | null;
  safety_identifier?: string | null;
  prompt_cache_key?: string | null;
}

const MESSAGE_ROLES: ReadonlySet<unknown> = new Set(['user', 'assistant', 'system', 'developer']);
const MIN_OUTPUT_TOKENS = 16;

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How OpenAI names a JSON value's type in its validation messages. */
function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function missing(param: string): OpenAiErrorBody {
  return openAiError(
    `Missing required parameter: '${param}'.`,
    'invalid_request_error',
    param,
    'missing_required_parameter',
  );
}

function invalidType(param: string, expected: string, value: unknown): OpenAiErrorBody {
  return openAiError(
    `Invalid type for '${param}': expected ${expected}, but got ${jsonTypeName(value)} instead.`,
    'invalid_request_error',
    param,
    'invalid_type',
  );
}

function isStringOrArray(value: unknown): boolean {
  return typeof value === 'string' || Array.isArray(value);
}

function messageItemProblem(item: JsonObject, param: string): OpenAiErrorBody | undefined {
  if (item.role === undefined) return missing(`${param}.role`);
  if (!MESSAGE_ROLES.has(item.role)) {
    return openAiError(
      `Invalid value: '${String(item.role)}'. Supported values are: 'assistant', 'system', 'developer', and 'user'.`,
      'invalid_request_error',
      `${param}.role`,
      'invalid_value',
    );
  }
  if (item.content === undefined) return missing(`${param}.content`);
  if (!isStringOrArray(item.content))
    return invalidType(`${param}.content`, 'one of a string or array of input content', item.content);
  return undefined;
}

function inputItemProblem(item: unknown, param: string): OpenAiErrorBody | undefined {
  if (!isObject(item)) return invalidType(param, 'an object', item);
  switch (item.type) {
    case undefined:
    case 'message':
      return messageItemProblem(item, param);
    case 'function_call_output':
      if (typeof item.call_id !== 'string') return missing(`${param}.call_id`);
      if (item.output === undefined) return missing(`${param}.output`);
      if (!isStringOrArray(item.output))
        return invalidType(`${param}.output`, 'one of a string or array of content', item.output);
      return undefined;
    case 'function_call':
      for (const field of ['call_id', 'name', 'arguments']) {
        if (typeof item[field] !== 'string') return missing(`${param}.${field}`);
      }
      return undefined;
    default:
      // Reasoning items, item references and hosted-tool items are accepted as they come.
      return undefined;
  }
}

function inputProblem(input: unknown): OpenAiErrorBody | undefined {
  if (input === undefined || input === null) return missing('input');
  if (typeof input === 'string') return undefined;
  if (!Array.isArray(input)) return invalidType('input', 'one of a string or array of input items', input);
  for (const [index, item] of input.entries()) {
    const problem = inputItemProblem(item, `input[${index}]`);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function toolsProblem(tools: unknown): OpenAiErrorBody | undefined {
  if (tools === undefined || tools === null) return undefined;
  if (!Array.isArray(tools)) return invalidType('tools', 'an array', tools);
  for (const [index, tool] of tools.entries()) {
    if (!isObject(tool)) return invalidType(`tools[${index}]`, 'an object', tool);
    if (tool.type === undefined) return missing(`tools[${index}].type`);
    // Chat's nested `{type: 'function', function: {name}}` shape fails here, as it does on OpenAI.
    if (tool.type === 'function' && typeof tool.name !== 'string') return missing(`tools[${index}].name`);
  }
  return undefined;
}

function maxOutputTokensProblem(value: unknown): OpenAiErrorBody | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value))
    return invalidType('max_output_tokens', 'an integer', value);
  if (value >= MIN_OUTPUT_TOKENS) return undefined;
  return openAiError(
    `Invalid 'max_output_tokens': integer below minimum value. Expected a value >= ${MIN_OUTPUT_TOKENS}, but got ${value} instead.`,
    'invalid_request_error',
    'max_output_tokens',
    'integer_below_min_value',
  );
}

/**
 * The 400 body OpenAI sends for a `CreateResponse` body the emulator cannot answer, or undefined when it is fine:
 * not an object, no `model`, no `input`, malformed input items (`message` without `role`/`content`,
 * `function_call_output` without `call_id`/`output`), function tools without a (flat) `name`, or
 * `max_output_tokens` below 16.
 */
export function findResponsesRequestProblem(body: unknown): OpenAiErrorBody | undefined {
  if (!isObject(body)) return openAiError('The request body must be a JSON object.', 'invalid_request_error');
  if (body.model === undefined || body.model === null) return missing('model');
  if (typeof body.model !== 'string') return invalidType('model', 'a string', body.model);
  return (
    inputProblem(body.input) ?? toolsProblem(body.tools) ?? maxOutputTokensProblem(body.max_output_tokens)
  );
}
