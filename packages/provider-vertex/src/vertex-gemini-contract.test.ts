import { describeProviderContract } from '@modelmux/testkit';
import packageJson from '../package.json' with { type: 'json' };
import { vertexPlugin } from './vertex-plugin.js';

// The same contract, for the Gemini family of the vertex provider.

const ORIGIN = 'https://vertex.test';
const MODEL = 'gemini-2.5-flash';
const PATH = `/v1/projects/my-proj/locations/us-central1/publishers/google/models/${MODEL}`;
const SSE = { headers: { 'content-type': 'text/event-stream' } };

const response = (parts: unknown[], finishReason = 'STOP') => ({
  candidates: [{ content: { role: 'model', parts }, finishReason, index: 0 }],
  usageMetadata: { promptTokenCount: 9, candidatesTokenCount: 3, totalTokenCount: 12 },
  modelVersion: MODEL,
  responseId: 'resp-1',
});

const sse = (chunks: unknown[]) => chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\r\n\r\n`).join('');

const textStream = sse([
  {
    candidates: [{ content: { role: 'model', parts: [{ text: 'Hel' }] } }],
    usageMetadata: { promptTokenCount: 9 },
  },
  { ...response([{ text: 'lo' }]) },
]);

describeProviderContract({
  plugin: vertexPlugin as never,
  packageName: packageJson.name,
  origin: ORIGIN,
  validSettings: {
    project: 'my-proj',
    region: 'us-central1',
    base_url: ORIGIN,
    credentials: { type: 'access_token', token: 'ya29.contract-token' },
  },
  invalidSettings: [{ settings: { project: '' }, path: 'project' }],
  chat: {
    modelId: MODEL,
    lossyRequest: {
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      user: 'u-1',
      metadata: { team: 'a' },
    },
    scenarios: {
      'chat.text': (upstream) =>
        upstream
          .intercept({ path: `${PATH}:generateContent`, method: 'POST' })
          .reply(200, response([{ text: 'Hello' }])),
      'chat.tool-call': (upstream) =>
        upstream
          .intercept({ path: `${PATH}:generateContent`, method: 'POST' })
          .reply(200, response([{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }])),
      'chat.stream.text': (upstream) =>
        upstream
          .intercept({ path: `${PATH}:streamGenerateContent?alt=sse`, method: 'POST' })
          .reply(200, textStream, SSE),
      'chat.stream.usage': (upstream) =>
        upstream
          .intercept({ path: `${PATH}:streamGenerateContent?alt=sse`, method: 'POST' })
          .reply(200, textStream, SSE),
      'chat.stream.tool-call': (upstream) =>
        upstream
          .intercept({ path: `${PATH}:streamGenerateContent?alt=sse`, method: 'POST' })
          .reply(
            200,
            sse([response([{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }])]),
            SSE,
          ),
      'chat.error.rate-limited': (upstream) =>
        upstream
          .intercept({ path: `${PATH}:generateContent`, method: 'POST' })
          .reply(429, { error: { code: 429, message: 'Resource exhausted', status: 'RESOURCE_EXHAUSTED' } }),
      'chat.error.bad-request': (upstream) =>
        upstream
          .intercept({ path: `${PATH}:generateContent`, method: 'POST' })
          .reply(400, { error: { code: 400, message: 'Invalid JSON payload', status: 'INVALID_ARGUMENT' } }),
      'chat.error.invalid-response': (upstream) =>
        upstream
          .intercept({ path: `${PATH}:generateContent`, method: 'POST' })
          .reply(200, '{"candidates": [{'),
      'chat.abort': (upstream) =>
        upstream
          .intercept({ path: `${PATH}:generateContent`, method: 'POST' })
          .reply(200, response([]))
          .delay(5_000),
    },
  },
});
