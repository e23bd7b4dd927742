import type { CallContext, ChatEvent, ChatModel, ChatRequest, ChatResult } from '@modelmux/core';
import {
  createJsonResponseHandler,
  createSseResponseHandler,
  postJson,
  type ResponseHandler,
  readUpstreamRequestId,
} from '@modelmux/core/http';
import { convertGeminiResponse } from './convert-gemini-response.js';
import { convertGeminiStreamChunks } from './convert-gemini-stream-chunks.js';
import { convertToGeminiRequest } from './convert-to-gemini-request.js';
import { parseGeminiProviderOptions } from './gemini-provider-options.js';
import type { VertexModelConfig } from './vertex-config.js';
import { geminiChunkSchema, geminiResponseSchema } from './vertex-gemini-api-schemas.js';
import type { VertexModelDefaults } from './vertex-settings.js';

const jsonResponseHandler = createJsonResponseHandler(geminiResponseSchema);
// Gemini's SSE has no terminator: the stream just ends (WIRE-FORMATS §5.4).
const sseResponseHandler = createSseResponseHandler(geminiChunkSchema);

/**
 * Gemini chat on Vertex AI: `generate` posts to `:generateContent`, `stream` to `:streamGenerateContent?alt=sse`
 * (without `alt=sse` Vertex streams a JSON array instead).
 */
export class VertexGeminiChatModel implements ChatModel {
  readonly specVersion = 1 as const;
  readonly providerId: string;
  readonly modelId: string;
  private readonly config: VertexModelConfig;
  private readonly generateUrl: string;
  private readonly streamUrl: string;
  private readonly defaults: VertexModelDefaults | undefined;

  constructor(modelId: string, config: VertexModelConfig) {
    this.modelId = modelId;
    this.providerId = config.providerId;
    this.config = config;
    this.generateUrl = config.url('google', modelId, 'generateContent');
    this.streamUrl = `${config.url('google', modelId, 'streamGenerateContent')}?alt=sse`;
    this.defaults = config.modelDefaults(modelId);
  }

  private prepare(request: ChatRequest) {
    return convertToGeminiRequest(request, {
      modelId: this.modelId,
      defaults: this.defaults,
      providerOptions: parseGeminiProviderOptions(request.providerOptions, this.config.providerType),
    });
  }

  private post<T>(url: string, body: unknown, context: CallContext, handler: ResponseHandler<T>) {
    const { config } = this;
    return postJson({
      url,
      headers:
        context.extraHeaders === undefined ? config.headers : { ...config.headers, ...context.extraHeaders },
      body,
      dispatcher: config.dispatcher,
      signal: context.signal,
      authorize: config.authorize,
      successfulResponseHandler: handler,
      failedResponseHandler: config.failedResponseHandler,
      providerId: this.providerId,
      modelId: this.modelId,
    });
  }

  async generate(request: ChatRequest, context: CallContext): Promise<ChatResult> {
    const { body, warnings } = this.prepare(request);
    const { value, responseHeaders } = await this.post(this.generateUrl, body, context, jsonResponseHandler);
    const result = convertGeminiResponse(value, warnings, {
      url: this.generateUrl,
      providerId: this.providerId,
      modelId: this.modelId,
    });
    const requestId = readUpstreamRequestId(responseHeaders);
    if (requestId !== undefined) result.upstream = { requestId };
    return result;
  }

  async stream(request: ChatRequest, context: CallContext): Promise<AsyncIterable<ChatEvent>> {
    const { body, warnings } = this.prepare(request);
    const { value } = await this.post(this.streamUrl, body, context, sseResponseHandler);
    return convertGeminiStreamChunks(value, {
      warnings,
      url: this.streamUrl,
      signal: context.signal,
      providerId: this.providerId,
      modelId: this.modelId,
    });
  }
}
