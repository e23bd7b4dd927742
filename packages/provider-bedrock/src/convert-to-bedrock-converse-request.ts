import {
  type AssistantContentPart,
  type ChatRequest,
  type DataSource,
  InvalidRequestError,
  type ReasoningEffort,
  type ToolResultContentPart,
  UnsupportedFeatureError,
  type UserContentPart,
  type Warning,
} from '@modelmux/core';
import { safeParseJson } from '@modelmux/core/http';
import { z } from 'zod';
import type { BedrockChatProviderOptions } from './bedrock-provider-options.js';
import { toBedrockToolUseId } from './to-bedrock-tool-use-id.js';

/** Name of the forced tool that carries structured output when `response_format` asks for JSON. */
export const BEDROCK_JSON_OUTPUT_TOOL_NAME = 'json_output';

/** Claude thinking budgets for `reasoning_effort` on Bedrock (`none` turns thinking off). */
export const BEDROCK_CLAUDE_THINKING_BUDGETS: Readonly<Record<Exclude<ReasoningEffort, 'none'>, number>> = {
  minimal: 1024,
  low: 2048,
  medium: 8192,
  high: 16_384,
  xhigh: 32_000,
  max: 64_000,
};

const IMAGE_FORMATS: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

const DOCUMENT_FORMATS: Readonly<Record<string, string>> = {
  'application/pdf': 'pdf',
  'text/csv': 'csv',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'text/html': 'html',
  'text/plain': 'txt',
  'text/markdown': 'md',
};

const anyJsonSchema = z.unknown();

type Block = Record<string, unknown>;
interface Turn {
  role: 'user' | 'assistant';
  content: Block[];
}

export interface ConvertToBedrockConverseRequestOptions {
  modelId: string;
  /** Used when the request sets no output cap. */
  defaultMaxOutputTokens?: number;
  providerOptions?: BedrockChatProviderOptions;
}

// Models AWS lists for Converse's native structured output (`outputConfig.textFormat`, GA February 2026); other
// models (open-weight ones included) can opt in with provider_options.bedrock.structured_output = "native".
const NATIVE_STRUCTURED_OUTPUT = /claude-(haiku|sonnet|opus)-4-5|claude-opus-4-6/;

/** True when the model is known to take `outputConfig.textFormat` JSON schemas. */
export function supportsNativeStructuredOutput(modelId: string): boolean {
  return NATIVE_STRUCTURED_OUTPUT.test(modelId);
}

/** True for Anthropic models, whose extra knobs (`top_k`, `thinking`) go in `additionalModelRequestFields`. */
export function isBedrockClaudeModel(modelId: string): boolean {
  return /(^|[.:/])anthropic\.claude/.test(modelId);
}

function imageBlock(source: DataSource, where: string): Block {
  if (source.kind !== 'base64') {
    throw new InvalidRequestError({
      message: `${where}: Converse takes images inline (base64 data URLs) only; set image_download.enabled to let the gateway fetch image URLs.`,
      param: where,
    });
  }
  const format = IMAGE_FORMATS[source.mediaType];
  if (format === undefined) {
    throw new InvalidRequestError({
      message: `${where}: Bedrock accepts png, jpeg, gif and webp images, not ${source.mediaType}.`,
      param: where,
    });
  }
  return { image: { format, source: { bytes: source.data } } };
}

/** Bedrock document names allow letters, digits, spaces, hyphens, parentheses and brackets only. */
function documentName(filename: string | undefined, index: number): string {
  const base = (filename ?? `document-${index + 1}`)
    .replace(/\.[^.]+$/, '')
    .replace(/[^A-Za-z0-9 ()[\]-]/g, '-');
  return base.replace(/\s{2,}/g, ' ').slice(0, 200) || `document-${index + 1}`;
}

function convertUserPart(part: UserContentPart, where: string, index: number): Block | undefined {
  switch (part.type) {
    case 'text':
      return part.text === '' ? undefined : { text: part.text };
    case 'image':
      return imageBlock(part.source, where);
    case 'file': {
      const { source } = part;
      const format = source.kind === 'base64' ? DOCUMENT_FORMATS[source.mediaType] : undefined;
      if (source.kind !== 'base64' || format === undefined) {
        throw new UnsupportedFeatureError({
          feature: 'file',
          message: `${where}: Bedrock takes documents inline (pdf, csv, doc(x), xls(x), html, txt, md), not ${source.kind === 'base64' ? source.mediaType : source.kind}.`,
          param: where,
        });
      }
      return {
        document: { format, name: documentName(part.filename, index), source: { bytes: source.data } },
      };
    }
  }
}

function convertToolResult(content: ToolResultContentPart[], where: string): Block[] {
  return content.map((part) => (part.type === 'text' ? { text: part.text } : imageBlock(part.source, where)));
}

function convertAssistantPart(
  part: AssistantContentPart,
  where: string,
  warnings: Warning[],
): Block | undefined {
  switch (part.type) {
    case 'text':
      return part.text === '' ? undefined : { text: part.text };
    case 'reasoning':
      if (part.redactedData !== undefined)
        return { reasoningContent: { redactedContent: part.redactedData } };
      if (part.signature !== undefined) {
        return { reasoningContent: { reasoningText: { text: part.text, signature: part.signature } } };
      }
      warnings.push({
        type: 'compatibility',
        feature: 'reasoning-history',
        detail: `${where}: reasoning without its signature cannot be sent back and was left out`,
      });
      return undefined;
    case 'tool-call': {
      const parsed = part.arguments === '' ? undefined : safeParseJson(part.arguments, anyJsonSchema);
      if (parsed !== undefined && !parsed.success) {
        throw new InvalidRequestError({
          message: `${where}: tool call arguments are not valid JSON`,
          param: where,
        });
      }
      return {
        toolUse: {
          toolUseId: toBedrockToolUseId(part.callId),
          name: part.toolName,
          input: parsed === undefined ? {} : parsed.value,
        },
      };
    }
  }
}

// Converse's requestMetadata: 1–16 entries, keys up to 256 and values up to 256 characters of this set.
const METADATA_TEXT = /^[a-zA-Z0-9\s:_@$#=/+,\-.]{1,256}$/;
const METADATA_VALUE = /^[a-zA-Z0-9\s:_@$#=/+,\-.]{0,256}$/;

/** OpenAI-style metadata → `requestMetadata`, leaving out (with a warning) what Converse would reject. */
function convertToBedrockRequestMetadata(
  metadata: Record<string, string>,
  warnings: Warning[],
): Record<string, string> | undefined {
  const kept: Record<string, string> = {};
  let count = 0;
  for (const [key, value] of Object.entries(metadata)) {
    if (count < 16 && METADATA_TEXT.test(key) && METADATA_VALUE.test(value)) {
      kept[key] = value;
      count++;
    } else {
      warnings.push({
        type: 'unsupported',
        feature: `metadata.${key.slice(0, 40)}`,
        detail:
          'Converse requestMetadata takes at most 16 entries of up to 256 characters from a-z, 0-9, spaces and :_@$#=/+,-.',
      });
    }
  }
  return count === 0 ? undefined : kept;
}

/** Appends to the last turn when it has the same role (Converse wants alternating turns), else starts a turn. */
function push(turns: Turn[], role: Turn['role'], blocks: Block[]): void {
  if (blocks.length === 0) return;
  const last = turns.at(-1);
  if (last !== undefined && last.role === role) {
    if (role === 'user' && blocks[0]?.toolResult !== undefined) {
      const results = last.content.filter((block) => block.toolResult !== undefined);
      const others = last.content.filter((block) => block.toolResult === undefined);
      last.content = [...results, ...blocks, ...others];
    } else last.content.push(...blocks);
  } else turns.push({ role, content: blocks });
}

/**
 * Canonical chat request → Bedrock Converse body (the model id goes in the URL). Model-specific knobs go in
 * `additionalModelRequestFields`; every approximation is a warning.
 */
export function convertToBedrockConverseRequest(
  request: ChatRequest,
  options: ConvertToBedrockConverseRequestOptions,
): { body: Record<string, unknown>; warnings: Warning[]; jsonOutputTool: boolean } {
  const warnings: Warning[] = [];
  const claude = isBedrockClaudeModel(options.modelId);
  const system: Block[] = [];
  const turns: Turn[] = [];
  const historyTools = new Set<string>();
  let fileIndex = 0;
  request.messages.forEach((message, index) => {
    const where = `messages[${index}]`;
    switch (message.role) {
      case 'system':
        if (message.content !== '') system.push({ text: message.content });
        break;
      case 'user': {
        const blocks: Block[] = [];
        message.content.forEach((part, partIndex) => {
          const block = convertUserPart(
            part,
            `${where}.content[${partIndex}]`,
            part.type === 'file' ? fileIndex++ : 0,
          );
          if (block !== undefined) blocks.push(block);
        });
        push(turns, 'user', blocks);
        break;
      }
      case 'assistant': {
        const blocks: Block[] = [];
        message.content.forEach((part, partIndex) => {
          if (part.type === 'tool-call') historyTools.add(part.toolName);
          const block = convertAssistantPart(part, `${where}.content[${partIndex}]`, warnings);
          if (block !== undefined) blocks.push(block);
        });
        if (message.refusal !== undefined) {
          warnings.push({
            type: 'compatibility',
            feature: 'refusal',
            detail: `${where}: an earlier refusal was left out`,
          });
        }
        push(turns, 'assistant', blocks);
        break;
      }
      case 'tool': {
        const result: Block = {
          toolUseId: toBedrockToolUseId(message.toolCallId),
          content: convertToolResult(message.content, `${where}.content`),
        };
        if (message.isError === true) result.status = 'error';
        push(turns, 'user', [{ toolResult: result }]);
        break;
      }
    }
  });

  const body: Record<string, unknown> = { messages: turns };
  if (system.length > 0) body.system = system;
  const additional: Record<string, unknown> = {};
  const inference: Record<string, unknown> = {};
  let maxTokens = request.maxOutputTokens ?? options.defaultMaxOutputTokens;

  const effort = request.reasoningEffort;
  const budget =
    options.providerOptions?.thinking_budget ??
    (effort === undefined || effort === 'none' ? undefined : BEDROCK_CLAUDE_THINKING_BUDGETS[effort]);
  if (budget !== undefined) {
    if (!claude) {
      warnings.push({
        type: 'unsupported',
        feature: 'reasoning_effort',
        detail: `no reasoning configuration is known for ${options.modelId}; use provider_options.bedrock.additional_model_request_fields`,
      });
    } else {
      const cap = maxTokens ?? 4096;
      if (cap <= budget) {
        warnings.push({
          type: 'compatibility',
          feature: 'max_tokens',
          detail: `raised from ${cap} to ${budget + cap}: Claude needs max_tokens above the thinking budget (${budget})`,
        });
      }
      maxTokens = cap <= budget ? budget + cap : cap;
      additional.thinking = { type: 'enabled', budget_tokens: budget };
    }
  }
  const thinking = additional.thinking !== undefined;
  if (maxTokens !== undefined) inference.maxTokens = maxTokens;
  if (request.temperature !== undefined) {
    if (thinking) {
      warnings.push({
        type: 'unsupported',
        feature: 'temperature',
        detail: 'Claude does not take a temperature while thinking',
      });
    } else if (request.temperature > 1) {
      warnings.push({
        type: 'compatibility',
        feature: 'temperature',
        detail: `Converse's range is 0–1; ${request.temperature} was sent as 1`,
      });
      inference.temperature = 1;
    } else inference.temperature = request.temperature;
  }
  if (request.topP !== undefined) inference.topP = request.topP;
  const stopSequences = request.stopSequences?.filter((sequence) => sequence !== '');
  if (stopSequences !== undefined && stopSequences.length > 0) inference.stopSequences = stopSequences;
  if (request.topK !== undefined) {
    if (claude) additional.top_k = request.topK;
    else warnings.push({ type: 'unsupported', feature: 'top_k', detail: `not known for ${options.modelId}` });
  }
  if (Object.keys(inference).length > 0) body.inferenceConfig = inference;
  for (const [feature, value] of [
    ['seed', request.seed],
    ['frequency_penalty', request.frequencyPenalty],
    ['presence_penalty', request.presencePenalty],
    ['user', request.user],
  ] as const) {
    if (value !== undefined)
      warnings.push({ type: 'unsupported', feature, detail: 'Converse has no such parameter' });
  }
  if (request.metadata !== undefined) {
    const requestMetadata = convertToBedrockRequestMetadata(request.metadata, warnings);
    if (requestMetadata !== undefined) body.requestMetadata = requestMetadata;
  }
  for (const name of Object.keys(request.extraBody ?? {})) {
    warnings.push({ type: 'unsupported', feature: name, detail: 'not a Converse parameter; not sent' });
  }

  const tools: Block[] = (request.tools ?? []).map((tool) => {
    const spec: Block = { name: tool.name, inputSchema: { json: tool.parameters } };
    if (tool.description !== undefined && tool.description !== '') spec.description = tool.description;
    if (tool.strict !== undefined) spec.strict = tool.strict;
    return { toolSpec: spec };
  });
  let toolChoice: Block | undefined;
  const choice = request.toolChoice;
  if (choice?.type === 'tool') toolChoice = { tool: { name: choice.toolName } };
  else if (choice?.type === 'required') toolChoice = { any: {} };
  else if (choice?.type === 'auto') toolChoice = { auto: {} };

  let jsonOutputTool = false;
  const format = request.responseFormat;
  if (format !== undefined && format.type !== 'text') {
    const schema = format.type === 'json-schema' ? (format.schema ?? { type: 'object' }) : { type: 'object' };
    const mode = options.providerOptions?.structured_output;
    if (mode === 'native' || (mode === undefined && supportsNativeStructuredOutput(options.modelId))) {
      const jsonSchema: Record<string, unknown> = {
        schema: JSON.stringify(schema),
        name: format.type === 'json-schema' ? format.name : 'json_object',
      };
      if (format.type === 'json-schema' && format.description !== undefined && format.description !== '') {
        jsonSchema.description = format.description;
      }
      body.outputConfig = { textFormat: { type: 'json_schema', structure: { jsonSchema } } };
    } else {
      jsonOutputTool = true;
      tools.push({
        toolSpec: {
          name: BEDROCK_JSON_OUTPUT_TOOL_NAME,
          description: 'Respond with the JSON result',
          inputSchema: { json: schema },
        },
      });
      toolChoice = { tool: { name: BEDROCK_JSON_OUTPUT_TOOL_NAME } };
      warnings.push({
        type: 'compatibility',
        feature: 'response_format',
        detail: 'JSON output is produced by a forced tool and returned as the message content',
      });
    }
  }
  if (choice?.type === 'none' && !jsonOutputTool) {
    if (historyTools.size > 0 || tools.length > 0) {
      warnings.push({
        type: 'compatibility',
        feature: 'tool_choice',
        detail:
          'Converse has no "none"; the tools were left out (kept as auto only where the history needs them)',
      });
    }
    tools.length = 0;
    toolChoice = undefined;
  }
  if (request.parallelToolCalls === false && tools.length > 0) {
    warnings.push({
      type: 'unsupported',
      feature: 'parallel_tool_calls',
      detail: 'Converse cannot turn parallel tool calls off',
    });
  }
  // Bedrock rejects tool blocks in the history without a toolConfig: declare the tools those blocks name.
  if (tools.length === 0 && historyTools.size > 0) {
    for (const name of historyTools)
      tools.push({ toolSpec: { name, inputSchema: { json: { type: 'object' } } } });
  }
  if (tools.length > 0) body.toolConfig = toolChoice === undefined ? { tools } : { tools, toolChoice };

  const providerOptions = options.providerOptions;
  if (providerOptions?.additional_model_request_fields !== undefined) {
    Object.assign(additional, providerOptions.additional_model_request_fields);
  }
  if (Object.keys(additional).length > 0) body.additionalModelRequestFields = additional;
  if (providerOptions?.guardrail_config !== undefined)
    body.guardrailConfig = providerOptions.guardrail_config;
  if (providerOptions?.latency !== undefined) body.performanceConfig = { latency: providerOptions.latency };
  return { body, warnings, jsonOutputTool };
}
