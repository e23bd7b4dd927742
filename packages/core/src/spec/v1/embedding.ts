import type { ProviderOptions } from './chat-request.js';
import type { Warning } from './warning.js';

export interface EmbedRequest {
  /** Texts, or token arrays where the upstream accepts them. */
  inputs: Array<string | number[]>;
  dimensions?: number;
  user?: string;
  providerOptions?: ProviderOptions;
}

export interface EmbedResult {
  /** One vector per input, in input order. */
  embeddings: number[][];
  usage: { inputTokens?: number };
  modelId?: string;
  warnings: Warning[];
}
