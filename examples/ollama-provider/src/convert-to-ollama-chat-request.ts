import {
  type AssistantMessage,
  type ChatRequest,
  type DataSource,
  type Message,
  type ReasoningEffort,
  UnsupportedFeatureError,
  type Warning,
} from '@modelmux/core';
import { safeParseJson } from '@modelmux/core/http';
import { z } from 'zod';
import type { OllamaProviderOptions } from './ollama-provider-options.js';
import type { OllamaKeepAlive, OllamaModelDefaults, OllamaThink } from './ollama-settings.js';

export interface ConvertToOllamaChatRequestOptions {
  modelId: string;
  stream: boolean;
  /** `keep_alive` from the instance settings. */
  keepAlive?: OllamaKeepAlive;
  defaults?: OllamaModelDefaults;
  providerOptions?: OllamaProviderOptions;
}

type OllamaMessage = Record<string, unknown>;

const argumentsObjectSchema = z.record(z.string(), z.unknown());

/** Reasoning effort → `think`: off for `none`, else the nearest level Ollama knows (with a warning when not exact). */
function convertReasoningEffort(effort: ReasoningEffort, warnings: Warning[]): OllamaThink {
  switch (effort) {
    case 'none':
      return false;
    case 'low':
    case 'medium':
    case 'high':
      return effort;
    case 'minimal':
      warnings.push({
        type: 'compatibility',
        feature: 'reasoning-effort',
        detail: "Ollama's lowest thinking level is 'low'; 'minimal' was sent as 'low'",
      });
      return 'low';
    default:
      warnings.push({
        type: 'compatibility',
        feature: 'reasoning-effort',
        detail: `Ollama's highest thinking level is 'high'; '${effort}' was sent as 'high'`,
      });
      return 'high';
  }
}

/** An image for Ollama's `images` list: base64 only (URLs must have been downloaded before, file ids cannot be). */
function toBase64Image(source: DataSource, where: string): string {
  if (source.kind === 'base64') return source.data;
  throw new UnsupportedFeatureError({
    feature: source.kind === 'url' ? 'image-url' : 'image-file-id',
    message:
      source.kind === 'url'
        ? `${where}: Ollama takes images as base64 only; send the image inline or enable image_download for this provider.`
        : `${where}: Ollama cannot take an image by file id; send it inline as base64.`,
  });
}

/** The tool name of the call a tool result answers: the latest assistant call with that id before it. */
function findToolName(messages: readonly Message[], before: number, callId: string): string | undefined {
  for (let index = before - 1; index >= 0; index--) {
    const message = messages[index];
    if (message?.role !== 'assistant') continue;
    for (const part of message.content) {
      if (part.type === 'tool-call' && part.callId === callId) return part.toolName;
    }
  }
  return undefined;
}

function convertAssistantMessage(message: AssistantMessage, warnings: Warning[]): OllamaMessage {
  let content = '';
  let thinking = '';
  const toolCalls: Array<Record<string, unknown>> = [];
  for (const part of message.content) {
    if (part.type === 'text') content += part.text;
    else if (part.type === 'reasoning') {
      thinking += part.text;
      if (part.signature !== undefined || part.redactedData !== undefined) {
        warnings.push({
          type: 'compatibility',
          feature: 'reasoning-signature',
          detail:
            'Ollama keeps the text of earlier thinking only; its signature or redacted data was not sent',
        });
      }
    } else {
      const parsed = safeParseJson(part.arguments, argumentsObjectSchema);
      if (!parsed.success) {
        warnings.push({
          type: 'compatibility',
          feature: 'tool-call-arguments',
          detail: `the arguments of tool call ${part.callId} are not a JSON object, which Ollama requires; {} was sent`,
        });
      }
      toolCalls.push({ function: { name: part.toolName, arguments: parsed.success ? parsed.value : {} } });
    }
  }
  if (message.refusal !== undefined) content += message.refusal;
  if (message.name !== undefined) {
    warnings.push({ type: 'unsupported', feature: 'message-name', detail: 'Ollama messages have no name' });
  }
  const wire: OllamaMessage = { role: 'assistant', content };
  if (thinking !== '') wire.thinking = thinking;
  if (toolCalls.length > 0) wire.tool_calls = toolCalls;
  return wire;
}

function convertMessage(messages: readonly Message[], index: number, warnings: Warning[]): OllamaMessage {
  const message = messages[index] as Message;
  const where = `messages[${index}]`;
  switch (message.role) {
    case 'system':
      return { role: 'system', content: message.content };
    case 'user': {
      let content = '';
      const images: string[] = [];
      for (const part of message.content) {
        if (part.type === 'text') content += part.text;
        else if (part.type === 'image') images.push(toBase64Image(part.source, where));
        else if (part.source.kind === 'base64' && part.source.mediaType.startsWith('image/'))
          images.push(part.source.data);
        else {
          throw new UnsupportedFeatureError({
            feature: 'file',
            message: `${where}: Ollama's chat API takes text and images only, not files${part.filename === undefined ? '' : ` (${part.filename})`}.`,
          });
        }
      }
      if (message.name !== undefined) {
        warnings.push({
          type: 'unsupported',
          feature: 'message-name',
          detail: 'Ollama messages have no name',
        });
      }
      const wire: OllamaMessage = { role: 'user', content };
      if (images.length > 0) wire.images = images;
      return wire;
    }
    case 'assistant':
      return convertAssistantMessage(message, warnings);
    case 'tool': {
      let content = '';
      for (const part of message.content) {
        if (part.type === 'text') content += part.text;
        else {
          warnings.push({
            type: 'unsupported',
            feature: 'tool-result-image',
            detail: 'Ollama tool messages carry text only; the image was not sent',
          });
        }
      }
      if (message.isError === true) {
        warnings.push({
          type: 'compatibility',
          feature: 'tool-result-error',
          detail: 'Ollama has no error flag on tool results; the result was sent as ordinary text',
        });
      }
      const wire: OllamaMessage = { role: 'tool', content };
      const toolName = findToolName(messages, index, message.toolCallId);
      if (toolName === undefined) {
        warnings.push({
          type: 'compatibility',
          feature: 'tool-result-name',
          detail: `no earlier tool call has the id ${message.toolCallId}; the result was sent without tool_name`,
        });
      } else wire.tool_name = toolName;
      return wire;
    }
  }
}

function setOption(options: Record<string, unknown>, name: string, value: unknown): void {
  if (value !== undefined) options[name] = value;
}

/**
 * Canonical chat request → Ollama `POST /api/chat` body. Sampling goes into `options` (`num_predict` for the output
 * cap), structured output into `format`, reasoning effort into `think`. Never clamps; every loss is a warning, and
 * what Ollama cannot take at all (files, image URLs) is an `UnsupportedFeatureError`.
 */
export function convertToOllamaChatRequest(
  request: ChatRequest,
  options: ConvertToOllamaChatRequestOptions,
): { body: Record<string, unknown>; warnings: Warning[] } {
  const warnings: Warning[] = [];
  const { defaults, providerOptions } = options;
  const body: Record<string, unknown> = {
    model: options.modelId,
    messages: request.messages.map((_message, index) => convertMessage(request.messages, index, warnings)),
    // Ollama streams unless told otherwise.
    stream: options.stream,
  };

  const toolChoice = request.toolChoice?.type ?? 'auto';
  if (request.tools !== undefined && request.tools.length > 0 && toolChoice !== 'none') {
    body.tools = request.tools.map((tool) => {
      const definition: Record<string, unknown> = { name: tool.name, parameters: tool.parameters };
      if (tool.description !== undefined) definition.description = tool.description;
      if (tool.strict === true) {
        warnings.push({
          type: 'unsupported',
          feature: 'tool-strict',
          detail: `Ollama has no strict mode for tools; ${tool.name}'s arguments are not guaranteed to match its schema`,
        });
      }
      return { type: 'function', function: definition };
    });
  }
  if (toolChoice === 'required' || toolChoice === 'tool') {
    warnings.push({
      type: 'unsupported',
      feature: 'tool-choice',
      detail: `Ollama cannot force a tool call ('${toolChoice}'); the model chooses whether to call one`,
    });
  }
  if (request.parallelToolCalls === false) {
    warnings.push({
      type: 'unsupported',
      feature: 'parallel-tool-calls',
      detail: 'Ollama cannot be told to make one tool call at a time',
    });
  }

  const format = request.responseFormat;
  if (format?.type === 'json-object') body.format = 'json';
  else if (format?.type === 'json-schema') {
    if (format.schema === undefined) {
      body.format = 'json';
      warnings.push({
        type: 'compatibility',
        feature: 'response-format',
        detail: 'a json_schema format without a schema was sent as JSON mode',
      });
    } else body.format = format.schema;
  }

  const think =
    providerOptions?.think ??
    (request.reasoningEffort === undefined
      ? defaults?.think
      : convertReasoningEffort(request.reasoningEffort, warnings));
  if (think !== undefined) body.think = think;

  const sampling: Record<string, unknown> = { ...defaults?.options };
  setOption(sampling, 'temperature', request.temperature);
  setOption(sampling, 'top_p', request.topP);
  setOption(sampling, 'top_k', request.topK);
  setOption(sampling, 'num_predict', request.maxOutputTokens);
  setOption(sampling, 'seed', request.seed);
  setOption(sampling, 'frequency_penalty', request.frequencyPenalty);
  setOption(sampling, 'presence_penalty', request.presencePenalty);
  if (request.stopSequences !== undefined && request.stopSequences.length > 0)
    sampling.stop = request.stopSequences;
  Object.assign(sampling, providerOptions?.options);
  if (Object.keys(sampling).length > 0) body.options = sampling;

  const keepAlive = providerOptions?.keep_alive ?? defaults?.keep_alive ?? options.keepAlive;
  if (keepAlive !== undefined) body.keep_alive = keepAlive;

  if (request.user !== undefined)
    warnings.push({ type: 'unsupported', feature: 'user', detail: 'Ollama takes no end-user id' });
  if (request.metadata !== undefined)
    warnings.push({ type: 'unsupported', feature: 'metadata', detail: 'Ollama takes no request metadata' });
  for (const field of Object.keys(request.extraBody ?? {})) {
    warnings.push({
      type: 'unsupported',
      feature: field,
      detail: `Ollama's chat API has no counterpart for '${field}'; it was not sent`,
    });
  }
  return { body, warnings };
}
