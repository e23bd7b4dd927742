import {
  type ChatRequest,
  type DecodedRequest,
  InvalidRequestError,
  type Message,
  type ReasoningEffort,
  type ResponseFormat,
  type ToolChoice,
  type ToolDefinition,
  UnsupportedFeatureError,
  type Warning,
} from '@modelmux/core';
import { convertResponsesInputItems } from './convert-responses-input-items.js';

type Item = Record<string, unknown>;

/** What encoding the reply needs from the request: the settings a `response` echoes, and what to store. */
export interface ResponsesEncodeOptions {
  /** The request's own fields, echoed in the `response` object (OpenAI's defaults filled in by the encoder). */
  echo: Item;
  /** Whether the response is to be stored (`store`, default true). */
  store: boolean;
  previousResponseId?: string;
  /** This turn's input as a list of items (a string input becomes one user message item). */
  inputItems: Item[];
  /** Ids of stored items the input refers to (`item_reference`); resolved from the store before the call. */
  referencedItemIds?: string[];
}

const REASONING_EFFORTS: ReadonlySet<string> = new Set(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']);

/** Fields that are mapped, echoed or handled here; anything else is reported as a warning. */
const KNOWN_FIELDS: ReadonlySet<string> = new Set([
  'model',
  'input',
  'instructions',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'max_output_tokens',
  'temperature',
  'top_p',
  'text',
  'reasoning',
  'metadata',
  'user',
  'safety_identifier',
  'store',
  'previous_response_id',
  'include',
  'truncation',
  'stream',
  'stream_options',
  'background',
  'conversation',
  'prompt',
  'top_logprobs',
  'max_tool_calls',
  'service_tier',
  'prompt_cache_key',
  'provider_options',
]);

/** The tool types that need OpenAI's own servers (or an MCP client) to run. */
const HOSTED_TOOLS =
  'web_search, file_search, code_interpreter, computer use, image generation, remote MCP and shell tools';

function invalid(message: string, param: string): InvalidRequestError {
  return new InvalidRequestError({ message, param });
}

function isObject(value: unknown): value is Item {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function decodeTools(tools: unknown): ToolDefinition[] {
  if (!Array.isArray(tools)) throw invalid("'tools' must be an array.", 'tools');
  return tools.map((tool, index) => {
    const param = `tools[${index}]`;
    if (!isObject(tool)) throw invalid(`'${param}' must be an object.`, param);
    if (tool.type !== 'function') {
      throw new UnsupportedFeatureError({
        feature: String(tool.type),
        message: `The built-in tool ${JSON.stringify(tool.type)} cannot run behind this gateway (no upstream here runs ${HOSTED_TOOLS}); define a function tool instead.`,
        param: `${param}.type`,
      });
    }
    if (typeof tool.name !== 'string' || tool.name === '')
      throw invalid(`'${param}.name' must be a non-empty string.`, `${param}.name`);
    const definition: ToolDefinition = {
      name: tool.name,
      parameters: isObject(tool.parameters) ? tool.parameters : { type: 'object', properties: {} },
    };
    if (typeof tool.description === 'string') definition.description = tool.description;
    if (typeof tool.strict === 'boolean') definition.strict = tool.strict;
    return definition;
  });
}

function decodeToolChoice(
  choice: unknown,
  tools: ToolDefinition[] | undefined,
): { toolChoice: ToolChoice; tools?: ToolDefinition[] } {
  if (choice === 'auto' || choice === 'none' || choice === 'required')
    return { toolChoice: { type: choice } };
  if (isObject(choice) && choice.type === 'function' && typeof choice.name === 'string')
    return { toolChoice: { type: 'tool', toolName: choice.name } };
  if (isObject(choice) && choice.type === 'allowed_tools' && Array.isArray(choice.tools)) {
    // Only the allowed tools are sent, so the model can call nothing else.
    const allowed = new Set(
      choice.tools.flatMap((tool) => (isObject(tool) && typeof tool.name === 'string' ? [tool.name] : [])),
    );
    const mode = choice.mode === 'required' ? 'required' : 'auto';
    return { toolChoice: { type: mode }, tools: (tools ?? []).filter((tool) => allowed.has(tool.name)) };
  }
  if (isObject(choice) && typeof choice.type === 'string')
    throw new UnsupportedFeatureError({
      feature: choice.type,
      message: `tool_choice ${JSON.stringify(choice.type)} names a built-in tool this gateway cannot run.`,
      param: 'tool_choice',
    });
  throw invalid("'tool_choice' must be none, auto, required, a function or allowed_tools.", 'tool_choice');
}

function decodeTextFormat(text: unknown, warnings: Warning[], extraBody: Item): ResponseFormat | undefined {
  if (!isObject(text)) throw invalid("'text' must be an object.", 'text');
  if (present(text.verbosity)) extraBody.verbosity = text.verbosity;
  const format = text.format;
  if (!present(format)) return undefined;
  if (!isObject(format)) throw invalid("'text.format' must be an object.", 'text.format');
  switch (format.type) {
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json-object' };
    case 'json_schema': {
      if (typeof format.name !== 'string' || format.name === '')
        throw invalid("'text.format.name' is required.", 'text.format.name');
      if (!isObject(format.schema))
        throw invalid("'text.format.schema' must be a JSON Schema object.", 'text.format.schema');
      const decoded: ResponseFormat = { type: 'json-schema', name: format.name, schema: format.schema };
      if (typeof format.description === 'string') decoded.description = format.description;
      if (typeof format.strict === 'boolean') decoded.strict = format.strict;
      return decoded;
    }
    default:
      warnings.push({ type: 'unsupported', feature: `text.format.${String(format.type)}` });
      return undefined;
  }
}

function decodeReasoning(reasoning: unknown, warnings: Warning[]): ReasoningEffort | undefined {
  if (!isObject(reasoning)) throw invalid("'reasoning' must be an object.", 'reasoning');
  if (present(reasoning.summary) || present(reasoning.generate_summary))
    warnings.push({
      type: 'unsupported',
      feature: 'reasoning.summary',
      detail: 'reasoning is returned as reasoning_text, not summarised',
    });
  if (!present(reasoning.effort)) return undefined;
  if (typeof reasoning.effort !== 'string' || !REASONING_EFFORTS.has(reasoning.effort))
    throw invalid(
      "'reasoning.effort' must be none, minimal, low, medium, high or xhigh.",
      'reasoning.effort',
    );
  return reasoning.effort as ReasoningEffort;
}

function refuse(feature: string, message: string, param: string): never {
  throw new UnsupportedFeatureError({ feature, message, param });
}

/**
 * An OpenAI `POST /v1/responses` body → the canonical request (this turn only: the caller adds the turns of
 * `previous_response_id` in front). Bad values are `InvalidRequestError`s naming the field; built-in tools, background
 * mode and server-side conversations are refused with a 400 naming them; anything that cannot be carried exactly is a
 * warning.
 */
export function decodeResponsesRequest(body: unknown): DecodedRequest<ChatRequest> {
  if (!isObject(body)) throw invalid('The request body must be a JSON object.', 'body');
  if (typeof body.model !== 'string' || body.model === '')
    throw invalid("'model' is required and must be a non-empty string.", 'model');
  const warnings: Warning[] = [];
  const extraBody: Item = {};
  if (body.background === true)
    refuse(
      'background',
      'Background responses are not supported by this gateway; omit background.',
      'background',
    );
  if (present(body.conversation))
    refuse(
      'conversation',
      'Conversations are not supported; chain turns with previous_response_id.',
      'conversation',
    );
  if (present(body.prompt))
    refuse('prompt', 'Stored prompt templates are not supported by this gateway.', 'prompt');

  let inputItems: Item[];
  if (typeof body.input === 'string')
    inputItems = [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: body.input }] }];
  else if (Array.isArray(body.input)) inputItems = body.input as Item[];
  else throw invalid("'input' must be a string or an array of input items.", 'input');
  const messages: Message[] = [];
  if (present(body.instructions)) {
    if (typeof body.instructions !== 'string')
      throw invalid("'instructions' must be a string.", 'instructions');
    messages.push({ role: 'system', content: body.instructions });
  }
  const referencedItemIds: string[] = [];
  messages.push(
    ...convertResponsesInputItems(inputItems, 'input', warnings, (id) => {
      referencedItemIds.push(id);
      return undefined;
    }),
  );
  const request: ChatRequest = { messages };

  if (present(body.tools)) request.tools = decodeTools(body.tools);
  if (present(body.tool_choice)) {
    const decoded = decodeToolChoice(body.tool_choice, request.tools);
    request.toolChoice = decoded.toolChoice;
    if (decoded.tools !== undefined) request.tools = decoded.tools;
  }
  if (present(body.parallel_tool_calls)) {
    if (typeof body.parallel_tool_calls !== 'boolean')
      throw invalid("'parallel_tool_calls' must be a boolean.", 'parallel_tool_calls');
    request.parallelToolCalls = body.parallel_tool_calls;
  }
  if (present(body.max_output_tokens)) {
    const value = body.max_output_tokens;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
      throw invalid("'max_output_tokens' must be a positive integer.", 'max_output_tokens');
    request.maxOutputTokens = value;
  }
  for (const [field, key] of [
    ['temperature', 'temperature'],
    ['top_p', 'topP'],
  ] as const) {
    const value = body[field];
    if (!present(value)) continue;
    if (typeof value !== 'number') throw invalid(`'${field}' must be a number.`, field);
    request[key] = value;
  }
  if (present(body.text)) {
    const format = decodeTextFormat(body.text, warnings, extraBody);
    if (format !== undefined && format.type !== 'text') request.responseFormat = format;
  }
  if (present(body.reasoning)) {
    const effort = decodeReasoning(body.reasoning, warnings);
    if (effort !== undefined) request.reasoningEffort = effort;
  }
  if (present(body.metadata)) {
    if (!isObject(body.metadata) || !Object.values(body.metadata).every((value) => typeof value === 'string'))
      throw invalid("'metadata' must map keys to strings.", 'metadata');
    request.metadata = body.metadata as Record<string, string>;
  }
  const user = body.safety_identifier ?? body.user;
  if (present(user)) {
    if (typeof user !== 'string') throw invalid("'safety_identifier' must be a string.", 'safety_identifier');
    request.user = user;
  }
  if (present(body.store) && typeof body.store !== 'boolean')
    throw invalid("'store' must be a boolean.", 'store');
  if (present(body.previous_response_id) && typeof body.previous_response_id !== 'string')
    throw invalid("'previous_response_id' must be a string.", 'previous_response_id');
  if (present(body.stream) && typeof body.stream !== 'boolean')
    throw invalid("'stream' must be a boolean.", 'stream');
  if (present(body.include)) {
    if (!Array.isArray(body.include)) throw invalid("'include' must be an array.", 'include');
    for (const entry of body.include)
      if (entry !== 'reasoning.encrypted_content')
        warnings.push({ type: 'unsupported', feature: `include.${String(entry)}` });
  }
  if (body.truncation === 'auto')
    warnings.push({
      type: 'unsupported',
      feature: 'truncation',
      detail: 'the gateway does not truncate; a too-long input is the upstream’s error',
    });
  for (const field of ['top_logprobs', 'max_tool_calls', 'stream_options'] as const)
    if (present(body[field])) warnings.push({ type: 'unsupported', feature: field });
  for (const field of ['service_tier', 'prompt_cache_key'] as const)
    if (present(body[field])) extraBody[field] = body[field];
  if (present(body.provider_options)) {
    if (!isObject(body.provider_options) || !Object.values(body.provider_options).every(isObject))
      throw invalid("'provider_options' must map provider types to objects of options.", 'provider_options');
    request.providerOptions = body.provider_options as Record<string, Record<string, unknown>>;
  }
  for (const name of Object.keys(body))
    if (!KNOWN_FIELDS.has(name) && body[name] !== undefined)
      warnings.push({ type: 'unsupported', feature: name });
  if (Object.keys(extraBody).length > 0) request.extraBody = extraBody;

  const encodeOptions: ResponsesEncodeOptions = { echo: body, store: body.store !== false, inputItems };
  if (typeof body.previous_response_id === 'string')
    encodeOptions.previousResponseId = body.previous_response_id;
  if (referencedItemIds.length > 0) encodeOptions.referencedItemIds = referencedItemIds;
  return {
    modelReference: body.model,
    request,
    stream: body.stream === true,
    encodeOptions: encodeOptions as unknown as Record<string, unknown>,
    warnings,
  };
}
