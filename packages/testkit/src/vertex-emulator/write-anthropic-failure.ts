import { anthropicError, anthropicErrorStatus } from './anthropic-error.js';
import { anthropicEventFrame } from './server-sent-event-frames.js';
import type { VertexAnthropicMessage, VertexEmulatorScenario } from './vertex-emulator-scenario.js';
import type { VertexExchange } from './vertex-exchange.js';
import {
  type AnthropicReplyOptions,
  anthropicMessageFrames,
  anthropicMessageJson,
} from './write-anthropic-message.js';

const DEFAULT_EVENTS_BEFORE_ERROR = 3;
const DEFAULT_EVENTS_BEFORE_CUT = 4;

/** Answers an `anthropic-stream-error` scenario: a cut-short stream ending in `event: error`, or an HTTP error. */
export function writeAnthropicStreamError(
  exchange: VertexExchange,
  scenario: Extract<VertexEmulatorScenario, { kind: 'anthropic-stream-error' }>,
  message: VertexAnthropicMessage,
  options: AnthropicReplyOptions,
): void {
  if (!options.stream) {
    const status = anthropicErrorStatus(scenario.error.type);
    exchange.sendJson(
      status,
      anthropicError(scenario.error.type, scenario.error.message, exchange.requestId),
    );
    return;
  }
  const frames = anthropicMessageFrames(message, options);
  const count = Math.min(scenario.afterEvents ?? DEFAULT_EVENTS_BEFORE_ERROR, frames.length - 1);
  exchange.sendEventStream([
    ...frames.slice(0, Math.max(0, count)),
    anthropicEventFrame({ type: 'error', error: scenario.error }),
  ]);
}

/** Answers a `truncated-stream` scenario: the first events of `message`, or half its JSON, then a cut socket. */
export function writeAnthropicTruncated(
  exchange: VertexExchange,
  afterEvents: number | undefined,
  message: VertexAnthropicMessage,
  options: AnthropicReplyOptions,
): void {
  if (!options.stream) {
    exchange.sendHalfThenDestroy(anthropicMessageJson(message, options));
    return;
  }
  const frames = anthropicMessageFrames(message, options);
  // Never the whole stream: at least `message_stop` stays unsent.
  const count = Math.min(afterEvents ?? DEFAULT_EVENTS_BEFORE_CUT, frames.length - 1);
  exchange.sendEventStreamThenDestroy(frames.slice(0, Math.max(0, count)).join(''));
}
