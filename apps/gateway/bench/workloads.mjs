export const CHAT_COMPLETIONS_PATH = '/v1/chat/completions';
export const EMBEDDINGS_PATH = '/v1/embeddings';
export const RESPONSES_PATH = '/v1/responses';

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

/**
 * The OpenAI-compatible emulator's streamed chat reply: the 20 words in 20 content chunks. One object for the chat
 * and the Responses streaming workloads, so both are answered by exactly the same upstream stream.
 */
const TWENTY_CHUNKS = { kind: 'text', text: TWENTY_WORDS, chunks: 20 };

/**
 * The event types of a streamed Responses API reply with one text message of `deltas` deltas, in order: what
 * `check-target-response.mjs` expects from the gateway's Responses encoder.
 */
export function responsesStreamEventTypes(deltas) {
  return [
    'response.created',
    'response.in_progress',
    'response.output_item.added',
    'response.content_part.added',
    ...Array.from({ length: deltas }, () => 'response.output_text.delta'),
    'response.output_text.done',
    'response.content_part.done',
    'response.output_item.done',
    'response.completed',
  ];
}

/**
 * Whether the last frame of a streamed Responses API body is a whole `response.completed` event. Frames are separated
 * by a blank line, which JSON text cannot hold, so the last `\n\nevent: ` starts the last frame.
 */
function endsWithResponseCompleted(body) {
  const last = body.lastIndexOf('\n\nevent: ');
  return (
    last !== -1 && body.startsWith('event: response.completed\ndata: {', last + 2) && body.endsWith('}\n\n')
  );
}

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
 * - `baseline` (optional): what the workload is compared with instead of its target's own baseline (`targets.mjs`):
 *   `{ workload, target, targetRatio }`, another workload's row, for a path whose natural reference is the gateway
 *   itself on another API.
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
      'openai-compatible': TWENTY_CHUNKS,
      vertex: { kind: 'anthropic-message', message: CLAUDE_MESSAGE },
      bedrock: BEDROCK_CONVERSE,
    },
    expectedText: TWENTY_WORDS,
    expectedChunks: 20,
    isCompleteBody: (body) => body.endsWith('data: [DONE]\n\n'),
  },
  {
    /**
     * The Responses API, streamed: the gateway decodes the Responses request, calls the emulator's Chat Completions
     * stream (the same 20 chunks as `stream-20-chunks`), and encodes the Responses event stream (created,
     * in_progress, item and part added, 20 `output_text.delta`, the `done` events, `response.completed` with the whole
     * response). The client sends no `store`, so the API's default applies (store on): the gateway keeps every
     * response, in its `memory` store in the benchmark (`start-gateway-target.mjs`), before `response.completed`.
     */
    name: 'responses-stream-20-chunks',
    api: 'responses',
    path: RESPONSES_PATH,
    body: (model) => JSON.stringify({ model, input: 'Hello', stream: true }),
    targets: ['gateway'],
    skipReason: "its baseline is the gateway's own stream-20-chunks, on the OpenAI-compatible emulator",
    baseline: { workload: 'stream-20-chunks', target: 'gateway', targetRatio: 0.8 },
    scenarios: { 'openai-compatible': TWENTY_CHUNKS },
    expectedText: TWENTY_WORDS,
    expectedChunks: 20,
    isCompleteBody: endsWithResponseCompleted,
  },
  {
    /**
     * The Responses API without streaming, not stored (`store: false`): the gateway translates it to Chat Completions
     * and back, the `gateway-passthrough` target forwards it as it is to the emulator's own Responses API, and the
     * forwarder passes the bytes through. The three rows separate the gateway's fixed cost from its translation.
     */
    name: 'responses-non-stream',
    api: 'responses',
    path: RESPONSES_PATH,
    body: (model) => JSON.stringify({ model, input: 'Hello', store: false }),
    targets: ['forwarder', 'gateway', 'gateway-passthrough'],
    skipReason: 'it compares the gateway with and without translation on the OpenAI-compatible emulator',
    scenarios: { 'openai-compatible': { kind: 'text', text: TWENTY_WORDS } },
    expectedText: TWENTY_WORDS,
    expectedChunks: undefined,
    isCompleteBody: (body) => body.endsWith('}') && body.includes('"output_text"'),
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
  return (
    (workload.targets === undefined || workload.targets.includes(target.name)) &&
    (target.workloads === undefined || target.workloads.includes(workload.name))
  );
}

/** Why `target` does not run `workload`: the target's reason when it names other workloads, else the workload's. */
export function skipReasonOf(workload, target) {
  return target.workloads !== undefined && !target.workloads.includes(workload.name)
    ? target.skipReason
    : workload.skipReason;
}

/** The body clients send for `workload` to `target`: the workload's model if it names one, else the target's. */
export function requestBody(workload, target) {
  return workload.body(workload.model ?? target.model);
}

/**
 * What `target`'s figures on `workload` are compared with, as `{ workload, target, targetRatio }`: the workload's own
 * `baseline` when it sets one, else the target's (`targets.mjs`: the forwarder on the same workload); undefined for a
 * target without a baseline (the forwarder).
 */
export function baselineOf(workload, target) {
  if (target.baseline === undefined) return undefined;
  return (
    workload.baseline ?? { workload: workload.name, target: target.baseline, targetRatio: target.targetRatio }
  );
}
