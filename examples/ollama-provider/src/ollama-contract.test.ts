import { describeProviderContract } from '@modelmux/testkit';
import packageJson from '../package.json' with { type: 'json' };
import { readFixture } from '../test/read-fixture.js';
import { ollamaPlugin } from './ollama-plugin.js';

const ORIGIN = 'http://ollama.test:11434';
const PATH = '/api/chat';
const NDJSON = { headers: { 'content-type': 'application/x-ndjson' } };
const JSON_REPLY = { headers: { 'content-type': 'application/json; charset=utf-8' } };

const textStream = readFixture('ollama-text.1.ndjson');

describeProviderContract({
  plugin: ollamaPlugin as never,
  packageName: packageJson.name,
  origin: ORIGIN,
  validSettings: {
    base_url: ORIGIN,
    api_key: 'contract-key',
    models: { 'llama3.2': { options: { num_ctx: 8192 } } },
  },
  invalidSettings: [
    { settings: { base_url: 'ftp://ollama.test' }, path: 'base_url' },
    { settings: { base_url: ORIGIN, keep_alive: true }, path: 'keep_alive' },
    {
      settings: { base_url: ORIGIN, models: { 'llama3.2': { think: 'max' } } },
      path: 'models.llama3.2.think',
    },
    { settings: { base_url: ORIGIN, api_key: { env: 'MISSING_OLLAMA_KEY_FOR_CONTRACT' } }, path: 'api_key' },
  ],
  chat: {
    modelId: 'llama3.2',
    lossyRequest: {
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Weather?' }] }],
      tools: [{ name: 'get_weather', parameters: { type: 'object' } }],
      toolChoice: { type: 'required' },
      user: 'end-user-1',
    },
    scenarios: {
      'chat.text': (upstream) =>
        upstream
          .intercept({ path: PATH, method: 'POST' })
          .reply(200, readFixture('ollama-text.1.json'), JSON_REPLY),
      'chat.tool-call': (upstream) =>
        upstream.intercept({ path: PATH, method: 'POST' }).reply(
          200,
          {
            model: 'llama3.2',
            created_at: '2025-07-07T20:32:53.844124Z',
            message: {
              role: 'assistant',
              content: '',
              tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Paris' } } }],
            },
            done_reason: 'stop',
            done: true,
            prompt_eval_count: 169,
            eval_count: 18,
          },
          JSON_REPLY,
        ),
      'chat.stream.text': (upstream) =>
        upstream.intercept({ path: PATH, method: 'POST' }).reply(200, textStream, NDJSON),
      'chat.stream.usage': (upstream) =>
        upstream.intercept({ path: PATH, method: 'POST' }).reply(200, textStream, NDJSON),
      'chat.stream.tool-call': (upstream) =>
        upstream
          .intercept({ path: PATH, method: 'POST' })
          .reply(200, readFixture('ollama-thinking-tool-call.1.ndjson'), NDJSON),
      'chat.error.rate-limited': (upstream) =>
        upstream
          .intercept({ path: PATH, method: 'POST' })
          .reply(
            429,
            { error: 'too many requests' },
            { headers: { 'retry-after': '2', ...JSON_REPLY.headers } },
          ),
      'chat.error.bad-request': (upstream) =>
        upstream
          .intercept({ path: PATH, method: 'POST' })
          .reply(404, { error: "model 'llama3.2' not found" }, JSON_REPLY),
      'chat.error.invalid-response': (upstream) =>
        upstream
          .intercept({ path: PATH, method: 'POST' })
          .reply(200, '{"model":"llama3.2","message":', JSON_REPLY),
      'chat.abort': (upstream) =>
        upstream
          .intercept({ path: PATH, method: 'POST' })
          .reply(200, readFixture('ollama-text.1.json'), JSON_REPLY)
          .delay(5_000),
    },
  },
});
