import { countWords } from '../openai-compatible-emulator/count-words.js';
import { emulatedEmbedding } from '../openai-compatible-emulator/emulator-embeddings.js';
import { googleError } from './google-error.js';
import type { ModelRequestContext } from './model-request-context.js';
import type { VertexEmulatorScenario } from './vertex-emulator-scenario.js';
import type { VertexExchange } from './vertex-exchange.js';
import { writeErrorScenario } from './write-error-scenario.js';

/** Vector length when the request does not ask for `parameters.outputDimensionality`. */
export const DEFAULT_VERTEX_EMBEDDING_DIMENSIONS = 8;
const MAX_DIMENSIONS = 3072;

interface EmbeddingInstance {
  content: string;
}

/** Embedding requests answer themselves; they only take a queued `error`, `hang` or `truncated-stream`. */
function isEmbeddingScenario(scenario: VertexEmulatorScenario): boolean {
  return scenario.kind === 'error' || scenario.kind === 'hang' || scenario.kind === 'truncated-stream';
}

function invalid(exchange: VertexExchange, message: string): undefined {
  exchange.sendJson(400, googleError(400, message));
  return undefined;
}

function readInstances(exchange: VertexExchange, body: unknown): EmbeddingInstance[] | undefined {
  const instances = (body as { instances?: unknown } | null | undefined)?.instances;
  if (!Array.isArray(instances) || instances.length === 0)
    return invalid(exchange, '`instances` must be a non-empty list.');
  for (const [index, instance] of instances.entries()) {
    if (typeof (instance as { content?: unknown } | null)?.content !== 'string')
      return invalid(exchange, `instances[${index}].content must be a string.`);
  }
  return instances as EmbeddingInstance[];
}

function readDimensions(exchange: VertexExchange, body: unknown): number | undefined {
  const parameters = (body as { parameters?: { outputDimensionality?: unknown } }).parameters;
  const dimensions = parameters?.outputDimensionality;
  if (dimensions === undefined) return DEFAULT_VERTEX_EMBEDDING_DIMENSIONS;
  if (
    typeof dimensions !== 'number' ||
    !Number.isInteger(dimensions) ||
    dimensions < 1 ||
    dimensions > MAX_DIMENSIONS
  )
    return invalid(
      exchange,
      `parameters.outputDimensionality must be an integer from 1 to ${MAX_DIMENSIONS}.`,
    );
  return dimensions;
}

function predictionsBody(instances: readonly EmbeddingInstance[], dimensions: number): unknown {
  let billableCharacterCount = 0;
  const predictions = instances.map(({ content }) => {
    billableCharacterCount += content.length;
    return {
      embeddings: {
        values: Array.from(emulatedEmbedding(content, dimensions)),
        statistics: { token_count: countWords(content), truncated: false },
      },
    };
  });
  return { predictions, metadata: { billableCharacterCount } };
}

/**
 * Answers `:predict` (text embeddings) with one deterministic unit vector per instance, derived from its content;
 * `statistics.token_count` is the word count.
 */
export function handlePredictEmbeddings(
  exchange: VertexExchange,
  body: unknown,
  context: ModelRequestContext,
): void {
  const instances = readInstances(exchange, body);
  if (instances === undefined) return;
  const dimensions = readDimensions(exchange, body);
  if (dimensions === undefined) return;
  const scenario = context.takeScenario(isEmbeddingScenario);
  if (scenario?.kind === 'error') writeErrorScenario(exchange, scenario);
  else if (scenario?.kind === 'truncated-stream')
    exchange.sendHalfThenDestroy(JSON.stringify(predictionsBody(instances, dimensions)));
  else if (scenario?.kind !== 'hang') exchange.sendJson(200, predictionsBody(instances, dimensions));
}
