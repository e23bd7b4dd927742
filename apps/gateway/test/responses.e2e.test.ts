import {
  type BedrockEmulator,
  DEFAULT_VERTEX_ACCESS_TOKEN,
  type OpenAICompatibleEmulator,
  startBedrockEmulator,
  startOpenAICompatibleEmulator,
  startVertexEmulator,
  type VertexEmulator,
  validateOpenAiSchema,
} from '@modelmux/testkit';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../src/config/load-gateway-config.js';
import { type StartedServer, startServer } from '../src/server.js';
import { TEST_SHUTDOWN_TIMEOUT_MS } from './helpers.js';

// The real `openai` client's Responses API → the gateway → Chat Completions (vLLM-like) and Claude on Vertex.

const CLAUDE = 'claude-sonnet-4-5@20250929';
const BEDROCK_CLAUDE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const AWS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

let openai: OpenAICompatibleEmulator;
let vertex: VertexEmulator;
let bedrock: BedrockEmulator;
let gateway: StartedServer;
let client: OpenAI;
const rawBodies: unknown[] = [];

beforeAll(async () => {
  [openai, vertex, bedrock] = await Promise.all([
    startOpenAICompatibleEmulator(),
    startVertexEmulator(),
    startBedrockEmulator({ region: 'us-east-1', credentials: AWS }),
  ]);
  const config = parseGatewayConfig({
    server: { log_level: 'silent', shutdown_timeout_ms: TEST_SHUTDOWN_TIMEOUT_MS },
    providers: {
      vllm: { type: 'openai-compatible', base_url: openai.url },
      vertex: {
        type: 'vertex',
        project: 'my-proj',
        region: 'us-east5',
        base_url: vertex.url,
        credentials: { type: 'access_token', token: DEFAULT_VERTEX_ACCESS_TOKEN },
        models: { [CLAUDE]: { max_output_tokens: 512 } },
      },
      bedrock: {
        type: 'bedrock',
        region: 'us-east-1',
        endpoint: bedrock.url,
        credentials: { type: 'keys', access_key_id: AWS.accessKeyId, secret_access_key: AWS.secretAccessKey },
      },
    },
    responses: { store: 'memory' },
    models: {
      fast: { targets: ['vllm:qwen3'] },
      claude: { targets: [`vertex:${CLAUDE}`] },
      'claude-bedrock': { targets: [`bedrock:${BEDROCK_CLAUDE}`] },
    },
  });
  gateway = await startServer({ config, env: {}, host: '127.0.0.1', port: 0, logger: false });
  client = new OpenAI({
    baseURL: `${gateway.url}/v1`,
    apiKey: 'client-key',
    maxRetries: 0,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      if (!String(response.headers.get('content-type')).includes('event-stream'))
        rawBodies.push(
          await response
            .clone()
            .json()
            .catch(() => undefined),
        );
      return response;
    },
  });
});

afterEach(() => {
  openai.reset();
  vertex.reset();
  bedrock.reset();
  for (const body of rawBodies.splice(0)) {
    const schema = (body as { object?: unknown })?.object === 'response' ? 'Response' : 'ErrorResponse';
    expect(validateOpenAiSchema(schema, body)).toEqual([]);
  }
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([openai?.close(), vertex?.close(), bedrock?.close()]);
});

const weatherTool = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: false,
};

describe.each([
  ['fast', 'Chat Completions upstream'],
  ['claude', 'Claude on Vertex'],
  ['claude-bedrock', 'Claude on Bedrock Converse'],
])('Responses API over %s (%s)', (model) => {
  it('answers text with instructions; output_text and usage as the SDK reads them', async () => {
    const response = await client.responses.create({ model, input: 'Say hello.', instructions: 'Be brief.' });
    expect(response.object).toBe('response');
    expect(response.status).toBe('completed');
    expect(response.model).toBe(model);
    expect(response.output_text).toMatch(/emulator/);
    expect(response.usage?.input_tokens).toBeGreaterThan(0);
    expect(response.usage?.output_tokens).toBeGreaterThan(0);
  });

  it('runs a two-turn function-tool conversation with function_call_output', async () => {
    const emulator = model === 'fast' ? openai : model === 'claude' ? vertex : bedrock;
    if (model === 'claude-bedrock')
      bedrock.enqueue({
        kind: 'converse',
        output: {
          content: [{ toolUse: { toolUseId: 'tooluse_7', name: 'get_weather', input: { city: 'Paris' } } }],
        },
        stopReason: 'tool_use',
        usage: { inputTokens: 30, outputTokens: 10 },
      });
    else if (model === 'fast')
      openai.enqueue({
        kind: 'tool-calls',
        calls: [{ name: 'get_weather', arguments: '{"city":"Paris"}', id: 'call_7' }],
      });
    else
      vertex.enqueue({
        kind: 'anthropic-message',
        message: {
          content: [{ type: 'tool_use', id: 'toolu_7', name: 'get_weather', input: { city: 'Paris' } }],
          stop_reason: 'tool_use',
          usage: { input_tokens: 30, output_tokens: 10 },
        },
      });
    const first = await client.responses.create({ model, input: 'Weather in Paris?', tools: [weatherTool] });
    const call = first.output.find((item) => item.type === 'function_call');
    expect(call).toMatchObject({ name: 'get_weather', arguments: '{"city":"Paris"}' });
    if (call?.type !== 'function_call') throw new Error('no call');
    const second = await client.responses.create({
      model,
      tools: [weatherTool],
      input: [
        { role: 'user', content: 'Weather in Paris?' },
        call,
        { type: 'function_call_output', call_id: call.call_id, output: '{"temp_c":21}' },
      ],
    });
    expect(second.output_text.length).toBeGreaterThan(0);
    const lastBody = JSON.stringify(emulator.requests.at(-1)?.body);
    expect(lastBody).toContain(call.call_id);
    expect(lastBody).toContain('temp_c');
  });

  it('streams every event in order with increasing sequence numbers; finalResponse matches', async () => {
    const stream = client.responses.stream({ model, input: 'Say hello.' });
    const seen: Array<{ type: string; sequence_number: number }> = [];
    stream.on('event', (event) => {
      seen.push(event);
      expect(validateOpenAiSchema('ResponseStreamEvent', event)).toEqual([]);
    });
    const final = await stream.finalResponse();
    expect(seen[0]?.type).toBe('response.created');
    expect(seen.at(-1)?.type).toBe('response.completed');
    expect(seen.map((event) => event.sequence_number)).toEqual(seen.map((_, index) => index));
    expect(seen.some((event) => event.type === 'response.output_text.delta')).toBe(true);
    expect(final.output_text).toMatch(/emulator/);
    expect(final.status).toBe('completed');
  });

  it('refuses a built-in tool with a 400 naming it', async () => {
    const error = await client.responses
      .create({ model, input: 'Search the web.', tools: [{ type: 'web_search' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('tools[0].type');
    expect((error as Error).message).toContain('web_search');
  });
});

describe('Responses API structured output', () => {
  it('passes text.format json_schema to the upstream as response_format', async () => {
    openai.enqueue({ kind: 'text', text: '{"city":"Paris"}' });
    const response = await client.responses.create({
      model: 'fast',
      input: 'Which city?',
      text: {
        format: {
          type: 'json_schema',
          name: 'place',
          schema: {
            type: 'object',
            properties: { city: { type: 'string' } },
            required: ['city'],
            additionalProperties: false,
          },
          strict: true,
        },
      },
    });
    expect(JSON.parse(response.output_text)).toEqual({ city: 'Paris' });
    expect(openai.requests[0]?.body).toMatchObject({
      response_format: { type: 'json_schema', json_schema: { name: 'place', strict: true } },
    });
  });
});

describe('Responses API reasoning round trip (Claude thinking on Vertex)', () => {
  const thinkingTurn = () =>
    vertex.enqueue({
      kind: 'anthropic-message',
      message: {
        content: [
          { type: 'thinking', thinking: 'I need the weather tool.', signature: 'sig-claude-123' },
          { type: 'tool_use', id: 'toolu_9', name: 'get_weather', input: { city: 'Paris' } },
        ],
        stop_reason: 'tool_use',
        usage: { input_tokens: 40, output_tokens: 25 },
      },
    });

  /** The assistant turn Claude received back on the last request. */
  function lastAssistantTurn(): unknown {
    const body = vertex.requests.at(-1)?.body as { messages: Array<{ role: string; content: unknown }> };
    return body.messages.find((message) => message.role === 'assistant')?.content;
  }

  const expectedAssistantTurn = [
    { type: 'thinking', thinking: 'I need the weather tool.', signature: 'sig-claude-123' },
    { type: 'tool_use', id: 'toolu_9', name: 'get_weather', input: { city: 'Paris' } },
  ];

  it('returns the thinking as a reasoning item that restores Claude’s signed block when sent back', async () => {
    thinkingTurn();
    const first = await client.responses.create({
      model: 'claude',
      input: 'Weather in Paris?',
      tools: [weatherTool],
      reasoning: { effort: 'low' },
    });
    const reasoning = first.output.find((item) => item.type === 'reasoning');
    expect(reasoning).toMatchObject({
      content: [{ type: 'reasoning_text', text: 'I need the weather tool.' }],
    });
    expect(reasoning?.type === 'reasoning' ? reasoning.encrypted_content : undefined).toMatch(/^mmx1\./);
    const call = first.output.find((item) => item.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error('no call');
    await client.responses.create({
      model: 'claude',
      tools: [weatherTool],
      reasoning: { effort: 'low' },
      input: [
        { role: 'user', content: 'Weather in Paris?' },
        ...first.output,
        { type: 'function_call_output', call_id: call.call_id, output: '{"temp_c":21}' },
      ] as never,
    });
    expect(lastAssistantTurn()).toEqual(expectedAssistantTurn);
  });

  it('restores the same block from the store through previous_response_id', async () => {
    thinkingTurn();
    const first = await client.responses.create({
      model: 'claude',
      input: 'Weather in Paris?',
      tools: [weatherTool],
      reasoning: { effort: 'low' },
    });
    const call = first.output.find((item) => item.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error('no call');
    await client.responses.create({
      model: 'claude',
      tools: [weatherTool],
      reasoning: { effort: 'low' },
      previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: '{"temp_c":21}' }],
    });
    expect(lastAssistantTurn()).toEqual(expectedAssistantTurn);
  });
});
