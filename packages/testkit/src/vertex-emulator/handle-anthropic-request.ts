import { countWords } from '../openai-compatible-emulator/count-words.js';
import { anthropicError } from './anthropic-error.js';
import { countAnthropicPromptWords } from './count-prompt-words.js';
import type { ModelRequestContext } from './model-request-context.js';
import { writeScenarioMismatch } from './scenario-mismatch.js';
import {
  DEFAULT_VERTEX_TEXT,
  type VertexAnthropicContentBlock,
  type VertexAnthropicMessage,
} from './vertex-emulator-scenario.js';
import type { VertexExchange } from './vertex-exchange.js';
import { writeAnthropicStreamError, writeAnthropicTruncated } from './write-anthropic-failure.js';
import { type AnthropicReplyOptions, writeAnthropicMessage } from './write-anthropic-message.js';
import { writeErrorScenario } from './write-error-scenario.js';

/** The model id Anthropic's SDK puts in the path for token counting (`…/models/count-tokens:rawPredict`). */
const COUNT_TOKENS_MODEL = 'count-tokens';

const DEFAULT_CONTENT: readonly VertexAnthropicContentBlock[] = Object.freeze([
  Object.freeze({ type: 'text' as const, text: DEFAULT_VERTEX_TEXT }),
]);
const DEFAULT_OUTPUT_TOKENS = countWords(DEFAULT_VERTEX_TEXT);

interface ClaudeRequestFields {
  anthropic_version?: unknown;
  model?: unknown;
  max_tokens?: unknown;
  messages: unknown[];
  system?: unknown;
  stream?: unknown;
}

function invalid(exchange: VertexExchange, message: string): false {
  exchange.sendJson(400, anthropicError('invalid_request_error', message, exchange.requestId));
  return false;
}

function hasMessages(exchange: VertexExchange, fields: Partial<ClaudeRequestFields>): boolean {
  if (!Array.isArray(fields.messages)) return invalid(exchange, 'messages: Field required');
  if (fields.messages.length === 0) return invalid(exchange, 'messages: at least one message is required');
  return true;
}

/** Checks a Messages body as Vertex does where it matters; answers 400 (Anthropic's shape) and returns false if not. */
function checkMessagesBody(
  exchange: VertexExchange,
  body: unknown,
  method: string,
): body is ClaudeRequestFields {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return invalid(exchange, 'The request body must be a JSON object.');
  const fields = body as Partial<ClaudeRequestFields>;
  if (typeof fields.anthropic_version !== 'string' || fields.anthropic_version === '')
    return invalid(exchange, 'anthropic_version: Field required');
  if ('model' in fields)
    return invalid(exchange, 'model: Extra inputs are not permitted (on Vertex the model is in the URL)');
  if (typeof fields.max_tokens !== 'number' || !Number.isInteger(fields.max_tokens) || fields.max_tokens < 1)
    return invalid(exchange, 'max_tokens: Field required (a positive integer)');
  if (!hasMessages(exchange, fields)) return false;
  const streams = fields.stream === true;
  if (streams !== (method === 'streamRawPredict'))
    return invalid(
      exchange,
      streams
        ? 'stream: stream requests go to :streamRawPredict (emulator check)'
        : ':streamRawPredict needs "stream": true in the body (emulator check)',
    );
  return true;
}

function answerCountTokens(exchange: VertexExchange, body: unknown): void {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Partial<ClaudeRequestFields>;
  if (typeof fields.model !== 'string') {
    invalid(exchange, 'model: Field required');
    return;
  }
  if (!hasMessages(exchange, fields)) return;
  exchange.sendJson(200, { input_tokens: countAnthropicPromptWords(fields as ClaudeRequestFields) });
}

/**
 * Answers `:rawPredict` / `:streamRawPredict` for `publishers/anthropic` with the next scenario. Malformed bodies
 * get a 400 and take no scenario.
 */
export function handleAnthropicRequest(
  exchange: VertexExchange,
  route: { modelId: string; method: string },
  body: unknown,
  context: ModelRequestContext,
): void {
  if (route.modelId === COUNT_TOKENS_MODEL && route.method === 'rawPredict') {
    answerCountTokens(exchange, body);
    return;
  }
  if (!checkMessagesBody(exchange, body, route.method)) return;
  const options: AnthropicReplyOptions = {
    messageId: context.ids.nextMessageId(),
    modelId: route.modelId,
    stream: body.stream === true,
  };
  const defaultMessage = (): VertexAnthropicMessage => ({
    content: DEFAULT_CONTENT as VertexAnthropicContentBlock[],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: countAnthropicPromptWords(body), output_tokens: DEFAULT_OUTPUT_TOKENS },
  });
  const scenario = context.takeScenario();
  if (scenario === undefined) {
    writeAnthropicMessage(exchange, defaultMessage(), options);
    return;
  }
  switch (scenario.kind) {
    case 'anthropic-message':
      exchange.afterDelay(scenario.firstByteDelayMs, () =>
        writeAnthropicMessage(exchange, scenario.message, {
          ...options,
          chunkDelayMs: scenario.chunkDelayMs,
        }),
      );
      return;
    case 'anthropic-stream-error':
      writeAnthropicStreamError(exchange, scenario, defaultMessage(), options);
      return;
    case 'error':
      writeErrorScenario(exchange, scenario);
      return;
    case 'truncated-stream':
      writeAnthropicTruncated(exchange, scenario.afterEvents, defaultMessage(), options);
      return;
    case 'hang':
      return;
    default:
      writeScenarioMismatch(exchange, scenario, 'anthropic');
  }
}
