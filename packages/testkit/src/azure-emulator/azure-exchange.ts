import type { IncomingMessage, ServerResponse } from 'node:http';
import { EmulatorExchange, OPENAI_EXCHANGE_STYLE } from '../shared/emulator-exchange.js';

/**
 * One request to the Azure OpenAI emulator and its reply. Every reply carries the request id twice, as Azure does:
 * `x-request-id` (which the OpenAI SDK reads into `_request_id`) and `apim-request-id`.
 */
export class AzureExchange extends EmulatorExchange {
  constructor(request: IncomingMessage, response: ServerResponse, requestId: string) {
    super(request, response, requestId, OPENAI_EXCHANGE_STYLE);
    response.setHeader('apim-request-id', requestId);
  }
}
