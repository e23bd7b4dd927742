/**
 * Gemini needs the `thoughtSignature` of a `functionCall` part back on that same part in the next turn, but clients
 * only echo the tool call id. So the signature travels inside the id: `${id}__thought__${signature}`.
 */
export const THOUGHT_SIGNATURE_SEPARATOR = '__thought__';

// The ids we mint when Gemini gives none; they never go back to Gemini as `functionCall.id`.
const MINTED_CALL_ID = /^call_\d+$/;

/** The id a Gemini tool call gets: Gemini's own `functionCall.id`, else `call_<index>`, plus its signature if any. */
export function encodeGeminiToolCallId(
  geminiId: string | null | undefined,
  index: number,
  thoughtSignature: string | null | undefined,
): string {
  const id = geminiId === null || geminiId === undefined || geminiId === '' ? `call_${index}` : geminiId;
  return thoughtSignature === null || thoughtSignature === undefined || thoughtSignature === ''
    ? id
    : `${id}${THOUGHT_SIGNATURE_SEPARATOR}${thoughtSignature}`;
}

export interface DecodedGeminiToolCallId {
  /** The id without the signature. */
  id: string;
  thoughtSignature?: string;
  /** False when we minted the id (`call_<n>`): it is then not sent to Gemini as `functionCall.id`. */
  fromUpstream: boolean;
}

/** Splits a tool call id the client echoed back into the id and the thought signature it carries. */
export function decodeGeminiToolCallId(callId: string): DecodedGeminiToolCallId {
  const at = callId.indexOf(THOUGHT_SIGNATURE_SEPARATOR);
  const id = at < 0 ? callId : callId.slice(0, at);
  const decoded: DecodedGeminiToolCallId = { id, fromUpstream: !MINTED_CALL_ID.test(id) };
  if (at >= 0) {
    const signature = callId.slice(at + THOUGHT_SIGNATURE_SEPARATOR.length);
    if (signature !== '') decoded.thoughtSignature = signature;
  }
  return decoded;
}
