import type { CallContext, ChatEvent, ChatModel, ChatRequest, ChatResult } from '@modelmux/core';
import {
  createJsonResponseHandler,
  downloadImageUrls,
  postJson,
  type ResponseHandler,
} from '@modelmux/core/http';
import type { BedrockModelConfig } from './bedrock-config.js';
import { bedrockConverseResponseSchema } from './bedrock-converse-api-schemas.js';
import { parseBedrockChatProviderOptions } from './bedrock-provider-options.js';
import { convertBedrockConverseResponse } from './convert-bedrock-converse-response.js';
import { convertBedrockStreamEvents } from './convert-bedrock-stream-events.js';
import { convertToBedrockConverseRequest } from './convert-to-bedrock-converse-request.js';
import { type BedrockStreamFrame, decodeBedrockEventStream } from './decode-bedrock-event-stream.js';

const jsonResponseHandler = createJsonResponseHandler(bedrockConverseResponseSchema);
const eventStreamResponseHandler: ResponseHandler<AsyncIterable<BedrockStreamFrame[]>> = async (response) =>
  decodeBedrockEventStream(response.body);

/** Chat over Bedrock Converse (`/converse`) and ConverseStream (`/converse-stream`, binary event stream). */
export class BedrockChatModel implements ChatModel {
  readonly specVersion = 1 as const;
  readonly providerId: string;
  readonly modelId: string;
  private readonly config: BedrockModelConfig;
  private readonly converseUrl: string;
  private readonly converseStreamUrl: string;

  constructor(modelId: string, config: BedrockModelConfig) {
    this.modelId = modelId;
    this.providerId = config.providerId;
    this.config = config;
    this.converseUrl = config.url(modelId, 'converse');
    this.converseStreamUrl = config.url(modelId, 'converse-stream');
  }

  /** Image URLs fetched when the settings allow it (an async step only then). */
  private async withImages(request: ChatRequest, context: CallContext): Promise<ChatRequest> {
    const { imageDownload } = this.config;
    if (imageDownload === undefined) return request;
    return downloadImageUrls(request, {
      ...imageDownload,
      dispatcher: this.config.dispatcher,
      signal: context.signal,
    });
  }

  private prepare(request: ChatRequest) {
    const defaults = this.config.modelDefaults(this.modelId);
    const withDefaults: ChatRequest =
      defaults === undefined
        ? request
        : {
            ...request,
            temperature: request.temperature ?? defaults.temperature,
            topP: request.topP ?? defaults.top_p,
          };
    const defaultMaxOutputTokens = defaults?.max_output_tokens ?? this.config.defaultMaxOutputTokens;
    return convertToBedrockConverseRequest(withDefaults, {
      modelId: this.modelId,
      ...(defaultMaxOutputTokens === undefined ? {} : { defaultMaxOutputTokens }),
      providerOptions: parseBedrockChatProviderOptions(request.providerOptions),
    });
  }

  private post<T>(url: string, body: unknown, context: CallContext, handler: ResponseHandler<T>) {
    return postJson({
      url,
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
    const { body, warnings, jsonOutputTool } = this.prepare(
      this.config.imageDownload === undefined ? request : await this.withImages(request, context),
    );
    const { value } = await this.post(this.converseUrl, body, context, jsonResponseHandler);
    return convertBedrockConverseResponse(value, warnings, jsonOutputTool);
  }

  async stream(request: ChatRequest, context: CallContext): Promise<AsyncIterable<ChatEvent>> {
    const { body, warnings, jsonOutputTool } = this.prepare(
      this.config.imageDownload === undefined ? request : await this.withImages(request, context),
    );
    const { value } = await this.post(this.converseStreamUrl, body, context, eventStreamResponseHandler);
    return convertBedrockStreamEvents(value, {
      warnings,
      url: this.converseStreamUrl,
      signal: context.signal,
      providerId: this.providerId,
      modelId: this.modelId,
      jsonOutputTool,
    });
  }
}
