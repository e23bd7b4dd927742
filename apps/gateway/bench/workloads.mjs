const TWENTY_WORDS =
  'The quick brown fox jumps over the lazy dog while the gateway forwards every token to the client without delay.';

const MESSAGES = [{ role: 'user', content: 'Hello' }];

/**
 * What each measured run sends and what the emulator answers. The emulator's default scenario is global, so the
 * workloads run one after another, each in processes started with its scenario.
 */
export const WORKLOADS = [
  {
    name: 'non-stream',
    scenario: { kind: 'text', text: TWENTY_WORDS },
    body: JSON.stringify({ model: 'demo', messages: MESSAGES }),
    expectedText: TWENTY_WORDS,
    expectedChunks: undefined,
    /** Cheap check autocannon runs on every response body; a failed one counts as a mismatch. */
    isCompleteBody: (body) => body.includes('"chat.completion"'),
  },
  {
    name: 'stream-20-chunks',
    scenario: { kind: 'text', text: TWENTY_WORDS, chunks: 20 },
    body: JSON.stringify({ model: 'demo', messages: MESSAGES, stream: true }),
    expectedText: TWENTY_WORDS,
    expectedChunks: 20,
    isCompleteBody: (body) => body.endsWith('data: [DONE]\n\n'),
  },
];
