import { prepareGeminiResponse } from './prepare-gemini-response.js';
import { geminiDataFrame } from './server-sent-event-frames.js';
import type { VertexGeminiResponse } from './vertex-emulator-scenario.js';
import type { VertexExchange } from './vertex-exchange.js';

/** How one Gemini reply goes out. */
export interface GeminiReplyOptions {
  /** The model id of the request path; the default `modelVersion`. */
  modelId: string;
  responseId: string;
  /** `:streamGenerateContent` */
  stream: boolean;
  /** `alt=sse` was asked for; streams without it are sent as one JSON array, as Vertex does. */
  serverSentEvents: boolean;
  /** Sent instead of the response's own `usageMetadata`; the default reply computes it from the prompt. */
  usageMetadata?: Record<string, number>;
  chunkDelayMs?: number;
}

function close(opening: string, fields: string): string {
  return `${opening}${opening === '{' ? '' : ','}${fields}}`;
}

function envelope(response: VertexGeminiResponse, options: GeminiReplyOptions, createTime: string): string {
  const modelVersion = JSON.stringify(response.modelVersion ?? options.modelId);
  return `"modelVersion":${modelVersion},"createTime":"${createTime}","responseId":${JSON.stringify(options.responseId)}`;
}

function usageField(response: VertexGeminiResponse, options: GeminiReplyOptions): string {
  const usage = options.usageMetadata ?? response.usageMetadata;
  return usage === undefined ? '' : `"usageMetadata":${JSON.stringify(usage)},`;
}

/** The JSON body of a `:generateContent` reply. */
export function geminiResponseJson(response: VertexGeminiResponse, options: GeminiReplyOptions): string {
  const { bodyOpening } = prepareGeminiResponse(response);
  return close(
    bodyOpening,
    usageField(response, options) + envelope(response, options, new Date().toISOString()),
  );
}

/** The JSON of each chunk of a `:streamGenerateContent` reply; `usageMetadata` rides on the last one. */
export function geminiChunkJsons(response: VertexGeminiResponse, options: GeminiReplyOptions): string[] {
  const { chunkOpenings } = prepareGeminiResponse(response);
  const tail = envelope(response, options, new Date().toISOString());
  const last = chunkOpenings.length - 1;
  return chunkOpenings.map((chunk, index) =>
    close(chunk, (index === last ? usageField(response, options) : '') + tail),
  );
}

/** The body of a stream reply without `alt=sse`: one JSON array of the chunks. */
export function geminiChunkArray(chunks: readonly string[]): string {
  return `[${chunks.join(',\r\n')}]`;
}

/** Answers a Gemini request with a complete response: JSON, SSE chunks, or a JSON array of chunks. */
export function writeGeminiResponse(
  exchange: VertexExchange,
  response: VertexGeminiResponse,
  options: GeminiReplyOptions,
): void {
  if (!options.stream) {
    exchange.send(200, geminiResponseJson(response, options));
    return;
  }
  const chunks = geminiChunkJsons(response, options);
  if (options.serverSentEvents) exchange.sendEventStream(chunks.map(geminiDataFrame), options.chunkDelayMs);
  else exchange.send(200, geminiChunkArray(chunks));
}
