import { createHash } from 'node:crypto';

const VALID_TOOL_USE_ID = /^[a-zA-Z0-9_.:-]{1,64}$/;

/**
 * A client's tool call id as Bedrock accepts it (`^[a-zA-Z0-9_.:-]{1,64}$`). Valid ids pass unchanged; others (ids
 * minted by another provider, say) map to a readable prefix plus a hash of the whole id, the same every time, so a
 * tool call and its result still match and two different ids never collide.
 */
export function toBedrockToolUseId(id: string): string {
  if (VALID_TOOL_USE_ID.test(id)) return id;
  const digest = createHash('sha256').update(id).digest('hex').slice(0, 16);
  const prefix = id.replace(/[^a-zA-Z0-9_.:-]/g, '_').slice(0, 40);
  return `${prefix}-${digest}`;
}
