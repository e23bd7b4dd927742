import type { FastifyReply } from 'fastify';

/**
 * Tells the client what the gateway itself cost: `x-modelmux-overhead-ms` (the time since the request arrived minus
 * the time spent waiting on the upstream) and a `server-timing` header with both parts. For a stream, it is set as the
 * reply starts, so it covers the work up to the first event.
 */
export function setOverheadHeaders(reply: FastifyReply, upstreamMs: number): void {
  const totalMs = reply.elapsedTime;
  const overheadMs = Math.max(0, totalMs - upstreamMs);
  const overhead = overheadMs.toFixed(2);
  reply.header('x-modelmux-overhead-ms', overhead);
  reply.header('server-timing', `gateway;dur=${overhead}, upstream;dur=${upstreamMs.toFixed(2)}`);
  const call = reply.request.modelmuxCall;
  if (call !== undefined) {
    call.overheadMs = overheadMs;
    call.firstByteMs = totalMs;
  }
}
