import type { EmulatorExchange } from '../shared/emulator-exchange.js';
import type { ResponseTarget } from './emulated-response.js';
import type { EmulatorScenario } from './emulator-scenario.js';
import { responsePlanOf } from './response-plan.js';
import type { ResponsesRequest } from './responses-request.js';
import { writeResponse } from './write-response.js';
import { writeResponsesFailure } from './write-responses-failure.js';

/**
 * Answers a checked Responses request with a scenario of the OpenAI-compatible emulator: `text` and `tool-calls`
 * produce a `response` (see `responsePlanOf`), the other kinds fail as `writeResponsesFailure` describes.
 */
export function writeResponsesScenario(
  exchange: EmulatorExchange,
  scenario: EmulatorScenario,
  request: ResponsesRequest,
  target: ResponseTarget,
): void {
  if (scenario.kind === 'text' || scenario.kind === 'tool-calls')
    writeResponse(exchange, request, responsePlanOf(scenario), target);
  else writeResponsesFailure(exchange, scenario, request, target);
}
