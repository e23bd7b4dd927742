import type { EmulatorExchange } from '../shared/emulator-exchange.js';
import type { EmulatorIds } from './emulator-ids.js';
import type { EmulatorScenario } from './emulator-scenario.js';
import { findResponsesRequestProblem, type ResponsesRequest } from './responses-request.js';
import { writeResponsesScenario } from './write-responses-scenario.js';

/** What the Responses route needs from the emulator. */
export interface ResponsesRouteContext {
  readonly ids: EmulatorIds;
  /** Takes the next queued scenario, or the default: the queue chat requests take from too. */
  nextScenario(): EmulatorScenario;
}

/**
 * Answers `POST /v1/responses` with the next scenario, reporting the request's model. Malformed requests get
 * OpenAI's 400 and take no scenario.
 */
export function handleResponses(
  exchange: EmulatorExchange,
  body: unknown,
  context: ResponsesRouteContext,
): void {
  const problem = findResponsesRequestProblem(body);
  if (problem !== undefined) {
    exchange.sendJson(400, problem);
    return;
  }
  const request = body as ResponsesRequest;
  writeResponsesScenario(exchange, context.nextScenario(), request, {
    ids: context.ids,
    model: request.model,
  });
}
