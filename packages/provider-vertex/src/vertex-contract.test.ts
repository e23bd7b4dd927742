import { describeProviderContract } from '@modelmux/testkit';
import packageJson from '../package.json' with { type: 'json' };
import { vertexPlugin } from './vertex-plugin.js';

const ORIGIN = 'https://vertex.test';
const MODEL = 'claude-sonnet-4-5@20250929';
const PATH = `/v1/projects/my-proj/locations/us-east5/publishers/anthropic/models/${MODEL}`;
const SSE = { headers: { 'content-type': 'text/event-stream' } };

function sse(events: Array<Record<string, unknown>>): string {
  return events.map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join('');
}

const message = (content: unknown[], stopReason: string) => ({
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5',
  content,
  stop_reason: stopReason,
  stop_sequence: null,
  usage: { input_tokens: 12, output_tokens: 4 },
});

const textStream = sse([
  {
    type: 'message_start',
    message: { ...message([], 'end_turn'), stop_reason: null, usage: { input_tokens: 12, output_tokens: 1 } },
  },
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hel' } },
  { type: 'ping' },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'lo' } },
  { type: 'content_block_stop', index: 0 },
  {
    type: 'message_delta',
    delta: { stop_reason: 'end_turn', stop_sequence: null },
    usage: { output_tokens: 4 },
  },
  { type: 'message_stop' },
]);

describeProviderContract({
  plugin: vertexPlugin as never,
  packageName: packageJson.name,
  origin: ORIGIN,
  env: { VERTEX_TOKEN: 'ya29.contract-token' },
  validSettings: {
    project: 'my-proj',
    region: 'us-east5',
    base_url: ORIGIN,
    credentials: { type: 'access_token', token: { env: 'VERTEX_TOKEN' } },
    models: { [MODEL]: { max_output_tokens: 512 } },
  },
  invalidSettings: [
    { settings: { region: 'us-east5' }, path: 'project' },
    { settings: { project: 'p', region: 'US East' }, path: 'region' },
    { settings: { project: 'p', credentials: { type: 'password' } }, path: 'credentials.type' },
    {
      settings: {
        project: 'p',
        credentials: { type: 'access_token', token: { env: 'MISSING_VERTEX_TOKEN' } },
      },
      path: 'credentials.token',
    },
    { settings: { project: 'p', base_url: 'ftp://x' }, path: 'base_url' },
  ],
  chat: {
    modelId: MODEL,
    lossyRequest: {
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      seed: 7,
      responseFormat: { type: 'json-object' },
    },
    scenarios: {
      'chat.text': (upstream) =>
        upstream
          .intercept({ path: `${PATH}:rawPredict`, method: 'POST' })
          .reply(200, message([{ type: 'text', text: 'Hello' }], 'end_turn')),
      'chat.tool-call': (upstream) =>
        upstream
          .intercept({ path: `${PATH}:rawPredict`, method: 'POST' })
          .reply(
            200,
            message(
              [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }],
              'tool_use',
            ),
          ),
      'chat.stream.text': (upstream) =>
        upstream.intercept({ path: `${PATH}:streamRawPredict`, method: 'POST' }).reply(200, textStream, SSE),
      'chat.stream.usage': (upstream) =>
        upstream.intercept({ path: `${PATH}:streamRawPredict`, method: 'POST' }).reply(200, textStream, SSE),
      'chat.stream.tool-call': (upstream) =>
        upstream.intercept({ path: `${PATH}:streamRawPredict`, method: 'POST' }).reply(
          200,
          sse([
            { type: 'message_start', message: { ...message([], 'tool_use'), stop_reason: null } },
            {
              type: 'content_block_start',
              index: 0,
              content_block: { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} },
            },
            {
              type: 'content_block_delta',
              index: 0,
              delta: { type: 'input_json_delta', partial_json: '{"city":' },
            },
            {
              type: 'content_block_delta',
              index: 0,
              delta: { type: 'input_json_delta', partial_json: '"Paris"}' },
            },
            { type: 'content_block_stop', index: 0 },
            { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 9 } },
            { type: 'message_stop' },
          ]),
          SSE,
        ),
      'chat.error.rate-limited': (upstream) =>
        upstream.intercept({ path: `${PATH}:rawPredict`, method: 'POST' }).reply(
          429,
          {
            error: {
              code: 429,
              message: 'Quota exceeded for aiplatform.googleapis.com',
              status: 'RESOURCE_EXHAUSTED',
            },
          },
          { headers: { 'retry-after': '3' } },
        ),
      'chat.error.bad-request': (upstream) =>
        upstream.intercept({ path: `${PATH}:rawPredict`, method: 'POST' }).reply(400, {
          type: 'error',
          error: { type: 'invalid_request_error', message: 'max_tokens: must be positive' },
        }),
      'chat.error.invalid-response': (upstream) =>
        upstream
          .intercept({ path: `${PATH}:rawPredict`, method: 'POST' })
          .reply(200, { id: 'msg_1', content: 'not a list' }),
      'chat.abort': (upstream) =>
        upstream
          .intercept({ path: `${PATH}:rawPredict`, method: 'POST' })
          .reply(200, message([], 'end_turn'))
          .delay(5_000),
    },
  },
});
