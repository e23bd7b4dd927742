import type { EmulatorExchange } from '../shared/emulator-exchange.js';
import { emulateResponse, type ResponseTarget } from './emulated-response.js';
import { DEFAULT_EMULATOR_TEXT } from './emulator-scenario.js';
import type { ResponsePlan } from './response-plan.js';
import { responseEventFrame, responseStreamEvents } from './response-stream-events.js';
import type { ResponsesRequest } from './responses-request.js';
import { splitIntoWords } from './split-text.js';
import { type FailureScenario, writeErrorScenario } from './write-failure-scenario.js';

/** The body of a `malformed-json` reply to a non-stream Responses request. */
const MALFORMED_RESPONSE_BODY = '{"id": "resp_broken", "object": "response", "output": [';
const DEFAULT_WORDS = splitIntoWords(DEFAULT_EMULATOR_TEXT);

/** A text plan of `words` words of the default text (repeated as needed), with one delta per word. */
function textPlan(words: number): ResponsePlan {
  let text = '';
  for (let index = 0; index < words; index++) text += DEFAULT_WORDS[index % DEFAULT_WORDS.length];
  return { text, calls: [] };
}

function writeMalformed(exchange: EmulatorExchange, request: ResponsesRequest, target: ResponseTarget): void {
  if (request.stream !== true) {
    exchange.send(200, MALFORMED_RESPONSE_BODY);
    return;
  }
  const { inProgress } = emulateResponse(request, textPlan(1), target);
  const created = responseEventFrame({ type: 'response.created', response: inProgress, sequence_number: 0 });
  exchange.sendEventStream(`${created}event: response.in_progress\ndata: {not json\n\n`);
}

function writeTruncated(
  exchange: EmulatorExchange,
  request: ResponsesRequest,
  target: ResponseTarget,
  afterChunks: number,
): void {
  const plan = request.stream === true ? textPlan(afterChunks) : { text: DEFAULT_EMULATOR_TEXT, calls: [] };
  const response = emulateResponse(request, plan, target);
  if (request.stream !== true) {
    exchange.sendHalfThenDestroy(JSON.stringify(response.final));
    return;
  }
  const events = responseStreamEvents(response, plan);
  const textDone = events.findIndex((event) => event.type === 'response.output_text.done');
  exchange.sendEventStreamThenDestroy(events.slice(0, textDone).map(responseEventFrame).join(''));
}

/**
 * Answers a Responses request according to a failure scenario: `error` as on every route; `malformed-json` as a cut
 * JSON body, or in streams a valid `response.created` event and then a `data: {not json` frame; `truncated-stream`
 * as half of the body, or in streams `response.created`, `response.in_progress`, the message's `output_item.added`
 * and `content_part.added` and `afterChunks` text deltas, before the socket is destroyed; `hang` leaves the exchange
 * open.
 */
export function writeResponsesFailure(
  exchange: EmulatorExchange,
  scenario: FailureScenario,
  request: ResponsesRequest,
  target: ResponseTarget,
): void {
  switch (scenario.kind) {
    case 'error':
      writeErrorScenario(exchange, scenario);
      return;
    case 'malformed-json':
      writeMalformed(exchange, request, target);
      return;
    case 'truncated-stream':
      writeTruncated(exchange, request, target, scenario.afterChunks ?? 2);
      return;
    case 'hang':
      return;
  }
}
