import {
  type CallContext,
  type EmbeddingModel,
  type EmbedRequest,
  type EmbedResult,
  joinEmbeddingParts,
  mapWithConcurrency,
  type Warning,
} from '@modelmux/core';
import { createJsonResponseHandler, postJson } from '@modelmux/core/http';
import {
  convertToVertexEmbeddingRequest,
  type VertexEmbeddingInstance,
  type VertexEmbeddingRequest,
} from './convert-to-vertex-embedding-request.js';
import {
  convertVertexEmbeddingResponse,
  type VertexEmbeddingPartResult,
} from './convert-vertex-embedding-response.js';
import type { VertexModelConfig } from './vertex-config.js';
import { vertexEmbeddingResponseSchema } from './vertex-embedding-api-schemas.js';
import { parseVertexEmbeddingProviderOptions } from './vertex-embedding-provider-options.js';

const jsonResponseHandler = createJsonResponseHandler(vertexEmbeddingResponseSchema);

/** At most this many `:predict` calls of one request are in flight at once. */
export const VERTEX_EMBEDDING_CONCURRENCY = 4;

/**
 * How many inputs one `:predict` call takes. WIRE-FORMATS §6: `gemini-embedding-001` accepts one instance per
 * request (Google's page), so it — and the rest of the `gemini-embedding` family — gets 1. The text embedding models
 * (`text-embedding-005`, `text-multilingual-embedding-002`, and the legacy `text-embedding-004` / `textembedding-gecko`)
 * take up to 250 instances per request: Google's documented limit, which §6 does not restate.
 */
export function vertexEmbeddingMaxInputsPerCall(modelId: string): number {
  return modelId.startsWith('gemini-embedding') ? 1 : 250;
}

/**
 * Vertex text embeddings over `POST …/models/{model}:predict`. A request with more inputs than one call takes is
 * split into calls of at most `maxInputsPerCall` inputs, at most four in flight; the vectors come back in input order.
 * One failed call fails the whole request with that call's error and cancels the others.
 */
export class VertexEmbeddingModel implements EmbeddingModel {
  readonly specVersion = 1 as const;
  readonly providerId: string;
  readonly modelId: string;
  readonly maxInputsPerCall: number;
  private readonly config: VertexModelConfig;
  private readonly url: string;

  constructor(modelId: string, config: VertexModelConfig) {
    this.modelId = modelId;
    this.providerId = config.providerId;
    this.config = config;
    this.maxInputsPerCall = vertexEmbeddingMaxInputsPerCall(modelId);
    this.url = config.url('google', modelId, 'predict');
  }

  async embed(request: EmbedRequest, context: CallContext): Promise<EmbedResult> {
    const converted = convertToVertexEmbeddingRequest(request, {
      providerOptions: parseVertexEmbeddingProviderOptions(request.providerOptions, this.config.providerType),
    });
    const size = this.maxInputsPerCall;
    const slices: VertexEmbeddingInstance[][] = [];
    for (let first = 0; first < converted.instances.length; first += size)
      slices.push(converted.instances.slice(first, first + size));
    const parts = await mapWithConcurrency(
      slices,
      { concurrency: VERTEX_EMBEDDING_CONCURRENCY, signal: context.signal },
      (instances, index, signal) => this.embedPart(instances, index * size, converted, context, signal),
    );
    return { ...joinEmbeddingParts(parts), warnings: converted.warnings };
  }

  private async embedPart(
    instances: VertexEmbeddingInstance[],
    firstIndex: number,
    converted: { parameters?: VertexEmbeddingRequest['parameters']; warnings: Warning[] },
    context: CallContext,
    signal: AbortSignal,
  ): Promise<VertexEmbeddingPartResult> {
    const { config } = this;
    const body =
      converted.parameters === undefined ? { instances } : { instances, parameters: converted.parameters };
    const { value } = await postJson({
      url: this.url,
      headers:
        context.extraHeaders === undefined ? config.headers : { ...config.headers, ...context.extraHeaders },
      body,
      dispatcher: config.dispatcher,
      signal,
      authorize: config.authorize,
      successfulResponseHandler: jsonResponseHandler,
      failedResponseHandler: config.failedResponseHandler,
      providerId: this.providerId,
      modelId: this.modelId,
    });
    return convertVertexEmbeddingResponse(
      value,
      { expectedCount: instances.length, firstIndex, providerId: this.providerId, modelId: this.modelId },
      converted.warnings,
    );
  }
}
