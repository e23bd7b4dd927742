import {
  type ChatRequest,
  type DataSource,
  type Message,
  type ToolChoice,
  UnsupportedFeatureError,
  type UserContentPart,
  type Warning,
} from '@modelmux/core';
import type { OpenAICompatibleProviderOptions } from './openai-compatible-provider-options.js';
import type { OpenAICompatibleModelDefaults } from './openai-compatible-settings.js';

export interface ConvertToOpenAICompatibleChatRequestOptions {
  modelId: string;
  stream: boolean;
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  streamUsage: boolean;
  forwardExtraFields: boolean;
  defaults?: OpenAICompatibleModelDefaults;
  providerOptions?: OpenAICompatibleProviderOptions;
}

type WireContentPart = Record<string, unknown>;

function toUrl(source: DataSource, feature: string): string {
  if (source.kind === 'url') return source.url;
  if (source.kind === 'base64') return `data:${source.mediaType};base64,${source.data}`;
  throw new UnsupportedFeatureError({
    feature,
    message: `Chat Completions upstreams cannot take a ${feature} by file id; send it inline or by URL.`,
  });
}

const AUDIO_FORMATS: Readonly<Record<string, string>> = {
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
};

function convertUserPart(part: UserContentPart): WireContentPart {
  switch (part.type) {
    case 'text':
      return { type: 'text', text: part.text };
    case 'image': {
      const imageUrl: Record<string, unknown> = { url: toUrl(part.source, 'image') };
      if (part.detail !== undefined) imageUrl.detail = part.detail;
      return { type: 'image_url', image_url: imageUrl };
    }
    case 'file': {
      const { source } = part;
      if (source.kind === 'base64' && AUDIO_FORMATS[source.mediaType] !== undefined) {
        return {
          type: 'input_audio',
          input_audio: { data: source.data, format: AUDIO_FORMATS[source.mediaType] },
        };
      }
      if (source.kind === 'file-id') return { type: 'file', file: { file_id: source.fileId } };
      const file: Record<string, unknown> = { file_data: toUrl(source, 'file') };
      if (part.filename !== undefined) file.filename = part.filename;
      return { type: 'file', file };
    }
  }
}

function convertMessage(message: Message, warnings: Warning[]): Record<string, unknown> {
  switch (message.role) {
    case 'system':
      // Every OpenAI-compatible server understands `system`; OpenAI itself treats it as `developer` where needed.
      return { role: 'system', content: message.content };
    case 'user': {
      const only = message.content[0];
      const content =
        message.content.length === 1 && only?.type === 'text'
          ? only.text
          : message.content.map(convertUserPart);
      return message.name === undefined
        ? { role: 'user', content }
        : { role: 'user', content, name: message.name };
    }
    case 'assistant': {
      let text = '';
      const toolCalls: Record<string, unknown>[] = [];
      let droppedReasoning = false;
      for (const part of message.content) {
        if (part.type === 'text') text += part.text;
        else if (part.type === 'tool-call') {
          toolCalls.push({
            id: part.callId,
            type: 'function',
            function: { name: part.toolName, arguments: part.arguments },
          });
        } else droppedReasoning = true;
      }
      if (droppedReasoning) {
        warnings.push({
          type: 'compatibility',
          feature: 'reasoning-history',
          detail: 'reasoning from earlier assistant turns is not sent: Chat Completions has no field for it',
        });
      }
      const wire: Record<string, unknown> = {
        role: 'assistant',
        content: text === '' && toolCalls.length > 0 ? null : text,
      };
      if (toolCalls.length > 0) wire.tool_calls = toolCalls;
      if (message.refusal !== undefined) wire.refusal = message.refusal;
      if (message.name !== undefined) wire.name = message.name;
      return wire;
    }
    case 'tool': {
      const texts: string[] = [];
      for (const part of message.content) {
        if (part.type === 'text') texts.push(part.text);
        else {
          warnings.push({
            type: 'unsupported',
            feature: 'tool-result-image',
            detail: 'Chat Completions tool messages carry text only; the image was not sent',
          });
        }
      }
      if (message.isError === true) {
        warnings.push({
          type: 'compatibility',
          feature: 'tool-result-error',
          detail: 'Chat Completions has no error flag on tool results; the result was sent as ordinary text',
        });
      }
      return { role: 'tool', tool_call_id: message.toolCallId, content: texts.join('') };
    }
  }
}

function convertToolChoice(choice: ToolChoice): unknown {
  return choice.type === 'tool' ? { type: 'function', function: { name: choice.toolName } } : choice.type;
}

/** Canonical chat request → OpenAI Chat Completions body. Never clamps; every loss is a warning. */
export function convertToOpenAICompatibleChatRequest(
  request: ChatRequest,
  options: ConvertToOpenAICompatibleChatRequestOptions,
): { body: Record<string, unknown>; warnings: Warning[] } {
  const warnings: Warning[] = [];
  const defaults = options.defaults;
  const body: Record<string, unknown> = {
    model: options.modelId,
    messages: request.messages.map((message) => convertMessage(message, warnings)),
  };
  const maxOutputTokens = request.maxOutputTokens ?? defaults?.max_output_tokens;
  if (maxOutputTokens !== undefined) body[options.maxTokensField] = maxOutputTokens;
  const temperature = request.temperature ?? defaults?.temperature;
  if (temperature !== undefined) body.temperature = temperature;
  const topP = request.topP ?? defaults?.top_p;
  if (topP !== undefined) body.top_p = topP;
  if (request.topK !== undefined) body.top_k = request.topK;
  if (request.frequencyPenalty !== undefined) body.frequency_penalty = request.frequencyPenalty;
  if (request.presencePenalty !== undefined) body.presence_penalty = request.presencePenalty;
  if (request.seed !== undefined) body.seed = request.seed;
  if (request.stopSequences !== undefined && request.stopSequences.length > 0)
    body.stop = request.stopSequences;
  const reasoningEffort = request.reasoningEffort ?? defaults?.reasoning_effort;
  if (reasoningEffort !== undefined) body.reasoning_effort = reasoningEffort;
  if (request.user !== undefined) body.user = request.user;
  if (request.metadata !== undefined) body.metadata = request.metadata;
  if (request.tools !== undefined && request.tools.length > 0) {
    body.tools = request.tools.map((tool) => {
      const definition: Record<string, unknown> = { name: tool.name, parameters: tool.parameters };
      if (tool.description !== undefined) definition.description = tool.description;
      if (tool.strict !== undefined) definition.strict = tool.strict;
      return { type: 'function', function: definition };
    });
  }
  if (request.toolChoice !== undefined) body.tool_choice = convertToolChoice(request.toolChoice);
  if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  const format = request.responseFormat;
  if (format !== undefined) {
    if (format.type === 'json-schema') {
      const jsonSchema: Record<string, unknown> = { name: format.name };
      if (format.description !== undefined) jsonSchema.description = format.description;
      if (format.schema !== undefined) jsonSchema.schema = format.schema;
      if (format.strict !== undefined) jsonSchema.strict = format.strict;
      body.response_format = { type: 'json_schema', json_schema: jsonSchema };
    } else body.response_format = { type: format.type === 'json-object' ? 'json_object' : 'text' };
  }
  if (options.stream) {
    body.stream = true;
    if (options.streamUsage) body.stream_options = { include_usage: true };
  }
  mergeExtraFields(body, request.extraBody, options.forwardExtraFields, warnings);
  if (defaults?.extra_body !== undefined) mergeExtraFields(body, defaults.extra_body, true, warnings);
  if (options.providerOptions?.extra_body !== undefined)
    Object.assign(body, options.providerOptions.extra_body);
  return { body, warnings };
}

function mergeExtraFields(
  body: Record<string, unknown>,
  extra: Record<string, unknown> | undefined,
  forward: boolean,
  warnings: Warning[],
): void {
  if (extra === undefined) return;
  for (const [name, value] of Object.entries(extra)) {
    if (!forward)
      warnings.push({
        type: 'unsupported',
        feature: name,
        detail: 'not forwarded (forward_extra_fields is off)',
      });
    else if (Object.hasOwn(body, name)) {
      warnings.push({
        type: 'other',
        message: `${name}: the request already sets this field; the extra value was not used`,
      });
    } else body[name] = value;
  }
}
