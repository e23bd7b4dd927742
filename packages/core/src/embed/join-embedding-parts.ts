import type { EmbeddingVector } from '../spec/v1/embedding.js';

/** What one upstream call of a split embedding request produced. */
export interface EmbeddingPart {
  embeddings: EmbeddingVector[];
  /** Undefined when the upstream did not report a count. */
  inputTokens?: number;
}

/**
 * Joins the parts of a split embedding request in order. The token count is the sum, or unknown when any part
 * reported none (a partial sum would understate it).
 */
export function joinEmbeddingParts(parts: readonly EmbeddingPart[]): {
  embeddings: EmbeddingVector[];
  usage: { inputTokens?: number };
} {
  if (parts.length === 1) {
    const [part] = parts as [EmbeddingPart];
    return {
      embeddings: part.embeddings,
      usage: part.inputTokens === undefined ? {} : { inputTokens: part.inputTokens },
    };
  }
  const embeddings: EmbeddingVector[] = [];
  let inputTokens: number | undefined = 0;
  for (const part of parts) {
    for (const vector of part.embeddings) embeddings.push(vector);
    inputTokens =
      inputTokens === undefined || part.inputTokens === undefined
        ? undefined
        : inputTokens + part.inputTokens;
  }
  return { embeddings, usage: inputTokens === undefined ? {} : { inputTokens } };
}
