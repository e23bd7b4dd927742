/**
 * How a reasoning item carries what a provider needs to restore the original block next turn (Claude's thinking
 * signature, or redacted thinking): our own opaque `encrypted_content`, `mmx1.` + base64url of a small JSON object.
 * Clients send it back unchanged (as OpenAI's clients do with `reasoning.encrypted_content`).
 */
const PREFIX = 'mmx1.';

export interface ReasoningSeal {
  signature?: string;
  redactedData?: string;
}

export function sealReasoning(seal: ReasoningSeal): string | undefined {
  if (seal.signature === undefined && seal.redactedData === undefined) return undefined;
  const payload = seal.redactedData === undefined ? { s: seal.signature } : { r: seal.redactedData };
  return PREFIX + Buffer.from(JSON.stringify(payload)).toString('base64url');
}

/** The seal inside an `encrypted_content` this gateway wrote; undefined for anything else (another server's). */
export function openReasoningSeal(encrypted: string): ReasoningSeal | undefined {
  if (!encrypted.startsWith(PREFIX)) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(encrypted.slice(PREFIX.length), 'base64url').toString('utf8')) as {
      s?: unknown;
      r?: unknown;
    };
    if (typeof payload.r === 'string') return { redactedData: payload.r };
    if (typeof payload.s === 'string') return { signature: payload.s };
  } catch {
    // Not ours after all.
  }
  return undefined;
}
