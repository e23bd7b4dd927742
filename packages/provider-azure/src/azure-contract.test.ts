import { describeProviderContract } from '@modelmux/testkit';
import packageJson from '../package.json' with { type: 'json' };
import { azurePlugin } from './azure-plugin.js';

const ORIGIN = 'https://contoso.openai.azure.com';
const CHAT = '/openai/deployments/chat-prod/chat/completions?api-version=2024-10-21';
const EMBEDDINGS = '/openai/deployments/embed-prod/embeddings?api-version=2024-10-21';
const SSE = { headers: { 'content-type': 'text/event-stream' } };
const safe = { filtered: false, severity: 'safe' };
const verdict = { hate: safe, self_harm: safe, sexual: safe, violence: safe };

function sse(chunks: unknown[]): string {
  return `${chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('')}data: [DONE]\n\n`;
}

// Azure's annotation-only first chunk (WIRE-FORMATS §8.3), then ordinary chunks carrying verdicts.
const annotationChunk = {
  id: '',
  object: '',
  created: 0,
  model: '',
  choices: [],
  prompt_filter_results: [{ prompt_index: 0, content_filter_results: verdict }],
};
const chunk = (delta: unknown, finishReason: string | null = null) => ({
  id: 'chatcmpl-az',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'gpt-4o-2024-08-06',
  choices: [{ index: 0, delta, finish_reason: finishReason, content_filter_results: verdict }],
});
const usageChunk = {
  id: 'chatcmpl-az',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'gpt-4o-2024-08-06',
  choices: [],
  usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 },
};
const textStream = sse([
  annotationChunk,
  chunk({ role: 'assistant', content: '' }),
  chunk({ content: 'Hel' }),
  chunk({ content: 'lo' }),
  chunk({}, 'stop'),
  usageChunk,
]);

function embeddingsReply(options: { body?: unknown }) {
  const { input } = JSON.parse(String(options.body)) as { input: string[] };
  return {
    object: 'list',
    data: input.map((text, index) => ({
      object: 'embedding',
      index,
      embedding: [Number(text.slice('input-'.length)), 0.5],
    })),
    model: 'text-embedding-3-small',
    usage: { prompt_tokens: input.length, total_tokens: input.length },
  };
}

describeProviderContract({
  plugin: azurePlugin as never,
  packageName: packageJson.name,
  origin: ORIGIN,
  validSettings: {
    resource: 'contoso',
    api: 'deployments',
    api_key: 'test-key',
    deployments: { 'gpt-4o': 'chat-prod', 'text-embedding-3-small': 'embed-prod' },
  },
  invalidSettings: [
    { settings: { api_key: 'k' }, path: 'resource' },
    { settings: { resource: 'contoso', api_key: 'k', entra: { type: 'default' } }, path: 'entra' },
    { settings: { resource: 'contoso', api: 'classic' }, path: 'api' },
    { settings: { endpoint: 'ftp://x.example.com', api_key: 'k' }, path: 'endpoint' },
    {
      settings: { resource: 'contoso', api_key: { env: 'MISSING_AZURE_KEY_FOR_CONTRACT' } },
      path: 'api_key',
    },
    {
      settings: {
        resource: 'contoso',
        entra: {
          type: 'client_secret',
          tenant_id: 't',
          client_id: 'c',
          client_secret: { env: 'MISSING_SECRET' },
        },
      },
      path: 'entra.client_secret',
    },
  ],
  embed: {
    modelId: 'text-embedding-3-small',
    scenarios: {
      'embed.batch': (upstream) =>
        upstream.intercept({ path: EMBEDDINGS, method: 'POST' }).reply(200, embeddingsReply),
      'embed.too-many-inputs': (upstream) =>
        upstream.intercept({ path: EMBEDDINGS, method: 'POST' }).reply(200, embeddingsReply).times(2),
      'embed.error.rate-limited': (upstream) =>
        upstream.intercept({ path: EMBEDDINGS, method: 'POST' }).reply(
          429,
          {
            error: {
              code: '429',
              message: 'Requests to the Embeddings_Create Operation have exceeded call rate limit.',
            },
          },
          { headers: { 'retry-after': '2' } },
        ),
    },
  },
  chat: {
    modelId: 'gpt-4o',
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
        upstream.intercept({ path: CHAT, method: 'POST' }).reply(200, {
          id: 'chatcmpl-1',
          object: 'chat.completion',
          created: 1,
          model: 'gpt-4o-2024-08-06',
          prompt_filter_results: [{ prompt_index: 0, content_filter_results: verdict }],
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: 'Hello' },
              finish_reason: 'stop',
              logprobs: null,
              content_filter_results: verdict,
            },
          ],
          usage: { prompt_tokens: 9, completion_tokens: 1, total_tokens: 10 },
        }),
      'chat.tool-call': (upstream) =>
        upstream.intercept({ path: CHAT, method: 'POST' }).reply(200, {
          id: 'chatcmpl-2',
          object: 'chat.completion',
          created: 1,
          model: 'gpt-4o-2024-08-06',
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
              content_filter_results: {},
            },
          ],
        }),
      'chat.stream.text': (upstream) =>
        upstream.intercept({ path: CHAT, method: 'POST' }).reply(200, textStream, SSE),
      'chat.stream.usage': (upstream) =>
        upstream.intercept({ path: CHAT, method: 'POST' }).reply(200, textStream, SSE),
      'chat.stream.tool-call': (upstream) =>
        upstream.intercept({ path: CHAT, method: 'POST' }).reply(
          200,
          sse([
            annotationChunk,
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
            chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":"Paris"}' } }] }),
            chunk({}, 'tool_calls'),
          ]),
          SSE,
        ),
      'chat.error.rate-limited': (upstream) =>
        upstream.intercept({ path: CHAT, method: 'POST' }).reply(
          429,
          {
            error: {
              code: '429',
              message:
                'Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current AIServices S0 pricing tier. Please retry after 2 seconds.',
            },
          },
          { headers: { 'retry-after': '2', 'retry-after-ms': '1800' } },
        ),
      'chat.error.bad-request': (upstream) =>
        upstream.intercept({ path: CHAT, method: 'POST' }).reply(400, {
          error: {
            message: "This model's maximum context length is 128000 tokens.",
            type: 'invalid_request_error',
            param: 'messages',
            code: 'context_length_exceeded',
          },
        }),
      'chat.error.invalid-response': (upstream) =>
        upstream.intercept({ path: CHAT, method: 'POST' }).reply(200, '{"id":"chatcmpl-x","choices":['),
      'chat.abort': (upstream) =>
        upstream.intercept({ path: CHAT, method: 'POST' }).reply(200, { choices: [] }).delay(5_000),
    },
  },
});
