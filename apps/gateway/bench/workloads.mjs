export const CHAT_COMPLETIONS_PATH = '/v1/chat/completions';
export const EMBEDDINGS_PATH = '/v1/embeddings';

const TWENTY_WORDS =
  'The quick brown fox jumps over the lazy dog while the gateway forwards every token to the client without delay.';

const MESSAGES = [{ role: 'user', content: 'Hello' }];

/** The Vertex emulator's Claude reply: the same 20 words, sent as 20 `text_delta` events when streaming. */
const CLAUDE_MESSAGE = {
  content: [{ type: 'text', text: TWENTY_WORDS }],
  stop_reason: 'end_turn',
  usage: { input_tokens: 1, output_tokens: 20 },
};

/**
 * The Bedrock emulator's Converse reply: the same 20 words, sent as 20 `contentBlockDelta` event-stream frames when
 * streaming (`/converse-stream`). The emulator process queues references to one parsed copy, whose content it
 * serializes once.
 */
const BEDROCK_CONVERSE = {
  kind: 'converse',
  output: { content: [{ text: TWENTY_WORDS }] },
  stopReason: 'end_turn',
  usage: { inputTokens: 1, outputTokens: 20 },
};

/** The embeddings workload's batch: 16 short sentences, as a retrieval pipeline embeds a page's chunks. */
const EMBEDDING_INPUTS = [
  'The gateway routes every request to the provider behind the alias.',
  'Retries stop after the second attempt on a rate-limited upstream.',
  'Streaming replies arrive one server-sent event at a time.',
  'Each provider instance keeps its own pool of keep-alive connections.',
  'Vectors come back in the order the inputs were sent.',
  'A fallback target takes over when the first one is unavailable.',
  'The configuration file names providers, models and aliases.',
  'Usage counts the prompt tokens of every input in the batch.',
  'Timeouts cover the connection, the headers and each body chunk.',
  'Errors from the upstream are mapped to the OpenAI error shape.',
  'The benchmark compares the gateway with a bare forwarder.',
  'Embeddings of similar sentences point in similar directions.',
  'Large batches are split into calls of at most 2048 inputs.',
  'Base64 vectors carry raw little-endian float32 bytes.',
  'Logs record the model, the target and the outcome of each call.',
  'Health checks answer without touching any upstream provider.',
];

/** The vector length the embeddings workload asks for (that of `text-embedding-3-small`). */
const EMBEDDING_DIMENSIONS = 1536;

/** Length of one vector in base64: 4 bytes per float32, 4 characters per 3 bytes, padded. */
const EMBEDDING_BASE64_LENGTH = 4 * Math.ceil((EMBEDDING_DIMENSIONS * 4) / 3);

function chatCompletionsBody(stream) {
  return (model) =>
    JSON.stringify(stream ? { model, messages: MESSAGES, stream: true } : { model, messages: MESSAGES });
}

/**
 * What each measured run sends and what the emulators answer (`scenarios`, by the target's upstream). The OpenAI
 * emulator's default scenario is global, so the workloads run one after another, each in processes started with its
 * scenario.
 *
 * - `api`: `chat-completions` or `embeddings`, which decides how `check-target-response.mjs` checks the first reply.
 * - `path`: where clients post `body(model)`; `model` is the target's (`targets.mjs`) unless the workload sets one.
 * - `targets`: the names of the targets that run it (every target when absent), and `skipReason` why the others do
 *   not: they are listed as skipped in the results table.
 * - `isCompleteBody`: a cheap check autocannon runs on every response body; a failed one counts as a mismatch.
 */
export const WORKLOADS = [
  {
    name: 'non-stream',
    api: 'chat-completions',
    path: CHAT_COMPLETIONS_PATH,
    body: chatCompletionsBody(false),
    scenarios: {
      'openai-compatible': { kind: 'text', text: TWENTY_WORDS },
      vertex: { kind: 'anthropic-message', message: CLAUDE_MESSAGE },
      bedrock: BEDROCK_CONVERSE,
    },
    expectedText: TWENTY_WORDS,
    expectedChunks: undefined,
    isCompleteBody: (body) => body.includes('"chat.completion"'),
  },
  {
    name: 'stream-20-chunks',
    api: 'chat-completions',
    path: CHAT_COMPLETIONS_PATH,
    body: chatCompletionsBody(true),
    scenarios: {
      'openai-compatible': { kind: 'text', text: TWENTY_WORDS, chunks: 20 },
      vertex: { kind: 'anthropic-message', message: CLAUDE_MESSAGE },
      bedrock: BEDROCK_CONVERSE,
    },
    expectedText: TWENTY_WORDS,
    expectedChunks: 20,
    isCompleteBody: (body) => body.endsWith('data: [DONE]\n\n'),
  },
  {
    name: 'embeddings-16',
    api: 'embeddings',
    path: EMBEDDINGS_PATH,
    /**
     * What the `openai` SDK sends by default (base64 vectors), with OpenAI's vector length. The gateway maps `embed`
     * to the emulator's `text-embedding-3-small` and asks it for base64 too; the forwarder passes `embed` through.
     */
    model: 'embed',
    body: (model) =>
      JSON.stringify({
        model,
        input: EMBEDDING_INPUTS,
        encoding_format: 'base64',
        dimensions: EMBEDDING_DIMENSIONS,
      }),
    targets: ['forwarder', 'gateway'],
    skipReason: 'the Vertex and Bedrock emulators serve other embedding models',
    /** The OpenAI emulator derives each vector from its input; embeddings use no scenario. */
    scenarios: {},
    expectedInputs: EMBEDDING_INPUTS.length,
    expectedDimensions: EMBEDDING_DIMENSIONS,
    isCompleteBody: (body) =>
      body.length > EMBEDDING_INPUTS.length * EMBEDDING_BASE64_LENGTH &&
      body.includes(`"index":${EMBEDDING_INPUTS.length - 1}`) &&
      body.endsWith('}'),
  },
];

/** Whether `workload` runs against `target` (from `targets.mjs`). */
export function runsOn(workload, target) {
  return workload.targets === undefined || workload.targets.includes(target.name);
}

/** The body clients send for `workload` to `target`: the workload's model if it names one, else the target's. */
export function requestBody(workload, target) {
  return workload.body(workload.model ?? target.model);
}
