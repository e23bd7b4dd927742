import {
  type CallContext,
  type EmbeddingModel,
  type EmbedRequest,
  type EmbedResult,
  joinEmbeddingParts,
  mapWithConcurrency,
} from '@modelmux/core';
import { createJsonResponseHandler, postJson } from '@modelmux/core/http';
import { convertOpenAICompatibleEmbeddingResponse } from './convert-openai-compatible-embedding-response.js';
import { convertToOpenAICompatibleEmbeddingRequest } from './convert-to-openai-compatible-embedding-request.js';
import { openAICompatibleEmbeddingResponseSchema } from './openai-compatible-api-schemas.js';
import type { OpenAICompatibleModelConfig } from './openai-compatible-config.js';
import { parseOpenAICompatibleProviderOptions } from './openai-compatible-provider-options.js';

const jsonResponseHandler = createJsonResponseHandler(openAICompatibleEmbeddingResponseSchema);

/** At most this many `/embeddings` calls of one request are in flight at once. */
export const OPENAI_COMPATIBLE_EMBEDDING_CONCURRENCY = 4;

/**
 * Embeddings over `POST {base}/embeddings`. A request with more inputs than one call takes (`maxInputsPerCall`, 2048
 * on OpenAI) is split into calls of at most that many, at most four in flight; the vectors come back in input order.
 * One failed call fails the whole request with its error and cancels the others.
 */
export class OpenAICompatibleEmbeddingModel implements EmbeddingModel {
  readonly specVersion = 1 as const;
  readonly providerId: string;
  readonly modelId: string;
  readonly maxInputsPerCall: number;
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
    this.maxInputsPerCall = config.embeddingInputsPerCall;
    this.url = config.url('/embeddings', this.upstreamModelId);
  }

  async embed(request: EmbedRequest, context: CallContext): Promise<EmbedResult> {
    const providerOptions = parseOpenAICompatibleProviderOptions(
      request.providerOptions,
      this.config.providerType,
    );
    const size = this.maxInputsPerCall;
    const slices: Array<Array<string | number[]>> = [];
    if (request.inputs.length <= size) slices.push(request.inputs);
    else
      for (let first = 0; first < request.inputs.length; first += size)
        slices.push(request.inputs.slice(first, first + size));
    let modelId: string | undefined;
    const parts = await mapWithConcurrency(
      slices,
      { concurrency: OPENAI_COMPATIBLE_EMBEDDING_CONCURRENCY, signal: context.signal },
      async (inputs, _index, signal) => {
        const body = convertToOpenAICompatibleEmbeddingRequest(request, inputs, {
          modelId: this.upstreamModelId,
          includeModel: this.config.includeModelInBody,
          requestBase64: this.config.embeddingBase64,
          providerOptions,
        });
        const { value } = await postJson({
          url: this.url,
          headers:
            context.extraHeaders === undefined
              ? this.config.headers
              : { ...this.config.headers, ...context.extraHeaders },
          body,
          dispatcher: this.config.dispatcher,
          signal,
          authorize: this.config.authorize,
          successfulResponseHandler: jsonResponseHandler,
          failedResponseHandler: this.config.failedResponseHandler,
          providerId: this.providerId,
          modelId: this.modelId,
        });
        const part = convertOpenAICompatibleEmbeddingResponse(value, {
          expectedCount: inputs.length,
          providerId: this.providerId,
          modelId: this.modelId,
        });
        modelId ??= part.modelId;
        return part;
      },
    );
    const result: EmbedResult = { ...joinEmbeddingParts(parts), warnings: [] };
    if (modelId !== undefined) result.modelId = modelId;
    return result;
  }
}
