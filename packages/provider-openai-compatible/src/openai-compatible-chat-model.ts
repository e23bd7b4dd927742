import type { CallContext, ChatEvent, ChatModel, ChatRequest, ChatResult } from '@modelmux/core';
import { createJsonResponseHandler, createSseResponseHandler, postJson } from '@modelmux/core/http';
import { convertOpenAICompatibleChatResponse } from './convert-openai-compatible-chat-response.js';
import { convertOpenAICompatibleStreamChunks } from './convert-openai-compatible-stream-chunks.js';
import { convertToOpenAICompatibleChatRequest } from './convert-to-openai-compatible-chat-request.js';
import {
  openAICompatibleChatChunkSchema,
  openAICompatibleChatResponseSchema,
} from './openai-compatible-api-schemas.js';
import type { OpenAICompatibleModelConfig } from './openai-compatible-config.js';
import { parseOpenAICompatibleProviderOptions } from './openai-compatible-provider-options.js';
import {
  readCommonOpenAICompatibleChunk,
  readCommonOpenAICompatibleResponse,
} from './read-common-openai-compatible-shapes.js';

const jsonResponseHandler = createJsonResponseHandler(openAICompatibleChatResponseSchema, {
  fastPath: readCommonOpenAICompatibleResponse,
});
const sseResponseHandler = createSseResponseHandler(openAICompatibleChatChunkSchema, {
  terminator: '[DONE]',
  fastPath: readCommonOpenAICompatibleChunk,
});

/** Chat over `POST {base}/chat/completions`, streaming and not. */
export class OpenAICompatibleChatModel implements ChatModel {
  readonly specVersion = 1 as const;
  readonly providerId: string;
  readonly modelId: string;
  private readonly config: OpenAICompatibleModelConfig;
  private readonly url: string;
  /** What the upstream calls the model (in the URL or the body); thin providers map names (Azure deployments). */
  private readonly upstreamModelId: string;

  constructor(
    modelId: string,
    config: OpenAICompatibleModelConfig,
    options: { upstreamModelId?: string } = {},
  ) {
    this.modelId = modelId;
    this.upstreamModelId = options.upstreamModelId ?? modelId;
    this.providerId = config.providerId;
    this.config = config;
    this.url = config.url('/chat/completions', this.upstreamModelId);
  }

  private prepare(request: ChatRequest, stream: boolean) {
    const { config } = this;
    const converted = convertToOpenAICompatibleChatRequest(request, {
      modelId: this.upstreamModelId,
      stream,
      maxTokensField: config.maxTokensField,
      streamUsage: config.streamUsage,
      forwardExtraFields: config.forwardExtraFields,
      defaults: config.modelDefaults(this.modelId),
      providerOptions: parseOpenAICompatibleProviderOptions(request.providerOptions, config.providerType),
    });
    if (!config.includeModelInBody) delete converted.body.model;
    return converted;
  }

  private post<T>(
    body: unknown,
    context: CallContext,
    handler: Parameters<typeof postJson<T>>[0]['successfulResponseHandler'],
  ) {
    return postJson({
      url: this.url,
      headers:
        context.extraHeaders === undefined
          ? this.config.headers
          : { ...this.config.headers, ...context.extraHeaders },
      body,
      dispatcher: this.config.dispatcher,
      signal: context.signal,
      authorize: this.config.authorize,
      successfulResponseHandler: handler,
      failedResponseHandler: this.config.failedResponseHandler,
      providerId: this.providerId,
      modelId: this.modelId,
    });
  }

  async generate(request: ChatRequest, context: CallContext): Promise<ChatResult> {
    const { body, warnings } = this.prepare(request, false);
    const { value, responseHeaders } = await this.post(body, context, jsonResponseHandler);
    const result = convertOpenAICompatibleChatResponse(value, warnings);
    const requestId = responseHeaders['x-request-id'];
    if (typeof requestId === 'string') result.upstream = { requestId };
    return result;
  }

  async stream(request: ChatRequest, context: CallContext): Promise<AsyncIterable<ChatEvent>> {
    const { body, warnings } = this.prepare(request, true);
    const { value } = await this.post(body, context, sseResponseHandler);
    return convertOpenAICompatibleStreamChunks(value, {
      warnings,
      url: this.url,
      signal: context.signal,
      providerId: this.providerId,
      modelId: this.modelId,
    });
  }
}
