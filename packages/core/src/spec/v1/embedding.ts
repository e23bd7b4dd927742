import type { ProviderOptions } from './chat-request.js';
import type { Warning } from './warning.js';

/**
 * One embedding. A `Float32Array` holds exactly what the upstream sent as raw float32 (no decimal round trip); plain
 * numbers are what it sent as JSON.
 */
export type EmbeddingVector = number[] | Float32Array;

export interface EmbedRequest {
  /** Texts, or token arrays where the upstream accepts them. */
  inputs: Array<string | number[]>;
  dimensions?: number;
  user?: string;
  /**
   * The client will receive the vectors as raw float32 (for example OpenAI's `encoding_format: "base64"`), so a
   * provider whose upstream can send float32 bytes may return `Float32Array` vectors instead of parsing decimals.
   */
  acceptsFloat32Vectors?: boolean;
  providerOptions?: ProviderOptions;
}

export interface EmbedResult {
  /** One vector per input, in input order. */
  embeddings: EmbeddingVector[];
  usage: { inputTokens?: number };
  modelId?: string;
  warnings: Warning[];
}
