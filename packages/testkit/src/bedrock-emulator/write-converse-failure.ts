import type { BedrockEmulatorScenario, BedrockStreamExceptionType } from './bedrock-emulator-scenario.js';
import { sendBedrockError } from './bedrock-error.js';
import type { BedrockExchange } from './bedrock-exchange.js';
import { type ConverseReply, converseJson, converseStreamFrames } from './converse-reply.js';
import { exceptionFrame, withCorruptMessageCrc } from './event-stream-frames.js';

/** The scenarios that break a Converse reply off. */
export type ConverseFailureScenario = Extract<
  BedrockEmulatorScenario,
  { kind: 'stream-exception' | 'truncated-stream' | 'corrupt-crc' }
>;

const DEFAULT_EVENTS_BEFORE_EXCEPTION = 3;
const DEFAULT_EVENTS_BEFORE_CUT = 3;
const DEFAULT_EVENTS_BEFORE_CORRUPT_FRAME = 2;

const EXCEPTION_STATUSES: Readonly<Record<BedrockStreamExceptionType, number>> = {
  throttlingException: 429,
  validationException: 400,
  modelStreamErrorException: 424,
  serviceUnavailableException: 503,
  internalServerException: 500,
};

/** `throttlingException` → `ThrottlingException`: the modelled exception's shape name, as in `x-amzn-errortype`. */
function exceptionShapeName(exceptionType: string): string {
  return `${exceptionType.charAt(0).toUpperCase()}${exceptionType.slice(1)}`;
}

/** At most all frames but the last, so that the reply never completes. */
function leadingFrames(frames: readonly Uint8Array[], count: number): Uint8Array[] {
  return frames.slice(0, Math.max(0, Math.min(count, frames.length - 1)));
}

function writeStreamException(
  exchange: BedrockExchange,
  scenario: Extract<ConverseFailureScenario, { kind: 'stream-exception' }>,
  reply: ConverseReply,
  stream: boolean,
): void {
  if (!stream) {
    const status = EXCEPTION_STATUSES[scenario.exceptionType] ?? 500;
    sendBedrockError(exchange, status, exceptionShapeName(scenario.exceptionType), scenario.message);
    return;
  }
  const frames = leadingFrames(
    converseStreamFrames(reply),
    scenario.afterEvents ?? DEFAULT_EVENTS_BEFORE_EXCEPTION,
  );
  exchange.sendEventStream([
    ...frames,
    exceptionFrame(scenario.exceptionType, { message: scenario.message }),
  ]);
}

function writeTruncated(
  exchange: BedrockExchange,
  scenario: Extract<ConverseFailureScenario, { kind: 'truncated-stream' }>,
  reply: ConverseReply,
  stream: boolean,
): void {
  if (!stream) {
    exchange.sendHalfThenDestroy(converseJson(reply));
    return;
  }
  const all = converseStreamFrames(reply);
  const frames = leadingFrames(all, scenario.afterEvents ?? DEFAULT_EVENTS_BEFORE_CUT);
  const next = all[frames.length];
  if (scenario.midFrame === true && next !== undefined)
    frames.push(next.subarray(0, Math.floor(next.length / 2)));
  exchange.sendEventStreamThenDestroy(Buffer.concat(frames));
}

function writeCorruptCrc(
  exchange: BedrockExchange,
  afterEvents: number | undefined,
  reply: ConverseReply,
  stream: boolean,
): void {
  if (!stream) {
    sendBedrockError(
      exchange,
      500,
      'InternalServerException',
      "Bedrock emulator misuse: the next queued scenario is 'corrupt-crc', which only answers ConverseStream requests",
    );
    return;
  }
  const all = converseStreamFrames(reply);
  const frames = leadingFrames(all, afterEvents ?? DEFAULT_EVENTS_BEFORE_CORRUPT_FRAME);
  exchange.sendEventStream([...frames, withCorruptMessageCrc(all[frames.length]!)]);
}

/** Answers a Converse / ConverseStream request with a failure scenario, cutting `reply` (a short text reply) short. */
export function writeConverseFailure(
  exchange: BedrockExchange,
  scenario: ConverseFailureScenario,
  reply: ConverseReply,
  stream: boolean,
): void {
  switch (scenario.kind) {
    case 'stream-exception':
      writeStreamException(exchange, scenario, reply, stream);
      return;
    case 'truncated-stream':
      writeTruncated(exchange, scenario, reply, stream);
      return;
    case 'corrupt-crc':
      writeCorruptCrc(exchange, scenario.afterEvents, reply, stream);
      return;
  }
}
