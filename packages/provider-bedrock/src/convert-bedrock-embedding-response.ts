import { UpstreamResponseError } from '@modelmux/core';
import type { CohereEmbeddingResponse, TitanEmbeddingResponse } from './bedrock-embedding-api-schemas.js';

/** The vectors and token count of one InvokeModel call. */
export interface BedrockEmbeddingPartResult {
  embeddings: number[][];
  /** From Titan's `inputTextTokenCount`, else the `x-amzn-bedrock-input-token-count` header; undefined if neither. */
  inputTokens?: number;
}

/** The header Bedrock reports an InvokeModel call's input tokens in. */
export const BEDROCK_INPUT_TOKEN_COUNT_HEADER = 'x-amzn-bedrock-input-token-count';

function readTokenCountHeader(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || !/^\d+$/.test(text.trim())) return undefined;
  return Number.parseInt(text, 10);
}

/**
 * One InvokeModel answer → its vectors in input order and its token count. Titan's body carries the vector (and
 * usually `inputTextTokenCount`); Cohere's carries `embeddings` as a list or keyed by type (`float` is read). A
 * vector count that differs from the input count is an invalid response.
 */
export function convertBedrockEmbeddingResponse(
  response: TitanEmbeddingResponse | CohereEmbeddingResponse,
  options: {
    expectedCount: number;
    responseHeaders: Readonly<Record<string, string | string[] | undefined>>;
    providerId?: string;
    modelId?: string;
  },
): BedrockEmbeddingPartResult {
  let embeddings: number[][];
  let inputTokens: number | undefined;
  if ('embedding' in response) {
    embeddings = [response.embedding];
    inputTokens = typeof response.inputTextTokenCount === 'number' ? response.inputTextTokenCount : undefined;
  } else {
    embeddings = Array.isArray(response.embeddings) ? response.embeddings : response.embeddings.float;
  }
  if (embeddings.length !== options.expectedCount) {
    throw new UpstreamResponseError({
      message: `Bedrock returned ${embeddings.length} embeddings for ${options.expectedCount} inputs.`,
      providerId: options.providerId,
      modelId: options.modelId,
    });
  }
  inputTokens ??= readTokenCountHeader(options.responseHeaders[BEDROCK_INPUT_TOKEN_COUNT_HEADER]);
  return inputTokens === undefined ? { embeddings } : { embeddings, inputTokens };
}
