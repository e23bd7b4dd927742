import {
  type AssistantContentPart,
  type ChatRequest,
  type DecodedRequest,
  InvalidRequestError,
  type Message,
  type ResponseFormat,
  type ToolChoice,
  type ToolDefinition,
  UnsupportedFeatureError,
  type UserContentPart,
  type Warning,
} from '@modelmux/core';
import type { z } from 'zod';
import {
  type ChatCompletionsMessage,
  type ChatCompletionsRequest,
  chatCompletionsRequestSchema,
} from './chat-completions-request-schema.js';
import { parseDataUrl } from './parse-data-url.js';
import { readCommonChatCompletionsRequest } from './read-common-chat-completions-request.js';

/** Options that only affect how the reply is encoded. */
export interface ChatCompletionsEncodeOptions {
  includeUsage: boolean;
}

const MAPPED_FIELDS: ReadonlySet<string> = new Set(Object.keys(chatCompletionsRequestSchema.shape));

const FILE_MEDIA_TYPES: ReadonlyArray<[RegExp, string]> = [
  [/\.pdf$/i, 'application/pdf'],
  [/\.txt$/i, 'text/plain'],
  [/\.(md|markdown)$/i, 'text/markdown'],
  [/\.csv$/i, 'text/csv'],
  [/\.html?$/i, 'text/html'],
  [/\.json$/i, 'application/json'],
];

/** Formats a zod path the way OpenAI names params: `messages[0].content`. */
export function formatParam(path: ReadonlyArray<PropertyKey>): string {
  let result = '';
  for (const key of path) {
    if (typeof key === 'number') result += `[${key}]`;
    else result += result === '' ? String(key) : `.${String(key)}`;
  }
  return result;
}

type ZodIssue = z.core.$ZodIssue;

/**
 * For a value that matched no branch of a union, the issue of the branch that got furthest into the value: for
 * `content: [{type:"image_url"}]` that names `content[0].image_url`, not just `content`.
 */
function mostSpecificIssue(issue: ZodIssue): { path: PropertyKey[]; message: string } {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0)
    return { path: issue.path, message: issue.message };
  let best: { path: PropertyKey[]; message: string } | undefined;
  for (const branch of issue.errors) {
    for (const inner of branch) {
      const candidate = mostSpecificIssue(inner);
      if (best === undefined || candidate.path.length > best.path.length) best = candidate;
    }
  }
  return best === undefined || best.path.length === 0
    ? { path: issue.path, message: issue.message }
    : { path: [...issue.path, ...best.path], message: best.message };
}

function invalid(error: z.ZodError): InvalidRequestError {
  const first = error.issues[0];
  const issue = first === undefined ? undefined : mostSpecificIssue(first);
  const param = issue === undefined ? undefined : formatParam(issue.path);
  const where = param ? `'${param}'` : 'the request body';
  return new InvalidRequestError({
    message: `Invalid value for ${where}: ${issue?.message ?? 'invalid'}`,
    param,
  });
}

function joinText(content: string | Array<{ text: string }>): string {
  return typeof content === 'string' ? content : content.map((part) => part.text).join('');
}

function fileMediaType(filename: string | undefined): string {
  if (filename !== undefined)
    for (const [pattern, type] of FILE_MEDIA_TYPES) if (pattern.test(filename)) return type;
  return 'application/octet-stream';
}

function decodeUserContent(
  content: Extract<ChatCompletionsMessage, { role: 'user' }>['content'],
  param: string,
  warnings: Warning[],
): UserContentPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part, index) => decodeUserPart(part, `${param}[${index}]`, warnings));
}

type WireUserPart = Exclude<Extract<ChatCompletionsMessage, { role: 'user' }>['content'], string>[number];

function decodeUserPart(part: WireUserPart, param: string, warnings: Warning[]): UserContentPart {
  if ('prompt_cache_breakpoint' in part) {
    warnings.push({ type: 'unsupported', feature: 'prompt_cache_breakpoint', detail: param });
  }
  switch (part.type) {
    case 'text':
      return { type: 'text', text: part.text };
    case 'image_url': {
      const { url, detail } = part.image_url;
      const data = parseDataUrl(url);
      const source =
        data === undefined ? { kind: 'url' as const, url } : { kind: 'base64' as const, ...data };
      if (data === undefined && !/^https?:\/\//i.test(url)) {
        throw new InvalidRequestError({
          message: 'image_url.url must be an http(s) URL or a base64 data URL',
          param: `${param}.image_url.url`,
        });
      }
      return detail === undefined ? { type: 'image', source } : { type: 'image', source, detail };
    }
    case 'input_audio':
      return {
        type: 'file',
        source: {
          kind: 'base64',
          mediaType: part.input_audio.format === 'wav' ? 'audio/wav' : 'audio/mpeg',
          data: part.input_audio.data,
        },
      };
    case 'file': {
      const { file_id: fileId, file_data: fileData, filename } = part.file;
      if (fileId !== undefined) return { type: 'file', source: { kind: 'file-id', fileId } };
      if (fileData === undefined) {
        throw new InvalidRequestError({
          message: 'a file part needs file_id or file_data',
          param: `${param}.file`,
        });
      }
      const data = parseDataUrl(fileData) ?? { mediaType: fileMediaType(filename), data: fileData };
      return filename === undefined
        ? { type: 'file', source: { kind: 'base64', ...data } }
        : { type: 'file', source: { kind: 'base64', ...data }, filename };
    }
  }
}

function decodeAssistant(
  message: Extract<ChatCompletionsMessage, { role: 'assistant' }>,
  param: string,
  warnings: Warning[],
): Message {
  const content: AssistantContentPart[] = [];
  if (message.thinking_blocks && message.thinking_blocks.length > 0) {
    for (const block of message.thinking_blocks) {
      if (block.type === 'redacted_thinking')
        content.push({ type: 'reasoning', text: '', redactedData: block.data });
      else if (block.signature !== undefined)
        content.push({ type: 'reasoning', text: block.thinking, signature: block.signature });
      else content.push({ type: 'reasoning', text: block.thinking });
    }
  } else if (message.reasoning_content) content.push({ type: 'reasoning', text: message.reasoning_content });
  let refusal = message.refusal ?? undefined;
  if (typeof message.content === 'string') {
    if (message.content !== '') content.push({ type: 'text', text: message.content });
  } else if (Array.isArray(message.content)) {
    for (const part of message.content) {
      if (part.type === 'text') content.push({ type: 'text', text: part.text });
      else refusal = (refusal ?? '') + part.refusal;
    }
  }
  message.tool_calls?.forEach((call, index) => {
    if (call.type === 'custom') {
      throw new UnsupportedFeatureError({
        feature: 'custom-tools',
        message: 'Custom (free-form) tools are not supported by the gateway; use function tools.',
        param: `${param}.tool_calls[${index}]`,
      });
    }
    content.push({
      type: 'tool-call',
      callId: call.id,
      toolName: call.function.name,
      arguments: call.function.arguments,
    });
  });
  if (message.function_call) {
    const call = message.function_call;
    content.push({
      type: 'tool-call',
      callId: legacyCallId(call.name),
      toolName: call.name,
      arguments: call.arguments,
    });
  }
  if (message.audio) {
    warnings.push({ type: 'unsupported', feature: 'audio', detail: `${param}.audio was not sent` });
  }
  const decoded: Message = { role: 'assistant', content };
  if (refusal !== undefined) decoded.refusal = refusal;
  if (message.name !== undefined) decoded.name = message.name;
  return decoded;
}

/** The deprecated `functions` API has no call ids; calls and results are paired by function name. */
function legacyCallId(name: string): string {
  return `call_function_${name}`;
}

function decodeMessage(message: ChatCompletionsMessage, index: number, warnings: Warning[]): Message {
  const param = `messages[${index}]`;
  switch (message.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: joinText(message.content), variant: message.role };
    case 'user': {
      const decoded: Message = {
        role: 'user',
        content: decodeUserContent(message.content, `${param}.content`, warnings),
      };
      if (message.name !== undefined) decoded.name = message.name;
      return decoded;
    }
    case 'assistant':
      return decodeAssistant(message, param, warnings);
    case 'tool':
      return {
        role: 'tool',
        toolCallId: message.tool_call_id,
        content: [{ type: 'text', text: joinText(message.content) }],
      };
    case 'function':
      return {
        role: 'tool',
        toolCallId: legacyCallId(message.name),
        content: [{ type: 'text', text: message.content ?? '' }],
      };
  }
}

function decodeTools(body: ChatCompletionsRequest): ToolDefinition[] | undefined {
  const definitions = [
    ...(body.tools ?? []).map((tool, index) => {
      if (tool.type === 'custom') {
        throw new UnsupportedFeatureError({
          feature: 'custom-tools',
          message: 'Custom (free-form) tools are not supported by the gateway; use function tools.',
          param: `tools[${index}]`,
        });
      }
      return tool.function;
    }),
    ...(body.functions ?? []),
  ];
  if (definitions.length === 0) return undefined;
  return definitions.map((definition) => {
    const tool: ToolDefinition = {
      name: definition.name,
      parameters: definition.parameters ?? { type: 'object', properties: {} },
    };
    if (definition.description !== undefined) tool.description = definition.description;
    if (definition.strict !== undefined && definition.strict !== null) tool.strict = definition.strict;
    return tool;
  });
}

function decodeToolChoice(
  body: ChatCompletionsRequest,
  tools: ToolDefinition[] | undefined,
  warnings: Warning[],
): { toolChoice?: ToolChoice; tools?: ToolDefinition[] } {
  const choice = body.tool_choice ?? undefined;
  if (choice === undefined) {
    const legacy = body.function_call ?? undefined;
    if (legacy === undefined) return { tools };
    return {
      tools,
      toolChoice: typeof legacy === 'string' ? { type: legacy } : { type: 'tool', toolName: legacy.name },
    };
  }
  if (typeof choice === 'string') return { tools, toolChoice: { type: choice } };
  switch (choice.type) {
    case 'function':
      return { tools, toolChoice: { type: 'tool', toolName: choice.function.name } };
    case 'allowed_tools': {
      const allowed = new Set(
        choice.allowed_tools.tools.flatMap((tool) => (tool.function ? [tool.function.name] : [])),
      );
      warnings.push({
        type: 'compatibility',
        feature: 'tool_choice.allowed_tools',
        detail: 'approximated by sending only the allowed tools',
      });
      return {
        tools: tools?.filter((tool) => allowed.has(tool.name)),
        toolChoice: { type: choice.allowed_tools.mode },
      };
    }
    default:
      throw new UnsupportedFeatureError({
        feature: 'custom-tools',
        message: 'Custom (free-form) tools are not supported by the gateway; use function tools.',
        param: 'tool_choice',
      });
  }
}

function decodeResponseFormat(format: ChatCompletionsRequest['response_format']): ResponseFormat | undefined {
  if (format === null || format === undefined) return undefined;
  if (format.type === 'text') return { type: 'text' };
  if (format.type === 'json_object') return { type: 'json-object' };
  const { name, description, schema, strict } = format.json_schema;
  const decoded: ResponseFormat = { type: 'json-schema', name };
  if (description !== undefined) decoded.description = description;
  if (schema !== undefined) decoded.schema = schema;
  if (strict !== undefined && strict !== null) decoded.strict = strict;
  return decoded;
}

/**
 * Chat Completions wire request → canonical request. Every documented field is mapped, carried in `extraBody`
 * for upstreams that speak it, or reported as a warning; invalid input is an `InvalidRequestError` naming the field.
 */
export function decodeChatCompletionsRequest(body: unknown): DecodedRequest<ChatRequest> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new InvalidRequestError({ message: 'The request body must be a JSON object.' });
  }
  let wire = readCommonChatCompletionsRequest(body);
  if (wire === undefined) {
    const parsed = chatCompletionsRequestSchema.safeParse(body);
    if (!parsed.success) throw invalid(parsed.error);
    wire = parsed.data;
  }
  const warnings: Warning[] = [];

  if (wire.n !== undefined && wire.n !== null && wire.n > 1) {
    throw new UnsupportedFeatureError({
      feature: 'n',
      message: 'n > 1 is not supported by the gateway.',
      param: 'n',
    });
  }
  if (wire.logprobs === true || (wire.top_logprobs !== undefined && wire.top_logprobs !== null)) {
    warnings.push({ type: 'unsupported', feature: 'logprobs', detail: 'log probabilities are not returned' });
  }
  if (wire.modalities?.includes('audio') || (wire.audio !== undefined && wire.audio !== null)) {
    warnings.push({
      type: 'unsupported',
      feature: 'audio',
      detail: 'audio output is not supported; text is returned',
    });
  }

  const request: ChatRequest = {
    messages: wire.messages.map((message, index) => decodeMessage(message, index, warnings)),
  };
  const { tools, toolChoice } = decodeToolChoice(wire, decodeTools(wire), warnings);
  if (tools !== undefined) request.tools = tools;
  if (toolChoice !== undefined) request.toolChoice = toolChoice;
  if (wire.parallel_tool_calls !== undefined && wire.parallel_tool_calls !== null) {
    request.parallelToolCalls = wire.parallel_tool_calls;
  }
  const responseFormat = decodeResponseFormat(wire.response_format);
  if (responseFormat !== undefined) request.responseFormat = responseFormat;
  if (
    wire.max_tokens != null &&
    wire.max_completion_tokens != null &&
    wire.max_tokens !== wire.max_completion_tokens
  ) {
    warnings.push({
      type: 'other',
      message: 'both max_tokens and max_completion_tokens were set; max_completion_tokens is used',
    });
  }
  const maxOutputTokens = wire.max_completion_tokens ?? wire.max_tokens;
  if (maxOutputTokens != null) request.maxOutputTokens = maxOutputTokens;
  if (wire.temperature != null) request.temperature = wire.temperature;
  if (wire.top_p != null) request.topP = wire.top_p;
  if (wire.top_k != null) request.topK = wire.top_k;
  if (wire.frequency_penalty != null) request.frequencyPenalty = wire.frequency_penalty;
  if (wire.presence_penalty != null) request.presencePenalty = wire.presence_penalty;
  if (wire.seed != null) request.seed = wire.seed;
  if (wire.stop != null) request.stopSequences = typeof wire.stop === 'string' ? [wire.stop] : wire.stop;
  if (wire.reasoning_effort != null) request.reasoningEffort = wire.reasoning_effort;
  if (wire.user != null) request.user = wire.user;
  if (wire.metadata != null) request.metadata = wire.metadata;
  if (wire.provider_options != null) request.providerOptions = wire.provider_options;

  const extraBody: Record<string, unknown> = {};
  let hasExtra = false;
  for (const [name, value] of Object.entries(wire)) {
    if (!MAPPED_FIELDS.has(name) && value !== undefined) {
      extraBody[name] = value;
      hasExtra = true;
    }
  }
  if (hasExtra) request.extraBody = extraBody;

  const encodeOptions: ChatCompletionsEncodeOptions & Record<string, unknown> = {
    includeUsage: wire.stream_options?.include_usage === true,
  };
  return { modelReference: wire.model, request, stream: wire.stream === true, encodeOptions, warnings };
}
