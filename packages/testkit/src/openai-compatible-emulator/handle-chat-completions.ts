import type { EmulatorExchange } from '../shared/emulator-exchange.js';
import type { ChatCompletionEnvelope } from './chat-completion-envelope.js';
import { serializeUsage } from './completion-usage.js';
import { countPromptWords } from './count-words.js';
import type { EmulatorIds } from './emulator-ids.js';
import type { EmulatorScenario } from './emulator-scenario.js';
import { openAiError } from './openai-error.js';
import { prepareCompletion } from './prepare-completion.js';
import { writeChatCompletion } from './write-chat-completion.js';
import { writeChatCompletionStream } from './write-chat-completion-stream.js';
import { writeFailureScenario } from './write-failure-scenario.js';

/** What the chat route needs from the emulator. */
export interface ChatRouteContext {
  readonly ids: EmulatorIds;
  /** Takes the next queued scenario, or the default. */
  nextScenario(): EmulatorScenario;
}

interface ChatRequestFields {
  model: string;
  messages: unknown[];
  stream?: unknown;
  stream_options?: { include_usage?: unknown } | null;
}

function checkRequest(exchange: EmulatorExchange, body: unknown): body is ChatRequestFields {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    exchange.sendJson(400, openAiError('The request body must be a JSON object.', 'invalid_request_error'));
    return false;
  }
  const fields = body as Partial<ChatRequestFields>;
  if (typeof fields.model !== 'string') {
    exchange.sendJson(400, openAiError('you must provide a model parameter', 'invalid_request_error'));
    return false;
  }
  if (!Array.isArray(fields.messages) || fields.messages.length === 0) {
    exchange.sendJson(
      400,
      openAiError(
        "Missing required parameter: 'messages'.",
        'invalid_request_error',
        'messages',
        'missing_required_parameter',
      ),
    );
    return false;
  }
  return true;
}

/** Answers `POST /v1/chat/completions` with the next scenario. Malformed requests get a 400 and take no scenario. */
export function handleChatCompletions(
  exchange: EmulatorExchange,
  body: unknown,
  context: ChatRouteContext,
): void {
  if (!checkRequest(exchange, body)) return;
  const scenario = context.nextScenario();
  const stream = body.stream === true;
  const envelope: ChatCompletionEnvelope = {
    id: context.ids.nextChatCompletionId(),
    created: Math.floor(Date.now() / 1000),
    modelJson: JSON.stringify(body.model),
  };
  if (scenario.kind !== 'text' && scenario.kind !== 'tool-calls') {
    writeFailureScenario(exchange, scenario, envelope, stream);
    return;
  }
  const prepared = prepareCompletion(scenario);
  const usageJson =
    prepared.usageJson !== undefined
      ? prepared.usageJson
      : serializeUsage({
          prompt_tokens: countPromptWords(body.messages),
          completion_tokens: prepared.completionTokens,
          reasoning_tokens: prepared.reasoningTokens,
        });
  exchange.afterDelay(prepared.firstByteDelayMs, () => {
    if (stream) {
      const includeUsage = body.stream_options?.include_usage === true;
      writeChatCompletionStream(exchange, prepared, envelope, {
        includeUsage,
        usageJson,
        chunkDelayMs: scenario.chunkDelayMs,
      });
    } else {
      writeChatCompletion(exchange, prepared, envelope, usageJson);
    }
  });
}
