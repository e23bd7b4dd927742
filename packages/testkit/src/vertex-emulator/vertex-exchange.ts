import type { IncomingMessage, ServerResponse } from 'node:http';
import { EmulatorExchange } from '../shared/emulator-exchange.js';

/** The header that carries the request id on every reply; Anthropic's SDK reads it into `requestID`. */
export const REQUEST_ID_HEADER = 'request-id';

const VERTEX_STYLE = Object.freeze({
  requestIdHeader: REQUEST_ID_HEADER,
  streamHeaders: Object.freeze({ 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }),
});

/** One request to the Vertex emulator and its reply (`request-id` header, server-sent events). */
export class VertexExchange extends EmulatorExchange {
  constructor(request: IncomingMessage, response: ServerResponse, requestId: string) {
    super(request, response, requestId, VERTEX_STYLE);
  }
}
