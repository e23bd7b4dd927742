import { type BedrockEmulator, type BedrockEmulatorScenario, startBedrockEmulator } from '@modelmux/testkit';
import type OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../src/config/load-gateway-config.js';
import { type StartedServer, startServer } from '../src/server.js';
import { SchemaCheckedClient, TEST_SHUTDOWN_TIMEOUT_MS } from './helpers.js';

// The real `openai` client → the gateway → Bedrock's OpenAI-compatible APIs on the emulator (Bedrock Runtime's
// `/openai/v1/chat/completions`, signed for `bedrock`, and Mantle's `/v1/chat/completions`, signed for
// `bedrock-mantle`), which verifies every SigV4 signature.

const CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};

/** Each API: the gateway model, the upstream model id, the path it posts to and the signing name it uses. */
const APIS = [
  {
    api: 'openai',
    model: 'gpt-oss',
    upstreamModel: 'openai.gpt-oss-20b-1:0',
    path: '/openai/v1/chat/completions',
    service: 'bedrock',
  },
  {
    api: 'mantle',
    model: 'gpt-oss-mantle',
    upstreamModel: 'openai.gpt-oss-120b',
    path: '/v1/chat/completions',
    service: 'bedrock-mantle',
  },
] as const;

let emulator: BedrockEmulator;
let gateway: StartedServer;
let checked: SchemaCheckedClient;
let client: OpenAI;

function provider(api: 'openai' | 'mantle') {
  return {
    type: 'bedrock',
    api,
    region: 'us-east-1',
    endpoint: emulator.url,
    credentials: {
      type: 'keys',
      access_key_id: CREDENTIALS.accessKeyId,
      secret_access_key: { env: 'E2E_AWS_SECRET' },
    },
  };
}

beforeAll(async () => {
  emulator = await startBedrockEmulator({ region: 'us-east-1', credentials: CREDENTIALS });
  const config = parseGatewayConfig({
    server: { log_level: 'silent', shutdown_timeout_ms: TEST_SHUTDOWN_TIMEOUT_MS },
    providers: { bedrock_openai: provider('openai'), bedrock_mantle: provider('mantle') },
    models: {
      'gpt-oss': { targets: ['bedrock_openai:openai.gpt-oss-20b-1:0'] },
      'gpt-oss-mantle': { targets: ['bedrock_mantle:openai.gpt-oss-120b'] },
    },
  });
  gateway = await startServer({
    config,
    env: { E2E_AWS_SECRET: CREDENTIALS.secretAccessKey },
    host: '127.0.0.1',
    port: 0,
    logger: false,
  });
  checked = new SchemaCheckedClient(gateway.url);
  client = checked.client;
});

afterEach(async () => {
  const violations = await checked.takeSchemaViolations();
  client = checked.client;
  for (const request of emulator.requests) expect(request.signatureValid).toBe(true);
  emulator.reset();
  expect(violations).toEqual([]);
});

afterAll(async () => {
  await gateway?.close();
  await emulator?.close();
});

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

function openai(
  scenario: Extract<BedrockEmulatorScenario, { kind: 'openai' }>['scenario'],
): BedrockEmulatorScenario {
  return { kind: 'openai', scenario };
}

function lastBody(): Record<string, unknown> {
  return emulator.requests.at(-1)?.body as Record<string, unknown>;
}

describe.each(APIS)(
  'Bedrock $api API through the gateway',
  ({ api, model, upstreamModel, path, service }) => {
    it(`answers text, signed with SigV4 for ${service} over the exact body`, async () => {
      emulator.enqueue(
        openai({ kind: 'text', text: 'Bonjour !', usage: { prompt_tokens: 20, completion_tokens: 8 } }),
      );
      const completion = await client.chat.completions.create({
        model,
        messages: [
          { role: 'system', content: 'Answer in French.' },
          { role: 'user', content: 'Hello' },
        ],
        max_tokens: 100,
      });
      expect(completion.choices[0]?.message.content).toBe('Bonjour !');
      expect(completion.choices[0]?.finish_reason).toBe('stop');
      expect(completion.usage).toMatchObject({ prompt_tokens: 20, completion_tokens: 8, total_tokens: 28 });
      expect(emulator.requests).toHaveLength(1);
      const sent = emulator.requests[0];
      expect(sent).toMatchObject({
        method: 'POST',
        path,
        api,
        modelId: upstreamModel,
        signatureValid: true,
        signingService: service,
      });
      expect(String(sent?.headers.authorization)).toMatch(
        new RegExp(
          `^AWS4-HMAC-SHA256 Credential=${CREDENTIALS.accessKeyId}/\\d{8}/us-east-1/${service}/aws4_request,`,
        ),
      );
      expect(sent?.body).toMatchObject({
        model: upstreamModel,
        messages: [
          { role: 'system', content: 'Answer in French.' },
          { role: 'user', content: 'Hello' },
        ],
        max_completion_tokens: 100,
      });
    });

    it('streams text with a usage chunk', async () => {
      emulator.enqueue(
        openai({
          kind: 'text',
          text: 'one two three four',
          usage: { prompt_tokens: 20, completion_tokens: 8 },
        }),
      );
      const stream = await client.chat.completions.create({
        model,
        stream: true,
        messages: [{ role: 'user', content: 'count' }],
        stream_options: { include_usage: true },
      });
      let text = '';
      let usage: OpenAI.CompletionUsage | undefined;
      let finishReason: string | null | undefined;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
        if (chunk.usage) usage = chunk.usage;
      }
      expect(text).toBe('one two three four');
      expect(finishReason).toBe('stop');
      expect(usage).toMatchObject({ prompt_tokens: 20, completion_tokens: 8 });
      expect(emulator.requests.at(-1)).toMatchObject({ path, signatureValid: true, signingService: service });
      expect(lastBody()).toMatchObject({ model: upstreamModel, stream: true });
    });

    for (const streamed of [false, true]) {
      it(`runs a tool call over two turns (${streamed ? 'stream' : 'non-stream'})`, async () => {
        emulator.enqueue(
          openai({
            kind: 'tool-calls',
            calls: [{ id: 'call_paris', name: 'get_weather', arguments: '{"city":"Paris"}' }],
          }),
          openai({ kind: 'text', text: 'It is 21 in Paris.' }),
        );
        const messages: OpenAI.ChatCompletionMessageParam[] = [
          { role: 'user', content: 'Weather in Paris?' },
        ];
        const first = streamed
          ? await client.chat.completions
              .stream({ model, messages, tools: [weatherTool] })
              .finalChatCompletion()
          : await client.chat.completions.create({ model, messages, tools: [weatherTool] });
        expect(first.choices[0]?.finish_reason).toBe('tool_calls');
        const calls = (first.choices[0]?.message.tool_calls ?? []).filter((call) => call.type === 'function');
        expect(
          calls.map((call) => [call.id, call.function.name, JSON.parse(call.function.arguments)]),
        ).toEqual([['call_paris', 'get_weather', { city: 'Paris' }]]);
        expect(lastBody().tools).toEqual([weatherTool]);
        messages.push(first.choices[0]!.message as OpenAI.ChatCompletionMessageParam, {
          role: 'tool',
          tool_call_id: 'call_paris',
          content: '21',
        });
        const second = await client.chat.completions.create({ model, messages, tools: [weatherTool] });
        expect(second.choices[0]?.message.content).toBe('It is 21 in Paris.');
        expect((lastBody().messages as unknown[]).slice(1)).toMatchObject([
          {
            role: 'assistant',
            tool_calls: [
              {
                id: 'call_paris',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
              },
            ],
          },
          { role: 'tool', tool_call_id: 'call_paris', content: '21' },
        ]);
        expect(emulator.requests.map((request) => [request.path, request.signingService])).toEqual([
          [path, service],
          [path, service],
        ]);
      });
    }
  },
);

describe('both APIs on one emulator', () => {
  it('signs each with its own service, and both signatures verify', async () => {
    for (const { model } of APIS) {
      await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }] });
    }
    expect(
      emulator.requests.map(({ path, signatureValid, signingService }) => ({
        path,
        signatureValid,
        signingService,
      })),
    ).toEqual(APIS.map(({ path, service }) => ({ path, signatureValid: true, signingService: service })));
  });
});
