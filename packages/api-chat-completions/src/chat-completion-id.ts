/** The id the client sees: the upstream's when it looks like one of ours, else one derived from the request id. */
export function chatCompletionId(upstreamId: string | undefined, requestId: string): string {
  return upstreamId?.startsWith('chatcmpl-') ? upstreamId : `chatcmpl-${requestId}`;
}
