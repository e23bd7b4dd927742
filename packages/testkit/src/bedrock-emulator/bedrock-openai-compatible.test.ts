import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertOpenAiSchema } from '../openapi/validate-openai-schema.js';
import { type BedrockEmulator, startBedrockEmulator } from './bedrock-emulator.js';
import { type BedrockEmulatorScenario, DEFAULT_BEDROCK_TEXT } from './bedrock-emulator-scenario.js';

const MODEL = 'openai.gpt-oss-20b-1:0';
const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const API_KEY = 'ABSKQmVkcm9ja0FQSUtleS1lbXVsYXRvcg==';
const messages = [{ role: 'user' as const, content: 'What is the weather in Paris?' }];

/** The two OpenAI-compatible APIs: their base URL path and the signing name the emulator verifies. */
const APIS = [
  { api: 'openai', basePath: '/openai/v1', service: 'bedrock', otherService: 'bedrock-mantle' },
  { api: 'mantle', basePath: '/v1', service: 'bedrock-mantle', otherService: 'bedrock' },
] as const;

let emulator: BedrockEmulator;

beforeAll(async () => {
  emulator = await startBedrockEmulator({ credentials: CREDENTIALS, apiKey: API_KEY });
});

afterEach(() => emulator.reset());

afterAll(() => emulator.close());

/** A fetch that replaces the OpenAI client's bearer token with a SigV4 signature for `service`. */
function sigV4Fetch(
  service: string,
  options: { credentials?: typeof CREDENTIALS; region?: string } = {},
): typeof fetch {
  const signer = new SignatureV4({
    credentials: options.credentials ?? CREDENTIALS,
    region: options.region ?? 'us-east-1',
    service,
    sha256: Sha256,
  });
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers = new Headers(init?.headers);
    headers.delete('authorization');
    const body = typeof init?.body === 'string' ? init.body : undefined;
    const signed = await signer.sign({
      method: init?.method ?? 'GET',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: {},
      headers: { host: url.host, 'content-type': headers.get('content-type') ?? 'application/json' },
      body,
    });
    for (const [name, value] of Object.entries(signed.headers)) if (name !== 'host') headers.set(name, value);
    return fetch(url, { ...init, headers });
  };
}

function signedClient(basePath: string, service: string, options?: Parameters<typeof sigV4Fetch>[1]): OpenAI {
  return new OpenAI({
    baseURL: `${emulator.url}${basePath}`,
    apiKey: 'unused',
    maxRetries: 0,
    fetch: sigV4Fetch(service, options),
  });
}

function apiKeyClient(basePath: string, apiKey = API_KEY): OpenAI {
  return new OpenAI({ baseURL: `${emulator.url}${basePath}`, apiKey, maxRetries: 0 });
}

async function collectChunks(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) {
    assertOpenAiSchema('CreateChatCompletionStreamResponse', chunk);
    chunks.push(chunk);
  }
  return chunks;
}

async function rejection(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OpenAI.APIError) return error;
    throw error;
  }
  throw new Error('expected the promise to reject');
}

describe.each(APIS)(
  'OpenAI-compatible path of the $api API ($basePath)',
  ({ api, basePath, service, otherService }) => {
    it(`answers a SigV4-signed (${service}) request with the default text in Chat Completions shape`, async () => {
      const completion = await signedClient(basePath, service).chat.completions.create({
        model: MODEL,
        messages,
      });
      assertOpenAiSchema('CreateChatCompletionResponse', completion);
      expect(completion).toMatchObject({
        object: 'chat.completion',
        model: MODEL,
        choices: [{ message: { role: 'assistant', content: DEFAULT_BEDROCK_TEXT }, finish_reason: 'stop' }],
      });
      expect(emulator.requests).toHaveLength(1);
      expect(emulator.requests[0]).toMatchObject({
        method: 'POST',
        path: `${basePath}/chat/completions`,
        api,
        modelId: MODEL,
        signatureValid: true,
        signingService: service,
        closedByClient: false,
        body: { model: MODEL, messages },
      });
      expect(emulator.requests[0]!.operation).toBeUndefined();
    });

    it('streams an openai text scenario with a usage chunk and [DONE]', async () => {
      emulator.enqueue({
        kind: 'openai',
        scenario: { kind: 'text', text: 'one two three', usage: { prompt_tokens: 7, completion_tokens: 3 } },
      });
      const stream = await signedClient(basePath, service).chat.completions.create({
        model: MODEL,
        messages,
        stream: true,
        stream_options: { include_usage: true },
      });
      const chunks = await collectChunks(stream);
      expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('one two three');
      expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
      expect(chunks.at(-1)).toMatchObject({
        choices: [],
        usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 },
      });
      expect(emulator.requests[0]).toMatchObject({ signatureValid: true, signingService: service });
    });

    it('writes the raw SSE frames, ending with data: [DONE]', async () => {
      const response = await apiKeyClient(basePath)
        .chat.completions.create({ model: MODEL, messages, stream: true })
        .asResponse();
      expect(response.headers.get('content-type')).toBe('text/event-stream');
      const text = await response.text();
      expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
      expect(text).not.toContain('"usage"');
    });

    it('answers an openai tool-calls scenario, streamed and not', async () => {
      const toolCalls: BedrockEmulatorScenario = {
        kind: 'openai',
        scenario: {
          kind: 'tool-calls',
          calls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
        },
      };
      emulator.enqueue(toolCalls, toolCalls);
      const client = signedClient(basePath, service);
      const completion = await client.chat.completions.create({ model: MODEL, messages });
      assertOpenAiSchema('CreateChatCompletionResponse', completion);
      expect(completion.choices[0]).toMatchObject({
        finish_reason: 'tool_calls',
        message: {
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
          ],
        },
      });
      const streamed = await client.chat.completions.stream({ model: MODEL, messages }).finalChatCompletion();
      expect(streamed.choices[0]?.finish_reason).toBe('tool_calls');
      expect(streamed.choices[0]?.message.tool_calls).toMatchObject([
        { id: 'call_1', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      ]);
    });

    it('answers an openai error scenario in OpenAI error shape', async () => {
      emulator.enqueue({ kind: 'openai', scenario: { kind: 'error', status: 429 } });
      const error = await rejection(
        signedClient(basePath, service).chat.completions.create({ model: MODEL, messages }),
      );
      expect(error).toBeInstanceOf(OpenAI.RateLimitError);
      expect(error.headers?.get('retry-after')).toBe('1');
      expect(error.code).toBe('rate_limit_exceeded');
    });

    it(`rejects a signature for ${otherService} with 403 InvalidSignatureException`, async () => {
      emulator.enqueue({ kind: 'openai', scenario: { kind: 'error', status: 500 } });
      const error = await rejection(
        signedClient(basePath, otherService).chat.completions.create({ model: MODEL, messages }),
      );
      expect(error.status).toBe(403);
      expect(error.headers?.get('x-amzn-errortype')).toMatch(/^InvalidSignatureException:/);
      const raw = await sigV4Fetch(otherService)(`${emulator.url}${basePath}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: MODEL, messages }),
      });
      expect(raw.status).toBe(403);
      expect(await raw.json()).toEqual({
        message: `Credential should be scoped to correct service: '${service}'. `,
      });
      for (const request of emulator.requests)
        expect(request).toMatchObject({ signatureValid: false, signingService: service });
      // The rejected requests took no scenario.
      const next = await rejection(
        signedClient(basePath, service).chat.completions.create({ model: MODEL, messages }),
      );
      expect(next.status).toBe(500);
    });

    it('rejects a wrong secret and another region', async () => {
      const wrongSecret = await rejection(
        signedClient(basePath, service, {
          credentials: { ...CREDENTIALS, secretAccessKey: 'other' },
        }).chat.completions.create({ model: MODEL, messages }),
      );
      expect(wrongSecret.status).toBe(403);
      expect(wrongSecret.headers?.get('x-amzn-errortype')).toMatch(/^InvalidSignatureException:/);
      const otherRegion = await rejection(
        signedClient(basePath, service, { region: 'eu-west-1' }).chat.completions.create({
          model: MODEL,
          messages,
        }),
      );
      expect(otherRegion.status).toBe(403);
      expect(emulator.requests.map((request) => request.signatureValid)).toEqual([false, false]);
    });

    it('accepts the Bedrock API key as a bearer token, and rejects a wrong one', async () => {
      const completion = await apiKeyClient(basePath).chat.completions.create({ model: MODEL, messages });
      expect(completion.choices[0]?.message.content).toBe(DEFAULT_BEDROCK_TEXT);
      expect(emulator.requests[0]!.headers.authorization).toBe(`Bearer ${API_KEY}`);
      expect(emulator.requests[0]!.signatureValid).toBeUndefined();
      expect(emulator.requests[0]!.signingService).toBeUndefined();
      const wrong = await rejection(
        apiKeyClient(basePath, 'nope').chat.completions.create({ model: MODEL, messages }),
      );
      expect(wrong.status).toBe(403);
      expect(wrong.headers?.get('x-amzn-errortype')).toMatch(/^UnrecognizedClientException:/);
    });

    it('answers a body without model with a 400 in OpenAI error shape, taking no scenario', async () => {
      emulator.enqueue({ kind: 'openai', scenario: { kind: 'text', text: 'queued' } });
      const response = await fetch(`${emulator.url}${basePath}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ messages }),
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
      const completion = await apiKeyClient(basePath).chat.completions.create({ model: MODEL, messages });
      expect(completion.choices[0]?.message.content).toBe('queued');
    });
  },
);

describe('scenario queue across the Bedrock and OpenAI-compatible paths', () => {
  it('leaves an openai scenario for the OpenAI-compatible path while Converse answers with its default', async () => {
    emulator.enqueue({ kind: 'openai', scenario: { kind: 'text', text: 'for openai' } });
    const converse = await fetch(`${emulator.url}/model/m/converse`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] }),
    });
    expect(converse.status).toBe(200);
    expect(await converse.json()).toMatchObject({
      output: { message: { content: [{ text: DEFAULT_BEDROCK_TEXT }] } },
    });
    const completion = await apiKeyClient('/openai/v1').chat.completions.create({ model: MODEL, messages });
    expect(completion.choices[0]?.message.content).toBe('for openai');
  });

  it('leaves a Bedrock scenario for Converse while the OpenAI-compatible path answers with its default', async () => {
    emulator.enqueue({ kind: 'error', status: 429, message: 'for converse' });
    const completion = await apiKeyClient('/v1').chat.completions.create({ model: MODEL, messages });
    expect(completion.choices[0]?.message.content).toBe(DEFAULT_BEDROCK_TEXT);
    const converse = await fetch(`${emulator.url}/model/m/converse`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] }),
    });
    expect(converse.status).toBe(429);
  });

  it('records a client close on a hanging OpenAI-compatible request', async () => {
    emulator.enqueue({ kind: 'openai', scenario: { kind: 'hang' } });
    const controller = new AbortController();
    const pending = apiKeyClient('/v1').chat.completions.create(
      { model: MODEL, messages },
      { signal: controller.signal },
    );
    await expect.poll(() => emulator.requests.length).toBe(1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await emulator.waitForClientClose(0);
    expect(emulator.requests[0]!.closedByClient).toBe(true);
  });

  it('does not count a truncated stream as a client close', async () => {
    emulator.enqueue({ kind: 'openai', scenario: { kind: 'truncated-stream' } });
    const stream = await apiKeyClient('/openai/v1').chat.completions.create({
      model: MODEL,
      messages,
      stream: true,
    });
    await expect(collectChunks(stream)).rejects.toThrow();
    await expect(emulator.waitForClientClose(0, 1000)).rejects.toThrow();
    expect(emulator.requests[0]!.closedByClient).toBe(false);
  });
});

describe('other paths', () => {
  it('answers GET /v1/chat/completions and POST /v1/models with a 404 UnknownOperationException', async () => {
    for (const [method, path] of [
      ['GET', '/v1/chat/completions'],
      ['POST', '/v1/models'],
    ] as const) {
      const response = await fetch(`${emulator.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${API_KEY}` },
      });
      expect(response.status).toBe(404);
      expect(response.headers.get('x-amzn-errortype')).toMatch(/^UnknownOperationException:/);
    }
  });
});

describe('Mantle Responses API', () => {
  it('answers responses.create and responses.stream signed for bedrock-mantle, read back by the openai client', async () => {
    const client = signedClient('/v1', 'bedrock-mantle');
    const response = await client.responses.create({ model: 'openai.gpt-oss-120b', input: 'Hi' });
    assertOpenAiSchema('Response', response);
    expect(response.output_text).toBe(DEFAULT_BEDROCK_TEXT);
    expect(emulator.requests.at(-1)).toMatchObject({ path: '/v1/responses', signatureValid: true });
    const final = await client.responses
      .stream({ model: 'openai.gpt-oss-120b', input: 'Hi' })
      .finalResponse();
    expect(final.status).toBe('completed');
  });
});
