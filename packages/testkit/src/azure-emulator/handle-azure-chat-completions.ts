import { DONE_FRAME } from '../openai-compatible-emulator/chat-completion-envelope.js';
import { serializeUsage } from '../openai-compatible-emulator/completion-usage.js';
import { countPromptWords, countWords } from '../openai-compatible-emulator/count-words.js';
import type { EmulatorIds } from '../openai-compatible-emulator/emulator-ids.js';
import { openAiError } from '../openai-compatible-emulator/openai-error.js';
import {
  type PreparedCompletion,
  prepareCompletion,
} from '../openai-compatible-emulator/prepare-completion.js';
import { writeFailureScenario } from '../openai-compatible-emulator/write-failure-scenario.js';
import type { EmulatorExchange } from '../shared/emulator-exchange.js';
import {
  AzureChunkFrames,
  type AzureCompletionEnvelope,
  annotateChoices,
  annotateChunkChoices,
  azureChatCompletionBody,
} from './azure-chat-completion.js';
import type { AzureEmulatorScenario } from './azure-emulator-scenario.js';
import {
  type ContentFilterOutputScenario,
  filteredOutputChoice,
  filteredOutputFrames,
  filteredOutputText,
  promptTextLength,
} from './content-filter-output.js';
import { writePromptFiltered, writeRateLimited } from './write-azure-failure.js';

/** What the chat route needs from the emulator. */
export interface AzureChatContext {
  readonly ids: EmulatorIds;
  /** Takes the next queued scenario, or the default. */
  nextScenario(): AzureEmulatorScenario;
}

/** The deployment a chat request resolved to. */
export interface AzureChatTarget {
  /** The deployment's underlying model, reported in `model`. */
  model: string;
  /** The request's `api-version`, or `v1` for the v1 API; named in rate limit messages. */
  apiVersion: string;
}

interface ChatRequestFields {
  messages: unknown[];
  stream?: unknown;
  stream_options?: { include_usage?: unknown } | null;
}

interface ReplyShape {
  stream: boolean;
  includeUsage: boolean;
  envelope: AzureCompletionEnvelope;
}

const annotatedChunks = new WeakMap<PreparedCompletion, Array<Array<Record<string, unknown>>>>();

function checkRequest(exchange: EmulatorExchange, body: unknown): body is ChatRequestFields {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    exchange.sendJson(400, openAiError('The request body must be a JSON object.', 'invalid_request_error'));
    return false;
  }
  const { messages } = body as Partial<ChatRequestFields>;
  if (!Array.isArray(messages) || messages.length === 0) {
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

/** The prepared chunks' choices with Azure's annotations, computed once per prepared completion. */
function annotatedChunkChoices(prepared: PreparedCompletion): Array<Array<Record<string, unknown>>> {
  let chunks = annotatedChunks.get(prepared);
  if (chunks === undefined) {
    chunks = prepared.chunkChoicesJson.map(annotateChunkChoices);
    annotatedChunks.set(prepared, chunks);
  }
  return chunks;
}

function sendStream(
  exchange: EmulatorExchange,
  frames: AzureChunkFrames,
  body: string[],
  usageJson: string | null,
  shape: ReplyShape,
  chunkDelayMs: number | undefined,
): void {
  const payload = [frames.promptAnnotation(), ...body];
  if (shape.includeUsage && usageJson !== null) payload.push(frames.usage(JSON.parse(usageJson)));
  payload.push(DONE_FRAME);
  if (chunkDelayMs === undefined || chunkDelayMs <= 0) exchange.sendEventStream(payload.join(''));
  else exchange.sendEventStream(payload, chunkDelayMs);
}

function writeCompletion(
  exchange: EmulatorExchange,
  scenario: Extract<AzureEmulatorScenario, { kind: 'text' | 'tool-calls' }>,
  request: ChatRequestFields,
  shape: ReplyShape,
): void {
  const prepared = prepareCompletion(scenario);
  const usageJson =
    prepared.usageJson !== undefined
      ? prepared.usageJson
      : serializeUsage({
          prompt_tokens: countPromptWords(request.messages),
          completion_tokens: prepared.completionTokens,
          reasoning_tokens: prepared.reasoningTokens,
        });
  exchange.afterDelay(prepared.firstByteDelayMs, () => {
    if (!shape.stream) {
      const choices = annotateChoices(prepared.choicesJson);
      const usage = usageJson === null ? null : JSON.parse(usageJson);
      exchange.sendJson(200, azureChatCompletionBody(shape.envelope, choices, usage));
      return;
    }
    const frames = new AzureChunkFrames(shape.envelope, shape.includeUsage);
    const chunks = annotatedChunkChoices(prepared).map((choices) => frames.chunk(choices));
    sendStream(exchange, frames, chunks, usageJson, shape, scenario.chunkDelayMs);
  });
}

function writeFilteredOutput(
  exchange: EmulatorExchange,
  scenario: ContentFilterOutputScenario,
  request: ChatRequestFields,
  shape: ReplyShape,
): void {
  const usageJson = serializeUsage({
    prompt_tokens: countPromptWords(request.messages),
    completion_tokens: Math.max(1, countWords(filteredOutputText(scenario))),
  });
  exchange.afterDelay(scenario.firstByteDelayMs, () => {
    if (!shape.stream) {
      const body = azureChatCompletionBody(
        shape.envelope,
        [filteredOutputChoice(scenario)],
        JSON.parse(usageJson),
      );
      exchange.sendJson(200, body);
      return;
    }
    const frames = new AzureChunkFrames(shape.envelope, shape.includeUsage);
    const chunks = filteredOutputFrames(scenario, frames, promptTextLength(request.messages));
    sendStream(exchange, frames, chunks, usageJson, shape, scenario.chunkDelayMs);
  });
}

/**
 * Answers an Azure chat completions request (either URL style) with the next scenario: Azure's content filter
 * annotations on every completion, its 400 for filtered prompts and its 429. Malformed requests get a 400 in
 * OpenAI's error shape, as Azure sends for them, and take no scenario.
 */
export function handleAzureChatCompletions(
  exchange: EmulatorExchange,
  body: unknown,
  target: AzureChatTarget,
  context: AzureChatContext,
): void {
  if (!checkRequest(exchange, body)) return;
  const scenario = context.nextScenario();
  const shape: ReplyShape = {
    stream: body.stream === true,
    includeUsage: body.stream_options?.include_usage === true,
    envelope: {
      id: context.ids.nextChatCompletionId(),
      created: Math.floor(Date.now() / 1000),
      model: target.model,
    },
  };
  switch (scenario.kind) {
    case 'text':
    case 'tool-calls':
      writeCompletion(exchange, scenario, body, shape);
      return;
    case 'content-filter-output':
      writeFilteredOutput(exchange, scenario, body, shape);
      return;
    case 'content-filter-prompt':
      writePromptFiltered(exchange, scenario);
      return;
    case 'rate-limited':
      writeRateLimited(exchange, scenario, 'ChatCompletions_Create', target.apiVersion);
      return;
    default: {
      const { id, created, model } = shape.envelope;
      writeFailureScenario(
        exchange,
        scenario,
        { id, created, modelJson: JSON.stringify(model) },
        shape.stream,
      );
    }
  }
}
