import type { EmulatorIds } from '../openai-compatible-emulator/emulator-ids.js';
import type { EmulatorScenario } from '../openai-compatible-emulator/emulator-scenario.js';
import { handleChatCompletions } from '../openai-compatible-emulator/handle-chat-completions.js';
import { handleResponses } from '../openai-compatible-emulator/handle-responses.js';
import type { EmulatorExchange } from '../shared/emulator-exchange.js';
import { BEDROCK_MANTLE_SIGNING_NAME, BEDROCK_SIGNING_NAME } from './authorize-request.js';
import { type BedrockEmulatorScenario, DEFAULT_BEDROCK_TEXT } from './bedrock-emulator-scenario.js';
import type { ModelRequestContext } from './model-request-context.js';

/**
 * Bedrock's OpenAI-compatible APIs: `openai` is Bedrock Runtime's `POST /openai/v1/chat/completions` (signing name
 * `bedrock`), `mantle` the Mantle endpoint's `POST /v1/chat/completions` (signing name `bedrock-mantle`).
 */
export type BedrockOpenAICompatibleApi = 'openai' | 'mantle';

const CHAT_COMPLETIONS_PATHS: Readonly<Record<string, BedrockOpenAICompatibleApi>> = {
  '/openai/v1/chat/completions': 'openai',
  '/v1/chat/completions': 'mantle',
  // Mantle also serves the Responses API (WIRE-FORMATS §7.8).
  '/v1/responses': 'mantle',
};

/** The SigV4 signing name each OpenAI-compatible API verifies. */
export const OPENAI_COMPATIBLE_SIGNING_NAMES: Readonly<Record<BedrockOpenAICompatibleApi, string>> = {
  openai: BEDROCK_SIGNING_NAME,
  mantle: BEDROCK_MANTLE_SIGNING_NAME,
};

/** The default reply of the OpenAI-compatible paths: the Bedrock emulator's text, in Chat Completions shape. */
const DEFAULT_OPENAI_SCENARIO: EmulatorScenario = Object.freeze({ kind: 'text', text: DEFAULT_BEDROCK_TEXT });

/** The OpenAI-compatible API a `POST` path (without the query) names; undefined for every other path. */
export function openAICompatibleApiOf(
  method: string | undefined,
  pathname: string,
): BedrockOpenAICompatibleApi | undefined {
  return method === 'POST' ? CHAT_COMPLETIONS_PATHS[pathname] : undefined;
}

function isOpenAIScenario(
  scenario: BedrockEmulatorScenario,
): scenario is Extract<BedrockEmulatorScenario, { kind: 'openai' }> {
  return scenario.kind === 'openai';
}

/**
 * Answers an OpenAI-compatible chat completion request with the OpenAI-compatible emulator's writers: the next
 * queued `openai` scenario, or a short text reply when the next one is of another kind (it stays queued). Malformed
 * bodies get a 400 in OpenAI's error shape and take no scenario.
 */
export function handleOpenAICompatibleRequest(
  exchange: EmulatorExchange,
  body: unknown,
  context: ModelRequestContext,
  ids: EmulatorIds,
): void {
  const route = {
    ids,
    nextScenario: () => {
      const next = context.takeScenario(isOpenAIScenario);
      return next !== undefined && isOpenAIScenario(next) ? next.scenario : DEFAULT_OPENAI_SCENARIO;
    },
  };
  if ((exchange.request.url ?? '').split('?')[0] === '/v1/responses') handleResponses(exchange, body, route);
  else handleChatCompletions(exchange, body, route);
}
