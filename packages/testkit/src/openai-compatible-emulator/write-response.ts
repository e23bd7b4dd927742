import type { EmulatorExchange } from '../shared/emulator-exchange.js';
import { emulateResponse, type ResponseTarget } from './emulated-response.js';
import type { ResponsePlan } from './response-plan.js';
import { responseEventFrame, responseStreamEvents } from './response-stream-events.js';
import type { ResponsesRequest } from './responses-request.js';

/**
 * Answers a Responses request with the `response` a plan produces, after the plan's first-byte delay: the JSON body,
 * or with `stream: true` the server-sent events, written at once or one every `chunkDelayMs` milliseconds until done
 * or until the client goes away.
 */
export function writeResponse(
  exchange: EmulatorExchange,
  request: ResponsesRequest,
  plan: ResponsePlan,
  target: ResponseTarget,
): void {
  const response = emulateResponse(request, plan, target);
  exchange.afterDelay(plan.firstByteDelayMs, () => {
    if (request.stream !== true) {
      exchange.sendJson(200, response.final);
      return;
    }
    const frames = responseStreamEvents(response, plan).map(responseEventFrame);
    if (plan.chunkDelayMs === undefined || plan.chunkDelayMs <= 0) exchange.sendEventStream(frames.join(''));
    else exchange.sendEventStream(frames, plan.chunkDelayMs);
  });
}
