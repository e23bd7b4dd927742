/** A model reference split into its instance id and upstream model id. */
export interface ModelTarget {
  instanceId: string;
  modelId: string;
  /** `instanceId:modelId`. */
  reference: string;
}

/**
 * Splits `instance:model` at the first colon (upstream ids may contain more colons, e.g. Bedrock's
 * `anthropic.claude-…-v1:0`). Returns undefined when there is no instance part or no model part.
 */
export function parseModelReference(reference: string): ModelTarget | undefined {
  const colon = reference.indexOf(':');
  if (colon <= 0 || colon === reference.length - 1) return undefined;
  return { instanceId: reference.slice(0, colon), modelId: reference.slice(colon + 1), reference };
}
