/** The Bedrock Runtime endpoint of a region. */
export function bedrockEndpoint(region: string): string {
  return `https://bedrock-runtime.${region}.amazonaws.com`;
}

/**
 * `{endpoint}/model/{modelId}/{operation}` with the model id URL-encoded as the AWS SDK does (`:` → `%3A`, the `/`
 * of ARNs → `%2F`).
 */
export function bedrockModelUrl(endpoint: string, modelId: string, operation: string): string {
  return `${endpoint}/model/${encodeURIComponent(modelId)}/${operation}`;
}
