/** The model operations the emulator serves (the last path segment). */
export type BedrockOperation = 'converse' | 'converse-stream' | 'invoke';

/** What a `/model/{modelId}/{operation}` path names. */
export interface BedrockModelRoute {
  /** Decoded, e.g. `anthropic.claude-3-5-sonnet-20240620-v1:0` or an ARN. */
  modelId: string;
  /** Not necessarily one the emulator serves. */
  operation: string;
}

const MODEL_PATH = /^\/model\/([^/]+)\/([^/]+)$/;
const SERVED_OPERATIONS: readonly string[] = ['converse', 'converse-stream', 'invoke'];

/**
 * Parses `/model/{modelId}/{operation}` (without the query). The model id is percent-decoded after the split, so
 * an ARN's `%2F` stays inside it. Undefined when the path has another shape.
 */
export function parseBedrockModelPath(pathname: string): BedrockModelRoute | undefined {
  const match = MODEL_PATH.exec(pathname);
  if (match === null) return undefined;
  try {
    return { modelId: decodeURIComponent(match[1]!), operation: decodeURIComponent(match[2]!) };
  } catch {
    return undefined;
  }
}

/** True when the emulator serves `route.operation`. */
export function isServedOperation(
  route: BedrockModelRoute,
): route is BedrockModelRoute & { operation: BedrockOperation } {
  return SERVED_OPERATIONS.includes(route.operation);
}
