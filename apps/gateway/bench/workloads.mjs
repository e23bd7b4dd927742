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

/**
 * What each measured run sends and what the emulators answer (`scenarios`, by the target's upstream). The OpenAI
 * emulator's default scenario is global, so the workloads run one after another, each in processes started with its
 * scenario.
 */
export const WORKLOADS = [
  {
    name: 'non-stream',
    stream: false,
    scenarios: {
      'openai-compatible': { kind: 'text', text: TWENTY_WORDS },
      vertex: { kind: 'anthropic-message', message: CLAUDE_MESSAGE },
      bedrock: BEDROCK_CONVERSE,
    },
    expectedText: TWENTY_WORDS,
    expectedChunks: undefined,
    /** Cheap check autocannon runs on every response body; a failed one counts as a mismatch. */
    isCompleteBody: (body) => body.includes('"chat.completion"'),
  },
  {
    name: 'stream-20-chunks',
    stream: true,
    scenarios: {
      'openai-compatible': { kind: 'text', text: TWENTY_WORDS, chunks: 20 },
      vertex: { kind: 'anthropic-message', message: CLAUDE_MESSAGE },
      bedrock: BEDROCK_CONVERSE,
    },
    expectedText: TWENTY_WORDS,
    expectedChunks: 20,
    isCompleteBody: (body) => body.endsWith('data: [DONE]\n\n'),
  },
];

/** The Chat Completions body clients send for `workload`, asking for `model` (`demo`, `claude`). */
export function requestBody(workload, model) {
  return JSON.stringify(
    workload.stream ? { model, messages: MESSAGES, stream: true } : { model, messages: MESSAGES },
  );
}
