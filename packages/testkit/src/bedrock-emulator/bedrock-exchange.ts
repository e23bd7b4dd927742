import type { IncomingMessage, ServerResponse } from 'node:http';
import { EmulatorExchange } from '../shared/emulator-exchange.js';

/** The header that carries the request id on every reply; the AWS SDK reads it into `$metadata.requestId`. */
export const REQUEST_ID_HEADER = 'x-amzn-requestid';

const BEDROCK_STYLE = Object.freeze({
  requestIdHeader: REQUEST_ID_HEADER,
  streamHeaders: Object.freeze({ 'content-type': 'application/vnd.amazon.eventstream' }),
});

/** One request to the Bedrock emulator and its reply (`x-amzn-requestid` header, binary event streams). */
export class BedrockExchange extends EmulatorExchange {
  constructor(request: IncomingMessage, response: ServerResponse, requestId: string) {
    super(request, response, requestId, BEDROCK_STYLE);
  }
}
