import { countWords } from '../openai-compatible-emulator/count-words.js';
import { countGeminiPromptWords } from './count-prompt-words.js';
import { googleError } from './google-error.js';
import type { ModelRequestContext } from './model-request-context.js';
import { writeScenarioMismatch } from './scenario-mismatch.js';
import { geminiDataFrame } from './server-sent-event-frames.js';
import { DEFAULT_VERTEX_TEXT, type VertexGeminiResponse } from './vertex-emulator-scenario.js';
import type { VertexExchange } from './vertex-exchange.js';
import { writeErrorScenario } from './write-error-scenario.js';
import {
  type GeminiReplyOptions,
  geminiChunkArray,
  geminiChunkJsons,
  geminiResponseJson,
  writeGeminiResponse,
} from './write-gemini-response.js';

const DEFAULT_CHUNKS_BEFORE_CUT = 2;
const DEFAULT_CANDIDATE_TOKENS = countWords(DEFAULT_VERTEX_TEXT);
/** The default reply; its usage is computed per request. */
const DEFAULT_RESPONSE: VertexGeminiResponse = {
  candidates: [{ content: { role: 'model', parts: [{ text: DEFAULT_VERTEX_TEXT }] }, finishReason: 'STOP' }],
};

interface GeminiRequestFields {
  contents: unknown[];
  systemInstruction?: unknown;
}

function checkGenerateContentBody(exchange: VertexExchange, body: unknown): body is GeminiRequestFields {
  const contents = (body as { contents?: unknown } | null | undefined)?.contents;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    exchange.sendJson(400, googleError(400, 'Invalid JSON payload received. Expected a JSON object.'));
    return false;
  }
  if (!Array.isArray(contents) || contents.length === 0) {
    exchange.sendJson(
      400,
      googleError(400, 'Unable to submit request because it must have at least one `contents` field.'),
    );
    return false;
  }
  return true;
}

function defaultUsage(body: GeminiRequestFields): Record<string, number> {
  const promptTokenCount = countGeminiPromptWords(body);
  return {
    promptTokenCount,
    candidatesTokenCount: DEFAULT_CANDIDATE_TOKENS,
    totalTokenCount: promptTokenCount + DEFAULT_CANDIDATE_TOKENS,
  };
}

function writeTruncated(
  exchange: VertexExchange,
  afterEvents: number | undefined,
  options: GeminiReplyOptions,
): void {
  if (!options.stream) {
    exchange.sendHalfThenDestroy(geminiResponseJson(DEFAULT_RESPONSE, options));
    return;
  }
  const chunks = geminiChunkJsons(DEFAULT_RESPONSE, options);
  if (!options.serverSentEvents) {
    exchange.sendHalfThenDestroy(geminiChunkArray(chunks));
    return;
  }
  // Never the last chunk: it carries the finishReason.
  const count = Math.max(0, Math.min(afterEvents ?? DEFAULT_CHUNKS_BEFORE_CUT, chunks.length - 1));
  exchange.sendEventStreamThenDestroy(chunks.slice(0, count).map(geminiDataFrame).join(''));
}

/**
 * Answers `:generateContent` / `:streamGenerateContent` for `publishers/google` with the next scenario. Bodies
 * without `contents` get a 400 and take no scenario.
 */
export function handleGeminiRequest(
  exchange: VertexExchange,
  route: { modelId: string; method: string },
  query: URLSearchParams,
  body: unknown,
  context: ModelRequestContext,
): void {
  if (!checkGenerateContentBody(exchange, body)) return;
  const options: GeminiReplyOptions = {
    modelId: route.modelId,
    responseId: context.ids.nextResponseId(),
    stream: route.method === 'streamGenerateContent',
    serverSentEvents: query.get('alt') === 'sse',
  };
  const scenario = context.takeScenario();
  if (scenario === undefined) {
    writeGeminiResponse(exchange, DEFAULT_RESPONSE, { ...options, usageMetadata: defaultUsage(body) });
    return;
  }
  switch (scenario.kind) {
    case 'gemini-response':
      exchange.afterDelay(scenario.firstByteDelayMs, () =>
        writeGeminiResponse(exchange, scenario.response, { ...options, chunkDelayMs: scenario.chunkDelayMs }),
      );
      return;
    case 'error':
      writeErrorScenario(exchange, scenario);
      return;
    case 'truncated-stream':
      writeTruncated(exchange, scenario.afterEvents, { ...options, usageMetadata: defaultUsage(body) });
      return;
    case 'hang':
      return;
    default:
      writeScenarioMismatch(exchange, scenario, 'google');
  }
}
