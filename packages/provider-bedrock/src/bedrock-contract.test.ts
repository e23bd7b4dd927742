import { describeProviderContract } from '@modelmux/testkit';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import packageJson from '../package.json' with { type: 'json' };
import { bedrockPlugin } from './bedrock-plugin.js';

const ORIGIN = 'https://bedrock.test';
const MODEL = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const PATH = `/model/${encodeURIComponent(MODEL)}`;
const codec = new EventStreamCodec(toUtf8, fromUtf8);
const EVENT_STREAM = { headers: { 'content-type': 'application/vnd.amazon.eventstream' } };

/** Real binary event-stream frames, as Bedrock sends them. */
function frames(events: Array<[string, unknown]>): Buffer {
  return Buffer.concat(
    events.map(([eventType, payload]) =>
      codec.encode({
        headers: {
          ':message-type': { type: 'string', value: 'event' },
          ':event-type': { type: 'string', value: eventType },
          ':content-type': { type: 'string', value: 'application/json' },
        },
        body: fromUtf8(JSON.stringify(payload)),
      }),
    ),
  );
}

const converse = (content: unknown[], stopReason: string) => ({
  output: { message: { role: 'assistant', content } },
  stopReason,
  usage: { inputTokens: 12, outputTokens: 4, totalTokens: 16 },
  metrics: { latencyMs: 50 },
});

const textStream = frames([
  ['messageStart', { role: 'assistant' }],
  ['contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hel' } }],
  ['contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'lo' } }],
  ['contentBlockStop', { contentBlockIndex: 0 }],
  ['messageStop', { stopReason: 'end_turn' }],
  ['metadata', { usage: { inputTokens: 12, outputTokens: 4, totalTokens: 16 }, metrics: { latencyMs: 50 } }],
]);

describeProviderContract({
  plugin: bedrockPlugin as never,
  packageName: packageJson.name,
  origin: ORIGIN,
  env: { BEDROCK_KEY: 'bedrock-api-key-0123456789' },
  validSettings: {
    region: 'us-east-1',
    endpoint: ORIGIN,
    credentials: { type: 'api_key', key: { env: 'BEDROCK_KEY' } },
  },
  invalidSettings: [
    { settings: {}, path: 'region' },
    { settings: { region: 'mars-1' }, path: 'region' },
    {
      settings: { region: 'us-east-1', credentials: { type: 'keys', access_key_id: 'AKID' } },
      path: 'credentials.secret_access_key',
    },
    {
      settings: {
        region: 'us-east-1',
        credentials: { type: 'api_key', key: { env: 'MISSING_BEDROCK_KEY' } },
      },
      path: 'credentials.key',
    },
    {
      settings: { region: 'us-east-1', assume_role: { role_arn: 'not-an-arn' } },
      path: 'assume_role.role_arn',
    },
  ],
  chat: {
    modelId: MODEL,
    lossyRequest: {
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      seed: 1,
      frequencyPenalty: 0.5,
    },
    scenarios: {
      'chat.text': (upstream) =>
        upstream
          .intercept({ path: `${PATH}/converse`, method: 'POST' })
          .reply(200, converse([{ text: 'Hello' }], 'end_turn')),
      'chat.tool-call': (upstream) =>
        upstream
          .intercept({ path: `${PATH}/converse`, method: 'POST' })
          .reply(
            200,
            converse(
              [{ toolUse: { toolUseId: 'tooluse_1', name: 'get_weather', input: { city: 'Paris' } } }],
              'tool_use',
            ),
          ),
      'chat.stream.text': (upstream) =>
        upstream
          .intercept({ path: `${PATH}/converse-stream`, method: 'POST' })
          .reply(200, textStream, EVENT_STREAM),
      'chat.stream.usage': (upstream) =>
        upstream
          .intercept({ path: `${PATH}/converse-stream`, method: 'POST' })
          .reply(200, textStream, EVENT_STREAM),
      'chat.stream.tool-call': (upstream) =>
        upstream.intercept({ path: `${PATH}/converse-stream`, method: 'POST' }).reply(
          200,
          frames([
            ['messageStart', { role: 'assistant' }],
            [
              'contentBlockStart',
              { contentBlockIndex: 0, start: { toolUse: { toolUseId: 'tooluse_1', name: 'get_weather' } } },
            ],
            ['contentBlockDelta', { contentBlockIndex: 0, delta: { toolUse: { input: '{"city":' } } }],
            ['contentBlockDelta', { contentBlockIndex: 0, delta: { toolUse: { input: '"Paris"}' } } }],
            ['contentBlockStop', { contentBlockIndex: 0 }],
            ['messageStop', { stopReason: 'tool_use' }],
          ]),
          EVENT_STREAM,
        ),
      'chat.error.rate-limited': (upstream) =>
        upstream.intercept({ path: `${PATH}/converse`, method: 'POST' }).reply(
          429,
          { message: 'Too many requests, please wait before trying again.' },
          {
            headers: {
              'x-amzn-errortype': 'ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/',
            },
          },
        ),
      'chat.error.bad-request': (upstream) =>
        upstream.intercept({ path: `${PATH}/converse`, method: 'POST' }).reply(
          400,
          { message: 'The model returned the following errors: max_tokens: must be positive' },
          {
            headers: {
              'x-amzn-errortype': 'ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/',
            },
          },
        ),
      'chat.error.invalid-response': (upstream) =>
        upstream.intercept({ path: `${PATH}/converse`, method: 'POST' }).reply(200, { output: 'nope' }),
      'chat.abort': (upstream) =>
        upstream
          .intercept({ path: `${PATH}/converse`, method: 'POST' })
          .reply(200, converse([], 'end_turn'))
          .delay(5_000),
    },
  },
});
