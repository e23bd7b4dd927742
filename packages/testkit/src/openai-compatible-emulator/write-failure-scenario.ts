import type { EmulatorExchange } from '../shared/emulator-exchange.js';
import {
  type ChatCompletionEnvelope,
  ChunkFrames,
  chunkChoicesJson,
  DONE_FRAME,
} from './chat-completion-envelope.js';
import { DEFAULT_EMULATOR_TEXT, type EmulatorScenario } from './emulator-scenario.js';
import { defaultOpenAiError } from './openai-error.js';
import { prepareCompletion } from './prepare-completion.js';
import { splitIntoWords } from './split-text.js';

/** The scenarios that do not produce a usable completion. */
export type FailureScenario = Extract<
  EmulatorScenario,
  { kind: 'error' | 'malformed-json' | 'truncated-stream' | 'hang' }
>;

/** The body of a `malformed-json` reply to a non-stream request. */
const MALFORMED_COMPLETION_BODY = '{"id": "chatcmpl-broken", "choices": [';

const ROLE_CHOICES = chunkChoicesJson({ role: 'assistant', content: '', refusal: null }, null);
const DEFAULT_WORDS = splitIntoWords(DEFAULT_EMULATOR_TEXT);
const DEFAULT_COMPLETION = prepareCompletion({ kind: 'text' });

function writeError(exchange: EmulatorExchange, scenario: Extract<FailureScenario, { kind: 'error' }>): void {
  const headers = scenario.headers ?? (scenario.status === 429 ? { 'retry-after': '1' } : undefined);
  const body = scenario.body ?? defaultOpenAiError(scenario.status);
  // A string body is sent as is, so tests can emulate non-JSON error pages (for example from a proxy).
  exchange.send(scenario.status, typeof body === 'string' ? body : JSON.stringify(body), headers);
}

/**
 * Answers with an `error` scenario's status, body (default: OpenAI's error body for the status) and headers
 * (default: `retry-after: 1` for 429), after its first-byte delay. The same for every route and for streams.
 */
export function writeErrorScenario(
  exchange: EmulatorExchange,
  scenario: Extract<FailureScenario, { kind: 'error' }>,
): void {
  exchange.afterDelay(scenario.firstByteDelayMs, () => writeError(exchange, scenario));
}

function writeTruncated(
  exchange: EmulatorExchange,
  afterChunks: number,
  envelope: ChatCompletionEnvelope,
  stream: boolean,
): void {
  if (!stream) {
    exchange.sendHalfThenDestroy(
      `{"id":"${envelope.id}","object":"chat.completion","created":${envelope.created},"model":${envelope.modelJson},"choices":${DEFAULT_COMPLETION.choicesJson}}`,
    );
    return;
  }
  const frames = new ChunkFrames(envelope, false);
  let payload = frames.chunk(ROLE_CHOICES);
  for (let index = 0; index < afterChunks; index++) {
    payload += frames.chunk(chunkChoicesJson({ content: DEFAULT_WORDS[index % DEFAULT_WORDS.length] }, null));
  }
  exchange.sendEventStreamThenDestroy(payload);
}

/** Answers a chat request according to a failure scenario. `hang` leaves the exchange open. */
export function writeFailureScenario(
  exchange: EmulatorExchange,
  scenario: FailureScenario,
  envelope: ChatCompletionEnvelope,
  stream: boolean,
): void {
  switch (scenario.kind) {
    case 'error':
      writeErrorScenario(exchange, scenario);
      return;
    case 'malformed-json':
      if (stream) {
        const frames = new ChunkFrames(envelope, false);
        exchange.sendEventStream(`${frames.chunk(ROLE_CHOICES)}data: {not json\n\n${DONE_FRAME}`);
      } else {
        exchange.send(200, MALFORMED_COMPLETION_BODY);
      }
      return;
    case 'truncated-stream':
      writeTruncated(exchange, scenario.afterChunks ?? 2, envelope, stream);
      return;
    case 'hang':
      return;
  }
}
