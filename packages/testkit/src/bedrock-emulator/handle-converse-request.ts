import { type BedrockEmulatorScenario, DEFAULT_BEDROCK_TEXT } from './bedrock-emulator-scenario.js';
import type { BedrockExchange } from './bedrock-exchange.js';
import { checkConverseBody } from './check-converse-body.js';
import {
  type ConverseReply,
  converseJson,
  converseStreamFrames,
  EMULATED_LATENCY_MS,
} from './converse-reply.js';
import { countConversePromptWords } from './count-converse-prompt-words.js';
import type { ModelRequestContext } from './model-request-context.js';
import { prepareConverseContent } from './prepare-converse-content.js';
import { writeConverseFailure } from './write-converse-failure.js';
import { writeErrorScenario } from './write-error-scenario.js';

const DEFAULT_CONTENT = prepareConverseContent(
  Object.freeze([Object.freeze({ text: DEFAULT_BEDROCK_TEXT })]),
);

/** Converse requests take every kind but `openai` (the OpenAI-compatible paths' own). */
function isConverseScenario(
  scenario: BedrockEmulatorScenario,
): scenario is Exclude<BedrockEmulatorScenario, { kind: 'openai' }> {
  return scenario.kind !== 'openai';
}

function writeReply(
  exchange: BedrockExchange,
  reply: ConverseReply,
  stream: boolean,
  chunkDelayMs?: number,
): void {
  if (stream) exchange.sendEventStream(converseStreamFrames(reply), chunkDelayMs);
  else exchange.send(200, converseJson(reply));
}

/**
 * Answers `converse` / `converse-stream` with the next scenario (default: a short text reply; also when the next
 * one is an `openai` scenario, which stays queued). Bodies Bedrock would reject get a 400 `ValidationException` and
 * take no scenario.
 */
export function handleConverseRequest(
  exchange: BedrockExchange,
  operation: 'converse' | 'converse-stream',
  body: unknown,
  context: ModelRequestContext,
): void {
  if (!checkConverseBody(exchange, body)) return;
  const stream = operation === 'converse-stream';
  const inputTokens = countConversePromptWords(body);
  const defaultReply: ConverseReply = {
    content: DEFAULT_CONTENT,
    stopReason: 'end_turn',
    usage: { inputTokens, outputTokens: DEFAULT_CONTENT.outputWords },
    latencyMs: EMULATED_LATENCY_MS,
  };
  const scenario = context.takeScenario(isConverseScenario);
  if (scenario === undefined || !isConverseScenario(scenario)) {
    writeReply(exchange, defaultReply, stream);
    return;
  }
  switch (scenario.kind) {
    case 'converse': {
      const content = prepareConverseContent(scenario.output.content);
      const reply: ConverseReply = {
        content,
        stopReason: scenario.stopReason,
        usage: scenario.usage ?? { inputTokens, outputTokens: content.outputWords },
        latencyMs: EMULATED_LATENCY_MS + (scenario.firstByteDelayMs ?? 0),
      };
      exchange.afterDelay(scenario.firstByteDelayMs, () =>
        writeReply(exchange, reply, stream, scenario.chunkDelayMs),
      );
      return;
    }
    case 'error':
      writeErrorScenario(exchange, scenario);
      return;
    case 'hang':
      return;
    default:
      writeConverseFailure(exchange, scenario, defaultReply, stream);
  }
}
