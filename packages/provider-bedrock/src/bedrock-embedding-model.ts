import {
  type CallContext,
  type EmbeddingModel,
  type EmbedRequest,
  type EmbedResult,
  joinEmbeddingParts,
  mapWithConcurrency,
  NoSuchModelError,
} from '@modelmux/core';
import { createJsonResponseHandler, postJson, type ResponseHandler } from '@modelmux/core/http';
import type { BedrockModelConfig } from './bedrock-config.js';
import {
  type CohereEmbeddingResponse,
  cohereEmbeddingResponseSchema,
  type TitanEmbeddingResponse,
  titanEmbeddingResponseSchema,
} from './bedrock-embedding-api-schemas.js';
import { parseBedrockEmbeddingProviderOptions } from './bedrock-embedding-provider-options.js';
import {
  type BedrockEmbeddingPartResult,
  convertBedrockEmbeddingResponse,
} from './convert-bedrock-embedding-response.js';
import {
  BEDROCK_EMBEDDING_MAX_INPUTS_PER_CALL,
  type BedrockEmbeddingFamily,
  type BedrockEmbeddingRequest,
  bedrockEmbeddingFamily,
  convertToBedrockEmbeddingRequest,
} from './convert-to-bedrock-embedding-request.js';

/** At most this many InvokeModel calls of one request are in flight at once. */
export const BEDROCK_EMBEDDING_CONCURRENCY = 4;

const titanResponseHandler = createJsonResponseHandler(titanEmbeddingResponseSchema);
const cohereResponseHandler = createJsonResponseHandler(cohereEmbeddingResponseSchema);

type BedrockEmbeddingCall = BedrockEmbeddingRequest['calls'][number];

/**
 * Bedrock text embeddings over `POST /model/{modelId}/invoke`: Titan Text Embeddings V2 (one text per call) and
 * Cohere Embed v3/v4 (up to 96 per call). A request with more inputs than one call takes is split, at most four
 * calls in flight; the vectors come back in input order and the token counts are summed (unknown when any call
 * reports none). One failed call fails the whole request with its error and cancels the others.
 */
export class BedrockEmbeddingModel implements EmbeddingModel {
  readonly specVersion = 1 as const;
  readonly providerId: string;
  readonly modelId: string;
  readonly maxInputsPerCall: number;
  private readonly config: BedrockModelConfig;
  private readonly family: BedrockEmbeddingFamily;
  private readonly url: string;

  /** Throws `NoSuchModelError` (`MMX_MODEL_KIND_UNSUPPORTED`) for a model that is not a supported embedding model. */
  constructor(modelId: string, config: BedrockModelConfig) {
    const family = bedrockEmbeddingFamily(modelId);
    if (family === undefined) {
      throw new NoSuchModelError({
        modelReference: `${config.providerId}:${modelId}`,
        code: 'MMX_MODEL_KIND_UNSUPPORTED',
        message: `'${modelId}' is not an embedding model this provider supports (amazon.titan-embed-text-v2:0, cohere.embed-english-v3, cohere.embed-multilingual-v3, cohere.embed-v4:0).`,
      });
    }
    this.modelId = modelId;
    this.providerId = config.providerId;
    this.config = config;
    this.family = family;
    this.maxInputsPerCall = BEDROCK_EMBEDDING_MAX_INPUTS_PER_CALL[family];
    this.url = config.url(modelId, 'invoke');
  }

  async embed(request: EmbedRequest, context: CallContext): Promise<EmbedResult> {
    const converted = convertToBedrockEmbeddingRequest(request, {
      family: this.family,
      providerOptions: parseBedrockEmbeddingProviderOptions(
        request.providerOptions,
        this.config.providerType,
      ),
    });
    const parts = await mapWithConcurrency(
      converted.calls,
      { concurrency: BEDROCK_EMBEDDING_CONCURRENCY, signal: context.signal },
      (call, _index, signal) => this.embedPart(call, context, signal),
    );
    return { ...joinEmbeddingParts(parts), warnings: converted.warnings };
  }

  private async embedPart(
    call: BedrockEmbeddingCall,
    context: CallContext,
    signal: AbortSignal,
  ): Promise<BedrockEmbeddingPartResult> {
    const { config } = this;
    const successfulResponseHandler: ResponseHandler<TitanEmbeddingResponse | CohereEmbeddingResponse> =
      this.family === 'titan-text-v2' ? titanResponseHandler : cohereResponseHandler;
    const { value, responseHeaders } = await postJson({
      url: this.url,
      headers:
        context.extraHeaders === undefined ? config.headers : { ...config.headers, ...context.extraHeaders },
      body: call.body,
      dispatcher: config.dispatcher,
      signal,
      authorize: config.authorize,
      successfulResponseHandler,
      failedResponseHandler: config.failedResponseHandler,
      providerId: this.providerId,
      modelId: this.modelId,
    });
    return convertBedrockEmbeddingResponse(value, {
      expectedCount: call.inputCount,
      responseHeaders,
      providerId: this.providerId,
      modelId: this.modelId,
    });
  }
}
