import type { CallContext, ChatEvent, ChatModel, ChatRequest, ChatResult } from '@modelmux/core';
import {
  createJsonResponseHandler,
  downloadImageUrls,
  type PostJsonOptions,
  postJson,
  type ResponseHandler,
} from '@modelmux/core/http';
import { convertOllamaChatResponse } from './convert-ollama-chat-response.js';
import { convertOllamaStreamLines } from './convert-ollama-stream-lines.js';
import { convertToOllamaChatRequest } from './convert-to-ollama-chat-request.js';
import { createOllamaNdjsonResponseHandler } from './decode-ollama-ndjson-stream.js';
import { ollamaChatResponseSchema } from './ollama-api-schemas.js';
import type { OllamaModelConfig } from './ollama-config.js';
import { parseOllamaProviderOptions } from './ollama-provider-options.js';

const jsonResponseHandler = createJsonResponseHandler(ollamaChatResponseSchema);
const ndjsonResponseHandler = createOllamaNdjsonResponseHandler(ollamaChatResponseSchema);

/** Chat over Ollama's native `POST {base_url}/api/chat`: one JSON reply, or an NDJSON stream. */
export class OllamaChatModel implements ChatModel {
  readonly specVersion = 1 as const;
  readonly providerId: string;
  readonly modelId: string;
  private readonly config: OllamaModelConfig;
  private readonly url: string;

  constructor(modelId: string, config: OllamaModelConfig) {
    this.modelId = modelId;
    this.providerId = config.providerId;
    this.config = config;
    this.url = config.url('/api/chat');
  }

  private async prepare(request: ChatRequest, stream: boolean, context: CallContext) {
    const { config } = this;
    const providerOptions = parseOllamaProviderOptions(request.providerOptions, config.providerType);
    // Ollama takes images as base64 only: URLs are fetched first when the settings allow it.
    const withImages =
      config.imageDownload === undefined
        ? request
        : await downloadImageUrls(request, {
            ...config.imageDownload,
            dispatcher: config.dispatcher,
            signal: context.signal,
          });
    return convertToOllamaChatRequest(withImages, {
      modelId: this.modelId,
      stream,
      keepAlive: config.keepAlive,
      defaults: config.modelDefaults(this.modelId),
      providerOptions,
    });
  }

  private post<T>(body: unknown, context: CallContext, handler: ResponseHandler<T>) {
    const options: PostJsonOptions<T> = {
      url: this.url,
      headers:
        context.extraHeaders === undefined
          ? this.config.headers
          : { ...this.config.headers, ...context.extraHeaders },
      body,
      dispatcher: this.config.dispatcher,
      signal: context.signal,
      successfulResponseHandler: handler,
      failedResponseHandler: this.config.failedResponseHandler,
      providerId: this.providerId,
      modelId: this.modelId,
    };
    return postJson(options);
  }

  async generate(request: ChatRequest, context: CallContext): Promise<ChatResult> {
    const { body, warnings } = await this.prepare(request, false, context);
    const { value } = await this.post(body, context, jsonResponseHandler);
    return convertOllamaChatResponse(value, warnings);
  }

  async stream(request: ChatRequest, context: CallContext): Promise<AsyncIterable<ChatEvent>> {
    const { body, warnings } = await this.prepare(request, true, context);
    const { value } = await this.post(body, context, ndjsonResponseHandler);
    return convertOllamaStreamLines(value, {
      warnings,
      url: this.url,
      signal: context.signal,
      providerId: this.providerId,
      modelId: this.modelId,
    });
  }
}
