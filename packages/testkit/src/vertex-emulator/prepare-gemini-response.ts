import { splitIntoWords } from '../openai-compatible-emulator/split-text.js';
import type { VertexGeminiResponse } from './vertex-emulator-scenario.js';

/** The parts of a Gemini reply that do not depend on the request, serialized once. */
export interface PreparedGeminiResponse {
  /** The non-stream body without `usageMetadata` and the envelope, as JSON with its closing brace cut off. */
  readonly bodyOpening: string;
  /** Each stream chunk without `usageMetadata` and the envelope, in the same form. */
  readonly chunkOpenings: readonly string[];
}

type Candidate = VertexGeminiResponse['candidates'][number] & { index?: number };

const cache = new WeakMap<object, PreparedGeminiResponse>();

/** `{…}` as JSON without the closing brace, so that fields can be appended. */
function opening(value: Record<string, unknown>): string {
  return JSON.stringify(value).slice(0, -1);
}

/** Splits a text part into one part per word; the `thoughtSignature` stays on the last piece. Others stay whole. */
function splitPart(part: unknown): unknown[] {
  if (typeof part !== 'object' || part === null) return [part];
  const { thoughtSignature, ...rest } = part as { text?: unknown; thoughtSignature?: unknown };
  if (typeof rest.text !== 'string') return [part];
  const words = splitIntoWords(rest.text);
  if (words.length <= 1) return [part];
  return words.map((word, index) =>
    index === words.length - 1 && thoughtSignature !== undefined
      ? { ...rest, text: word, thoughtSignature }
      : { ...rest, text: word },
  );
}

function candidateChunks(
  candidate: Candidate,
  index: number,
  several: boolean,
): Array<Record<string, unknown>> {
  const { content, ...fields } = candidate;
  const pieces = content.parts.flatMap(splitPart);
  const indexField = several && candidate.index === undefined ? { index } : {};
  const chunks: Array<Record<string, unknown>> = pieces.map((piece) => ({
    content: { role: content.role, parts: [piece] },
    ...indexField,
  }));
  if (chunks.length === 0) chunks.push({ content: { role: content.role, parts: [] }, ...indexField });
  // The last chunk of a candidate carries its finishReason, safetyRatings and whatever else it has.
  chunks[chunks.length - 1] = { ...chunks[chunks.length - 1], ...fields };
  return chunks;
}

function prepare(
  response: Omit<VertexGeminiResponse, 'usageMetadata' | 'modelVersion'>,
): PreparedGeminiResponse {
  const { candidates, promptFeedback } = response;
  const feedback = promptFeedback === undefined ? {} : { promptFeedback };
  const several = candidates.length > 1;
  const chunks = candidates
    .flatMap((candidate, index) => candidateChunks(candidate, index, several))
    .map((candidate): Record<string, unknown> => ({ candidates: [candidate] }));
  if (chunks.length === 0) chunks.push({});
  chunks[0] = { ...chunks[0], ...feedback };
  return {
    bodyOpening: opening({ candidates, ...feedback }),
    chunkOpenings: chunks.map(opening),
  };
}

/** Serializes a Gemini response for JSON and stream replies; cached per response object. */
export function prepareGeminiResponse(
  response: Omit<VertexGeminiResponse, 'usageMetadata' | 'modelVersion'>,
): PreparedGeminiResponse {
  let prepared = cache.get(response);
  if (prepared === undefined) {
    prepared = prepare(response);
    cache.set(response, prepared);
  }
  return prepared;
}
