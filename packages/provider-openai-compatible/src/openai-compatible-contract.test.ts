import { describeProviderContract } from '@modelmux/testkit';
import packageJson from '../package.json' with { type: 'json' };
import { openAICompatiblePlugin } from './openai-compatible-plugin.js';

const ORIGIN = 'http://vllm.test';
const PATH = '/v1/chat/completions';
const SSE = { headers: { 'content-type': 'text/event-stream' } };

function sse(chunks: unknown[]): string {
  return `${chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('')}data: [DONE]\n\n`;
}

const chunk = (delta: unknown, finishReason: string | null = null) => ({
  id: 'chatcmpl-c',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'm',
  choices: [{ index: 0, delta, finish_reason: finishReason }],
});

const textStream = sse([
  chunk({ role: 'assistant', content: '' }),
  chunk({ content: 'Hel' }),
  chunk({ content: 'lo' }),
  chunk({}, 'stop'),
  {
    id: 'chatcmpl-c',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [],
    usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 },
  },
]);

const EMBEDDINGS_PATH = '/v1/embeddings';

/** Follows the contract's convention: `input-<n>` embeds as a vector starting with `n`. */
function embeddingsReply(options: { body?: unknown }) {
  const { input } = JSON.parse(String(options.body)) as { input: string[] };
  return {
    object: 'list',
    data: input.map((text, index) => ({
      object: 'embedding',
      index,
      embedding: [Number(text.slice('input-'.length)), 0.5, -0.25],
    })),
    model: 'e',
    usage: { prompt_tokens: input.length, total_tokens: input.length },
  };
}

describeProviderContract({
  plugin: openAICompatiblePlugin as never,
  packageName: packageJson.name,
  origin: ORIGIN,
  validSettings: { base_url: `${ORIGIN}/v1`, api_key: 'test-key', models: { m: { max_output_tokens: 10 } } },
  invalidSettings: [
    { settings: { base_url: 'ftp://vllm.test/v1' }, path: 'base_url' },
    { settings: {}, path: 'base_url' },
    { settings: { base_url: `${ORIGIN}/v1`, max_tokens_field: 'tokens' }, path: 'max_tokens_field' },
    { settings: { base_url: `${ORIGIN}/v1`, api_key: { env: 'MISSING_KEY_FOR_CONTRACT' } }, path: 'api_key' },
  ],
  embed: {
    modelId: 'e',
    scenarios: {
      'embed.batch': (upstream) =>
        upstream.intercept({ path: EMBEDDINGS_PATH, method: 'POST' }).reply(200, embeddingsReply),
      'embed.too-many-inputs': (upstream) =>
        upstream.intercept({ path: EMBEDDINGS_PATH, method: 'POST' }).reply(200, embeddingsReply).times(2),
      'embed.error.rate-limited': (upstream) =>
        upstream
          .intercept({ path: EMBEDDINGS_PATH, method: 'POST' })
          .reply(429, { error: { message: 'Rate limit reached', type: 'rate_limit_error' } }),
    },
  },
  chat: {
    modelId: 'm',
    lossyRequest: {
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'hi' }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'thinking' },
            { type: 'text', text: 'hello' },
          ],
        },
        { role: 'user', content: [{ type: 'text', text: 'again' }] },
      ],
    },
    scenarios: {
      'chat.text': (upstream) =>
        upstream.intercept({ path: PATH, method: 'POST' }).reply(200, {
          id: 'chatcmpl-1',
          object: 'chat.completion',
          created: 1,
          model: 'm',
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: 'Hello' },
              finish_reason: 'stop',
              logprobs: null,
            },
          ],
          usage: { prompt_tokens: 9, completion_tokens: 1, total_tokens: 10 },
        }),
      'chat.tool-call': (upstream) =>
        upstream.intercept({ path: PATH, method: 'POST' }).reply(200, {
          id: 'chatcmpl-2',
          object: 'chat.completion',
          created: 1,
          model: 'm',
          choices: [
            {
              index: 0,
              message: {
                role: 'assistant',
                content: null,
                tool_calls: [
                  {
                    id: 'call_1',
                    type: 'function',
                    function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
                  },
                ],
              },
              finish_reason: 'tool_calls',
            },
          ],
        }),
      'chat.stream.text': (upstream) =>
        upstream.intercept({ path: PATH, method: 'POST' }).reply(200, textStream, SSE),
      'chat.stream.usage': (upstream) =>
        upstream.intercept({ path: PATH, method: 'POST' }).reply(200, textStream, SSE),
      'chat.stream.tool-call': (upstream) =>
        upstream.intercept({ path: PATH, method: 'POST' }).reply(
          200,
          sse([
            chunk({
              role: 'assistant',
              tool_calls: [
                {
                  index: 0,
                  id: 'call_1',
                  type: 'function',
                  function: { name: 'get_weather', arguments: '' },
                },
              ],
            }),
            chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
            chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
            chunk({}, 'tool_calls'),
          ]),
          SSE,
        ),
      'chat.error.rate-limited': (upstream) =>
        upstream.intercept({ path: PATH, method: 'POST' }).reply(
          429,
          {
            error: { message: 'Rate limit reached', type: 'rate_limit_error', code: 'rate_limit_exceeded' },
          },
          { headers: { 'retry-after': '1' } },
        ),
      'chat.error.bad-request': (upstream) =>
        upstream.intercept({ path: PATH, method: 'POST' }).reply(400, {
          object: 'error',
          message: "This model's maximum context length is 8192 tokens",
          type: 'BadRequestError',
          code: 400,
        }),
      'chat.error.invalid-response': (upstream) =>
        upstream.intercept({ path: PATH, method: 'POST' }).reply(200, '{"id":"chatcmpl-x","choices":['),
      'chat.abort': (upstream) =>
        upstream.intercept({ path: PATH, method: 'POST' }).reply(200, { choices: [] }).delay(5_000),
    },
  },
});
