import type { CallContext, ChatEvent, ChatModel, ChatRequest, ChatResult } from '@modelmux/core';
import {
  createJsonResponseHandler,
  createSseResponseHandler,
  downloadImageUrls,
  postJson,
} from '@modelmux/core/http';
import { convertAnthropicMessagesResponse } from './convert-anthropic-messages-response.js';
import { convertAnthropicStreamEvents } from './convert-anthropic-stream-events.js';
import { convertToAnthropicMessagesRequest } from './convert-to-anthropic-messages-request.js';
import {
  anthropicMessageSchema,
  anthropicStreamEventSchema,
  readCommonAnthropicMessage,
  readCommonAnthropicStreamEvent,
} from './vertex-anthropic-api-schemas.js';
import { parseVertexAnthropicProviderOptions } from './vertex-anthropic-provider-options.js';
import type { VertexModelConfig } from './vertex-config.js';

const jsonResponseHandler = createJsonResponseHandler(anthropicMessageSchema, {
  fastPath: readCommonAnthropicMessage,
});
const sseResponseHandler = createSseResponseHandler(anthropicStreamEventSchema, {
  fastPath: readCommonAnthropicStreamEvent,
});

/** Claude on Vertex: `:rawPredict` and `:streamRawPredict` with Anthropic Messages bodies. */
export class VertexAnthropicChatModel implements ChatModel {
  readonly specVersion = 1 as const;
  readonly providerId: string;
  readonly modelId: string;
  private readonly config: VertexModelConfig;
  private readonly rawPredictUrl: string;
  private readonly streamRawPredictUrl: string;

  constructor(modelId: string, config: VertexModelConfig) {
    this.modelId = modelId;
    this.providerId = config.providerId;
    this.config = config;
    this.rawPredictUrl = config.url('anthropic', modelId, 'rawPredict');
    this.streamRawPredictUrl = config.url('anthropic', modelId, 'streamRawPredict');
  }

  /** Image URLs fetched when the settings allow it (an async step only then). */
  private withImages(request: ChatRequest, context: CallContext): ChatRequest | Promise<ChatRequest> {
    const { imageDownload } = this.config;
    if (imageDownload === undefined) return request;
    return downloadImageUrls(request, {
      ...imageDownload,
      dispatcher: this.config.dispatcher,
      signal: context.signal,
    });
  }

  private prepare(request: ChatRequest, stream: boolean, context: CallContext) {
    const { config } = this;
    const defaults = config.modelDefaults(this.modelId);
    const providerOptions = parseVertexAnthropicProviderOptions(request.providerOptions);
    const withDefaults: ChatRequest =
      defaults === undefined
        ? request
        : {
            ...request,
            temperature: request.temperature ?? defaults.temperature,
            topP: request.topP ?? defaults.top_p,
          };
    const converted = convertToAnthropicMessagesRequest(withDefaults, {
      maxOutputTokens:
        request.maxOutputTokens ?? defaults?.max_output_tokens ?? config.defaultMaxOutputTokens,
      stream,
      providerOptions,
    });
    const headers =
      providerOptions?.anthropic_beta === undefined && context.extraHeaders === undefined
        ? config.headers
        : {
            ...config.headers,
            ...context.extraHeaders,
            ...(providerOptions?.anthropic_beta === undefined
              ? {}
              : { 'anthropic-beta': providerOptions.anthropic_beta.join(',') }),
          };
    return { ...converted, headers };
  }

  private post<T>(
    url: string,
    body: unknown,
    headers: Readonly<Record<string, string>>,
    context: CallContext,
    handler: Parameters<typeof postJson<T>>[0]['successfulResponseHandler'],
  ) {
    return postJson({
      url,
      headers,
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
    const withImages = this.withImages(request, context);
    const { body, warnings, jsonOutputTool, headers } = this.prepare(
      withImages instanceof Promise ? await withImages : withImages,
      false,
      context,
    );
    const { value } = await this.post(this.rawPredictUrl, body, headers, context, jsonResponseHandler);
    return convertAnthropicMessagesResponse(value, warnings, jsonOutputTool);
  }

  async stream(request: ChatRequest, context: CallContext): Promise<AsyncIterable<ChatEvent>> {
    const withImages = this.withImages(request, context);
    const { body, warnings, jsonOutputTool, headers } = this.prepare(
      withImages instanceof Promise ? await withImages : withImages,
      true,
      context,
    );
    const { value } = await this.post(this.streamRawPredictUrl, body, headers, context, sseResponseHandler);
    return convertAnthropicStreamEvents(value, {
      warnings,
      url: this.streamRawPredictUrl,
      signal: context.signal,
      providerId: this.providerId,
      modelId: this.modelId,
      jsonOutputTool,
    });
  }
}
