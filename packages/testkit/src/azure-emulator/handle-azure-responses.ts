import type { EmulatorIds } from '../openai-compatible-emulator/emulator-ids.js';
import type { ResponsePlan } from '../openai-compatible-emulator/response-plan.js';
import {
  findResponsesRequestProblem,
  type ResponsesRequest,
} from '../openai-compatible-emulator/responses-request.js';
import { writeResponse } from '../openai-compatible-emulator/write-response.js';
import { writeResponsesScenario } from '../openai-compatible-emulator/write-responses-scenario.js';
import type { EmulatorExchange } from '../shared/emulator-exchange.js';
import type { AzureEmulatorScenario } from './azure-emulator-scenario.js';
import { type ContentFilterOutputScenario, filteredOutputText } from './content-filter-output.js';
import { writePromptFiltered, writeRateLimited } from './write-azure-failure.js';

/** What the Responses route needs from the emulator. */
export interface AzureResponsesContext {
  readonly ids: EmulatorIds;
  /** Takes the next queued scenario, or the default: the queue chat requests take from too. */
  nextScenario(): AzureEmulatorScenario;
}

/** The deployment a Responses request resolved to. */
export interface AzureResponsesTarget {
  /** The deployment's underlying model, reported in `model`. */
  model: string;
  /** The request's `api-version`, or `v1` for the v1 API; named in rate limit messages. */
  apiVersion: string;
}

/** A filtered output seen through the Responses API: the partial text, `incomplete` with `content_filter`. */
function filteredOutputPlan(scenario: ContentFilterOutputScenario): ResponsePlan {
  return {
    text: filteredOutputText(scenario),
    calls: [],
    incompleteReason: 'content_filter',
    firstByteDelayMs: scenario.firstByteDelayMs,
    chunkDelayMs: scenario.chunkDelayMs,
  };
}

/**
 * Answers an Azure Responses request (`/openai/v1/responses`, or `/openai/responses?api-version=…`) with the next
 * scenario, reporting the deployment's model: the OpenAI-compatible emulator's `response` objects and events for
 * its kinds, Azure's 400 for `content-filter-prompt`, its 429 (`Responses_Create`) for `rate-limited`, and an
 * `incomplete` response with `incomplete_details.reason: "content_filter"` for `content-filter-output`. Malformed
 * requests get OpenAI's 400 and take no scenario.
 */
export function handleAzureResponses(
  exchange: EmulatorExchange,
  body: unknown,
  target: AzureResponsesTarget,
  context: AzureResponsesContext,
): void {
  const problem = findResponsesRequestProblem(body);
  if (problem !== undefined) {
    exchange.sendJson(400, problem);
    return;
  }
  const request = body as ResponsesRequest;
  const scenario = context.nextScenario();
  const responseTarget = { ids: context.ids, model: target.model };
  switch (scenario.kind) {
    case 'content-filter-prompt':
      writePromptFiltered(exchange, scenario);
      return;
    case 'rate-limited':
      writeRateLimited(exchange, scenario, 'Responses_Create', target.apiVersion);
      return;
    case 'content-filter-output':
      writeResponse(exchange, request, filteredOutputPlan(scenario), responseTarget);
      return;
    default:
      writeResponsesScenario(exchange, scenario, request, responseTarget);
  }
}
