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
import type { VertexAnthropicProviderOptions } from './vertex-anthropic-provider-options.js';

const anyJsonSchema = z.unknown();

/** The Anthropic API version Vertex expects in the body. */
export const VERTEX_ANTHROPIC_VERSION = 'vertex-2023-10-16';

/** Name of the forced tool that carries structured output when `response_format` asks for JSON. */
export const JSON_OUTPUT_TOOL_NAME = 'json_output';

/** Thinking budgets for `reasoning_effort` (`none` turns thinking off). */
export const ANTHROPIC_THINKING_BUDGETS: Readonly<Record<Exclude<ReasoningEffort, 'none'>, number>> = {
  minimal: 1024,
  low: 2048,
  medium: 8192,
  high: 16_384,
  xhigh: 32_000,
  max: 64_000,
};

const IMAGE_MEDIA_TYPES: ReadonlySet<string> = new Set([
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
]);

type Block = Record<string, unknown>;
interface Turn {
  role: 'user' | 'assistant';
  content: Block[];
}

export interface ConvertToAnthropicMessagesRequestOptions {
  maxOutputTokens: number;
  stream: boolean;
  providerOptions?: VertexAnthropicProviderOptions;
}

function imageBlock(part: { source: DataSource }, where: string): Block {
  const { source } = part;
  if (source.kind !== 'base64') {
    throw new InvalidRequestError({
      message: `${where}: Claude on Vertex takes images inline (base64 data URLs) only; this gateway does not download image URLs for this provider (set image_download.enabled to allow it).`,
      param: where,
    });
  }
  if (!IMAGE_MEDIA_TYPES.has(source.mediaType)) {
    throw new InvalidRequestError({
      message: `${where}: Claude accepts image/jpeg, image/png, image/gif and image/webp, not ${source.mediaType}.`,
      param: where,
    });
  }
  return { type: 'image', source: { type: 'base64', media_type: source.mediaType, data: source.data } };
}

function convertUserPart(part: UserContentPart, where: string): Block | undefined {
  switch (part.type) {
    case 'text':
      return part.text === '' ? undefined : { type: 'text', text: part.text };
    case 'image':
      return imageBlock(part, where);
    case 'file': {
      const { source } = part;
      if (source.kind === 'base64' && source.mediaType === 'application/pdf') {
        return {
          type: 'document',
          source: { type: 'base64', media_type: 'application/pdf', data: source.data },
        };
      }
      if (source.kind === 'base64' && source.mediaType === 'text/plain') {
        const data = Buffer.from(source.data, 'base64').toString('utf8');
        return { type: 'document', source: { type: 'text', media_type: 'text/plain', data } };
      }
      throw new UnsupportedFeatureError({
        feature: 'file',
        message: `${where}: Claude on Vertex takes PDF and plain-text files inline only (got ${source.kind === 'base64' ? source.mediaType : source.kind}).`,
        param: where,
      });
    }
  }
}

function convertToolResultContent(content: ToolResultContentPart[], where: string): string | Block[] {
  if (content.every((part) => part.type === 'text'))
    return content.map((part) => (part as { text: string }).text).join('');
  return content.map((part) =>
    part.type === 'text' ? { type: 'text', text: part.text } : imageBlock(part, where),
  );
}

function convertAssistantPart(
  part: AssistantContentPart,
  where: string,
  warnings: Warning[],
): Block | undefined {
  switch (part.type) {
    case 'text':
      return part.text === '' ? undefined : { type: 'text', text: part.text };
    case 'reasoning':
      if (part.redactedData !== undefined) return { type: 'redacted_thinking', data: part.redactedData };
      if (part.signature !== undefined)
        return { type: 'thinking', thinking: part.text, signature: part.signature };
      warnings.push({
        type: 'compatibility',
        feature: 'reasoning-history',
        detail: `${where}: reasoning without its signature cannot be sent back to Claude and was left out`,
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
        type: 'tool_use',
        id: part.callId,
        name: part.toolName,
        input: parsed === undefined ? {} : parsed.value,
      };
    }
  }
}

/** Appends to the last turn when it has the same role (Claude wants alternating turns), else starts a turn. */
function push(turns: Turn[], role: Turn['role'], blocks: Block[]): void {
  if (blocks.length === 0) return;
  const last = turns.at(-1);
  if (last !== undefined && last.role === role) {
    // Tool results must come first in a user turn.
    if (role === 'user' && blocks[0]?.type === 'tool_result') {
      const results = last.content.filter((block) => block.type === 'tool_result');
      const others = last.content.filter((block) => block.type !== 'tool_result');
      last.content = [...results, ...blocks, ...others];
    } else last.content.push(...blocks);
  } else turns.push({ role, content: blocks });
}

/**
 * Canonical chat request → Anthropic Messages body for Vertex (`anthropic_version` in the body, no `model`). Every
 * approximation is a warning; nothing is clamped or dropped silently.
 */
export function convertToAnthropicMessagesRequest(
  request: ChatRequest,
  options: ConvertToAnthropicMessagesRequestOptions,
): { body: Record<string, unknown>; warnings: Warning[]; jsonOutputTool: boolean } {
  const warnings: Warning[] = [];
  const system: Block[] = [];
  const turns: Turn[] = [];
  request.messages.forEach((message, index) => {
    const where = `messages[${index}]`;
    switch (message.role) {
      case 'system':
        if (message.content !== '') system.push({ type: 'text', text: message.content });
        break;
      case 'user':
        push(
          turns,
          'user',
          message.content.flatMap((part, partIndex): Block[] => {
            const block = convertUserPart(part, `${where}.content[${partIndex}]`);
            return block === undefined ? [] : [block];
          }),
        );
        break;
      case 'assistant': {
        const blocks = message.content.flatMap((part, partIndex): Block[] => {
          const block = convertAssistantPart(part, `${where}.content[${partIndex}]`, warnings);
          return block === undefined ? [] : [block];
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
          type: 'tool_result',
          tool_use_id: message.toolCallId,
          content: convertToolResultContent(message.content, `${where}.content`),
        };
        if (message.isError === true) result.is_error = true;
        push(turns, 'user', [result]);
        break;
      }
    }
  });

  const body: Record<string, unknown> = { anthropic_version: VERTEX_ANTHROPIC_VERSION, messages: turns };
  if (system.length > 0) body.system = system;
  let maxTokens = options.maxOutputTokens;

  const effort = request.reasoningEffort;
  const budget =
    options.providerOptions?.thinking_budget ??
    (effort === undefined || effort === 'none' ? undefined : ANTHROPIC_THINKING_BUDGETS[effort]);
  if (budget !== undefined) {
    if (maxTokens <= budget) {
      warnings.push({
        type: 'compatibility',
        feature: 'max_tokens',
        detail: `raised from ${maxTokens} to ${budget + maxTokens}: Claude needs max_tokens above the thinking budget (${budget})`,
      });
      maxTokens = budget + maxTokens;
    }
    body.thinking = { type: 'enabled', budget_tokens: budget };
  }
  body.max_tokens = maxTokens;

  if (request.temperature !== undefined) {
    if (budget !== undefined) {
      warnings.push({
        type: 'unsupported',
        feature: 'temperature',
        detail: 'Claude does not take a temperature while thinking',
      });
    } else if (request.temperature > 1) {
      warnings.push({
        type: 'compatibility',
        feature: 'temperature',
        detail: `Claude's range is 0–1; ${request.temperature} was sent as 1`,
      });
      body.temperature = 1;
    } else body.temperature = request.temperature;
  }
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.topK !== undefined) body.top_k = request.topK;
  if (request.stopSequences !== undefined && request.stopSequences.length > 0)
    body.stop_sequences = request.stopSequences;
  if (request.user !== undefined) body.metadata = { user_id: request.user };
  for (const [feature, value] of [
    ['seed', request.seed],
    ['frequency_penalty', request.frequencyPenalty],
    ['presence_penalty', request.presencePenalty],
    ['metadata', request.metadata],
  ] as const) {
    if (value !== undefined)
      warnings.push({ type: 'unsupported', feature, detail: 'Claude has no such parameter' });
  }
  for (const name of Object.keys(request.extraBody ?? {})) {
    warnings.push({ type: 'unsupported', feature: name, detail: 'not a Claude parameter; not sent' });
  }

  const tools: Block[] = (request.tools ?? []).map((tool) => {
    if (tool.strict === true) {
      warnings.push({
        type: 'unsupported',
        feature: 'tools.strict',
        detail: `${tool.name}: Claude on Vertex has no strict mode`,
      });
    }
    const definition: Block = { name: tool.name, input_schema: tool.parameters };
    if (tool.description !== undefined) definition.description = tool.description;
    return definition;
  });
  let toolChoice: Block | undefined;
  const choice = request.toolChoice;
  if (choice?.type === 'tool') toolChoice = { type: 'tool', name: choice.toolName };
  else if (choice?.type === 'required') toolChoice = { type: 'any' };
  else if (choice !== undefined) toolChoice = { type: choice.type };

  let jsonOutputTool = false;
  const format = request.responseFormat;
  if (format !== undefined && format.type !== 'text') {
    jsonOutputTool = true;
    const schema = format.type === 'json-schema' ? (format.schema ?? { type: 'object' }) : { type: 'object' };
    tools.push({
      name: JSON_OUTPUT_TOOL_NAME,
      description:
        format.type === 'json-schema'
          ? (format.description ?? `Respond with ${format.name}`)
          : 'Respond with a JSON object',
      input_schema: schema,
    });
    toolChoice = { type: 'tool', name: JSON_OUTPUT_TOOL_NAME };
    warnings.push({
      type: 'compatibility',
      feature: 'response_format',
      detail:
        'Claude on Vertex has no JSON mode: a forced tool produced the JSON, returned as the message content',
    });
  }
  if (request.parallelToolCalls === false && tools.length > 0) {
    toolChoice = { ...(toolChoice ?? { type: 'auto' }), disable_parallel_tool_use: true };
  }
  if (tools.length > 0) body.tools = tools;
  if (toolChoice !== undefined) body.tool_choice = toolChoice;
  if (options.stream) body.stream = true;
  return { body, warnings, jsonOutputTool };
}
