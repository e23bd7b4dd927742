import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  type ConverseStreamOutput,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type BedrockEmulator, startBedrockEmulator } from './bedrock-emulator.js';
import { type BedrockEmulatorScenario, DEFAULT_BEDROCK_TEXT } from './bedrock-emulator-scenario.js';

const MODEL = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
const ENCODED_MODEL = 'anthropic.claude-3-5-sonnet-20240620-v1%3A0';
const messages = [{ role: 'user' as const, content: [{ text: 'What is the weather in Paris and Rome?' }] }];

let emulator: BedrockEmulator;
let client: BedrockRuntimeClient;

beforeAll(async () => {
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  emulator = await startBedrockEmulator();
  client = new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: emulator.url,
    maxAttempts: 1,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    requestHandler: new NodeHttpHandler(),
  });
});

afterEach(() => emulator.reset());

afterAll(async () => {
  client.destroy();
  await emulator.close();
  vi.unstubAllEnvs();
});

const toolScenario: BedrockEmulatorScenario = {
  kind: 'converse',
  output: {
    content: [
      { text: 'Let me check both cities at once.' },
      {
        toolUse: {
          toolUseId: 'tooluse_paris',
          name: 'get_weather',
          input: { city: 'Paris', units: 'celsius' },
        },
      },
      {
        toolUse: {
          toolUseId: 'tooluse_rome',
          name: 'get_weather',
          input: { city: 'Rome', days: [1, 2], note: 'a "q" ü' },
        },
      },
    ],
  },
  stopReason: 'tool_use',
  usage: { inputTokens: 31, outputTokens: 57, cacheReadInputTokens: 100, cacheWriteInputTokens: 12 },
};

const reasoningScenario: BedrockEmulatorScenario = {
  kind: 'converse',
  output: {
    content: [
      {
        reasoningContent: {
          reasoningText: {
            text: 'The user greets me. A short reply will do.',
            signature: 'EqQBCkYIARgCKkD+sig==',
          },
        },
      },
      { reasoningContent: { redactedContent: 'RW1vS0FoZ0JFZ3kzdmEzcHppeA==' } },
      { text: 'Hello! How can I help?' },
    ],
  },
  stopReason: 'end_turn',
  usage: { inputTokens: 10, outputTokens: 42 },
};

const toolConfig = {
  tools: [
    {
      toolSpec: {
        name: 'get_weather',
        description: 'Weather for a city',
        inputSchema: {
          json: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      },
    },
  ],
  toolChoice: { auto: {} },
};

/** Collects a ConverseStream the way a client would: text, tool input and reasoning per block index. */
async function collect(stream: AsyncIterable<ConverseStreamOutput>) {
  const events: string[] = [];
  const blocks = new Map<
    number,
    {
      text: string;
      input: string;
      reasoning: string;
      signature?: string;
      redacted?: Uint8Array;
      toolUse?: { toolUseId?: string; name?: string };
    }
  >();
  const block = (index: number) => {
    let entry = blocks.get(index);
    if (entry === undefined) {
      entry = { text: '', input: '', reasoning: '' };
      blocks.set(index, entry);
    }
    return entry;
  };
  let stopReason: string | undefined;
  let metadata: ConverseStreamOutput.MetadataMember['metadata'] | undefined;
  for await (const event of stream) {
    const name = Object.keys(event).find(
      (key) => (event as unknown as Record<string, unknown>)[key] !== undefined,
    )!;
    events.push(name);
    if (event.contentBlockStart)
      block(event.contentBlockStart.contentBlockIndex!).toolUse = event.contentBlockStart.start?.toolUse;
    if (event.contentBlockDelta) {
      const entry = block(event.contentBlockDelta.contentBlockIndex!);
      const delta = event.contentBlockDelta.delta!;
      if (delta.text !== undefined) entry.text += delta.text;
      if (delta.toolUse) entry.input += delta.toolUse.input ?? '';
      if (delta.reasoningContent?.text !== undefined) entry.reasoning += delta.reasoningContent.text;
      if (delta.reasoningContent?.signature !== undefined) entry.signature = delta.reasoningContent.signature;
      if (delta.reasoningContent?.redactedContent !== undefined)
        entry.redacted = delta.reasoningContent.redactedContent;
    }
    if (event.messageStop) stopReason = event.messageStop.stopReason;
    if (event.metadata) metadata = event.metadata;
  }
  return { events, blocks, stopReason, metadata };
}

describe('BedrockRuntimeClient against the emulator: what the SDK sends', () => {
  it('POSTs Converse to /model/{url-encoded model id}/converse, signed for bedrock, without modelId in the body', async () => {
    await client.send(
      new ConverseCommand({
        modelId: MODEL,
        messages,
        system: [{ text: 'Be terse.' }],
        inferenceConfig: { maxTokens: 256, temperature: 0.2, stopSequences: ['END'] },
      }),
    );
    expect(emulator.requests).toHaveLength(1);
    const [request] = emulator.requests;
    expect(request).toMatchObject({
      method: 'POST',
      path: `/model/${ENCODED_MODEL}/converse`,
      modelId: MODEL,
      operation: 'converse',
      closedByClient: false,
    });
    expect(request!.signatureValid).toBeUndefined();
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(request!.headers['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(request!.headers['x-amz-user-agent']).toMatch(/aws-sdk-js/);
    expect(request!.headers['amz-sdk-request']).toBe('attempt=1; max=1');
    expect(request!.headers['amz-sdk-invocation-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(request!.headers['x-amz-security-token']).toBeUndefined();
    expect(request!.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/bedrock\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/,
    );
    const signedHeaders = /SignedHeaders=([^,]+)/
      .exec(String(request!.headers.authorization))![1]!
      .split(';');
    expect(signedHeaders).toEqual(
      expect.arrayContaining(['content-type', 'host', 'x-amz-content-sha256', 'x-amz-date']),
    );
    expect(signedHeaders).not.toContain('user-agent');
    expect(request!.body).toEqual({
      messages,
      system: [{ text: 'Be terse.' }],
      inferenceConfig: { maxTokens: 256, temperature: 0.2, stopSequences: ['END'] },
    });
    expect(request!.rawBody).toBe(JSON.stringify(request!.body));
  });

  it('POSTs ConverseStream to /converse-stream with the same body and encodes ARNs whole', async () => {
    const arn =
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0';
    const response = await client.send(new ConverseStreamCommand({ modelId: arn, messages, toolConfig }));
    await collect(response.stream!);
    const [request] = emulator.requests;
    expect(request!.path).toBe(`/model/${encodeURIComponent(arn)}/converse-stream`);
    expect(request!.path).toContain('%2F');
    expect(request).toMatchObject({ modelId: arn, operation: 'converse-stream' });
    expect(request!.body).toEqual({ messages, toolConfig });
    expect(request!.headers['content-type']).toBe('application/json');
  });
});

describe('BedrockRuntimeClient against the emulator: Converse', () => {
  it('parses the default reply, with word counts as usage and the request id', async () => {
    const response = await client.send(new ConverseCommand({ modelId: MODEL, messages }));
    expect(response.output?.message).toEqual({
      role: 'assistant',
      content: [{ text: DEFAULT_BEDROCK_TEXT }],
    });
    expect(response.stopReason).toBe('end_turn');
    expect(response.usage).toEqual({ inputTokens: 8, outputTokens: 5, totalTokens: 13 });
    expect(response.metrics?.latencyMs).toBeGreaterThan(0);
    expect(response.$metadata.httpStatusCode).toBe(200);
    expect(response.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('parses text and toolUse blocks, and usage with cache tokens as sent', async () => {
    emulator.enqueue(toolScenario);
    const response = await client.send(new ConverseCommand({ modelId: MODEL, messages, toolConfig }));
    expect(response.output?.message?.content).toEqual([
      { text: 'Let me check both cities at once.' },
      {
        toolUse: {
          toolUseId: 'tooluse_paris',
          name: 'get_weather',
          input: { city: 'Paris', units: 'celsius' },
        },
      },
      {
        toolUse: {
          toolUseId: 'tooluse_rome',
          name: 'get_weather',
          input: { city: 'Rome', days: [1, 2], note: 'a "q" ü' },
        },
      },
    ]);
    expect(response.stopReason).toBe('tool_use');
    expect(response.usage).toEqual({
      inputTokens: 31,
      outputTokens: 57,
      totalTokens: 200,
      cacheReadInputTokens: 100,
      cacheWriteInputTokens: 12,
    });
  });

  it('parses reasoning with its signature and redacted reasoning as bytes', async () => {
    emulator.enqueue(reasoningScenario);
    const response = await client.send(new ConverseCommand({ modelId: MODEL, messages }));
    const [reasoning, redacted, text] = response.output!.message!.content!;
    expect(reasoning).toEqual({
      reasoningContent: {
        reasoningText: {
          text: 'The user greets me. A short reply will do.',
          signature: 'EqQBCkYIARgCKkD+sig==',
        },
      },
    });
    expect(Buffer.from(redacted!.reasoningContent!.redactedContent!).toString('base64')).toBe(
      'RW1vS0FoZ0JFZ3kzdmEzcHppeA==',
    );
    expect(text).toEqual({ text: 'Hello! How can I help?' });
    expect(response.usage).toEqual({ inputTokens: 10, outputTokens: 42, totalTokens: 52 });
  });
});

describe('BedrockRuntimeClient against the emulator: ConverseStream', () => {
  it('decodes every frame of the default reply', async () => {
    const response = await client.send(new ConverseStreamCommand({ modelId: MODEL, messages }));
    expect(response.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const { events, blocks, stopReason, metadata } = await collect(response.stream!);
    expect(events).toEqual([
      'messageStart',
      ...Array(5).fill('contentBlockDelta'),
      'contentBlockStop',
      'messageStop',
      'metadata',
    ]);
    expect(blocks.get(0)!.text).toBe(DEFAULT_BEDROCK_TEXT);
    expect(stopReason).toBe('end_turn');
    expect(metadata?.usage).toEqual({ inputTokens: 8, outputTokens: 5, totalTokens: 13 });
    expect(metadata?.metrics?.latencyMs).toBeGreaterThan(0);
  });

  it('streams text per word and toolUse input as JSON fragments that join to the input', async () => {
    emulator.enqueue(toolScenario);
    const response = await client.send(new ConverseStreamCommand({ modelId: MODEL, messages, toolConfig }));
    const { events, blocks, stopReason, metadata } = await collect(response.stream!);
    expect(events.filter((name) => name === 'contentBlockStart')).toHaveLength(2);
    expect(events.filter((name) => name === 'contentBlockStop')).toHaveLength(3);
    expect(events.slice(-2)).toEqual(['messageStop', 'metadata']);
    expect(blocks.get(0)!.text).toBe('Let me check both cities at once.');
    expect(blocks.get(0)!.toolUse).toBeUndefined();
    expect(blocks.get(1)!.toolUse).toEqual({ toolUseId: 'tooluse_paris', name: 'get_weather' });
    expect(JSON.parse(blocks.get(1)!.input)).toEqual({ city: 'Paris', units: 'celsius' });
    expect(JSON.parse(blocks.get(2)!.input)).toEqual({ city: 'Rome', days: [1, 2], note: 'a "q" ü' });
    expect(stopReason).toBe('tool_use');
    expect(metadata?.usage).toEqual({
      inputTokens: 31,
      outputTokens: 57,
      totalTokens: 200,
      cacheReadInputTokens: 100,
      cacheWriteInputTokens: 12,
    });
  });

  it('streams reasoning text per word, then its signature; redacted reasoning whole', async () => {
    emulator.enqueue(reasoningScenario);
    const response = await client.send(new ConverseStreamCommand({ modelId: MODEL, messages }));
    const { events, blocks } = await collect(response.stream!);
    expect(events).not.toContain('contentBlockStart');
    expect(blocks.get(0)).toMatchObject({
      reasoning: 'The user greets me. A short reply will do.',
      signature: 'EqQBCkYIARgCKkD+sig==',
    });
    expect(Buffer.from(blocks.get(1)!.redacted!).toString('base64')).toBe('RW1vS0FoZ0JFZ3kzdmEzcHppeA==');
    expect(blocks.get(2)!.text).toBe('Hello! How can I help?');
  });

  it('paces frames with chunkDelayMs', async () => {
    emulator.enqueue({
      kind: 'converse',
      output: { content: [{ text: 'one two three' }] },
      stopReason: 'end_turn',
      chunkDelayMs: 20,
    });
    const started = Date.now();
    const response = await client.send(new ConverseStreamCommand({ modelId: MODEL, messages }));
    const { blocks } = await collect(response.stream!);
    expect(blocks.get(0)!.text).toBe('one two three');
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });
});
