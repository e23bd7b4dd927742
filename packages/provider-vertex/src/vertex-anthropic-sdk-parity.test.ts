import { AnthropicVertex } from '@anthropic-ai/vertex-sdk';
import type { CallContext } from '@modelmux/core';
import { DEFAULT_VERTEX_ACCESS_TOKEN, startVertexEmulator, type VertexEmulator } from '@modelmux/testkit';
import { OAuth2Client } from 'google-auth-library';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vertexPlugin } from './vertex-plugin.js';

// What the provider sends must match what Anthropic's own Vertex SDK sends for the same call: the same path, auth
// scheme, content type and body (the SDK 1.x puts a newer `anthropic_version` date; both are accepted by Vertex).

const MODEL = 'claude-sonnet-4-5@20250929';
let emulator: VertexEmulator;
const dispatcher = new Agent();
const logger = { debug() {}, info() {}, warn() {}, error() {} };
const context = (): CallContext => ({ signal: new AbortController().signal, requestId: 'r', logger });

beforeAll(async () => {
  emulator = await startVertexEmulator();
});
afterAll(async () => {
  await emulator.close();
  await dispatcher.close();
});

function sdk(): AnthropicVertex {
  const authClient = new OAuth2Client();
  authClient.setCredentials({
    access_token: DEFAULT_VERTEX_ACCESS_TOKEN,
    expiry_date: Date.now() + 3_600_000,
  });
  return new AnthropicVertex({
    baseURL: `${emulator.url}/v1`,
    region: 'us-east5',
    projectId: 'my-proj',
    authClient,
    maxRetries: 0,
  });
}

function provider() {
  const settings = vertexPlugin.settingsSchema.parse({
    project: 'my-proj',
    region: 'us-east5',
    base_url: emulator.url,
    credentials: { type: 'access_token', token: DEFAULT_VERTEX_ACCESS_TOKEN },
  });
  return vertexPlugin.create(settings, { id: 'vertex', dispatcher, logger, now: Date.now, env: {} })
    .chatModel!(MODEL);
}

function comparable(index: number) {
  const request = emulator.requests[index];
  if (request === undefined) throw new Error(`the emulator received no request ${index}`);
  const { anthropic_version: version, ...body } = request.body as Record<string, unknown>;
  return {
    method: request.method,
    path: request.path,
    authorization: String(request.headers.authorization).split(' ')[0],
    contentType: request.headers['content-type'],
    versioned: typeof version === 'string' && version !== '',
    body,
  };
}

describe('requests match @anthropic-ai/vertex-sdk', () => {
  it.each([false, true])(
    'a tool conversation with system, image, stop sequences and thinking (stream: %s)',
    async (stream) => {
      emulator.reset();
      const image =
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
      const tool = {
        name: 'get_weather',
        description: 'Weather',
        input_schema: { type: 'object' as const, properties: { city: { type: 'string' } } },
      };
      const params = {
        model: MODEL,
        max_tokens: 4000,
        system: [{ type: 'text' as const, text: 'Be brief.' }],
        messages: [
          {
            role: 'user' as const,
            content: [
              { type: 'text' as const, text: 'Weather here?' },
              {
                type: 'image' as const,
                source: { type: 'base64' as const, media_type: 'image/png' as const, data: image },
              },
            ],
          },
          {
            role: 'assistant' as const,
            content: [
              { type: 'tool_use' as const, id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
            ],
          },
          {
            role: 'user' as const,
            content: [{ type: 'tool_result' as const, tool_use_id: 'toolu_1', content: '21' }],
          },
        ],
        stop_sequences: ['END'],
        tools: [tool],
        tool_choice: { type: 'auto' as const, disable_parallel_tool_use: true },
        thinking: { type: 'enabled' as const, budget_tokens: 2048 },
        metadata: { user_id: 'u-1' },
      };
      if (stream) await sdk().messages.stream(params).finalMessage();
      else await sdk().messages.create(params);
      const model = provider();
      const request = {
        messages: [
          { role: 'system' as const, content: 'Be brief.' },
          {
            role: 'user' as const,
            content: [
              { type: 'text' as const, text: 'Weather here?' },
              {
                type: 'image' as const,
                source: { kind: 'base64' as const, mediaType: 'image/png', data: image },
              },
            ],
          },
          {
            role: 'assistant' as const,
            content: [
              {
                type: 'tool-call' as const,
                callId: 'toolu_1',
                toolName: 'get_weather',
                arguments: '{"city":"Paris"}',
              },
            ],
          },
          { role: 'tool' as const, toolCallId: 'toolu_1', content: [{ type: 'text' as const, text: '21' }] },
        ],
        maxOutputTokens: 4000,
        stopSequences: ['END'],
        tools: [{ name: 'get_weather', description: 'Weather', parameters: tool.input_schema }],
        toolChoice: { type: 'auto' as const },
        parallelToolCalls: false,
        reasoningEffort: 'low' as const,
        user: 'u-1',
      };
      if (stream) for await (const _event of await model.stream(request, context()));
      else await model.generate(request, context());
      const fromSdk = comparable(0);
      const fromProvider = comparable(1);
      expect(fromProvider).toEqual(fromSdk);
      expect(fromProvider.path).toBe(
        `/v1/projects/my-proj/locations/us-east5/publishers/anthropic/models/${MODEL}:${stream ? 'streamRawPredict' : 'rawPredict'}`,
      );
    },
  );
});
