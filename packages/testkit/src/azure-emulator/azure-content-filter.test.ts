import { AzureOpenAI } from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { validateOpenAiSchema } from '../openapi/validate-openai-schema.js';
import { type AzureOpenAIEmulator, startAzureOpenAIEmulator } from './azure-openai-emulator.js';

const API_KEY = 'filter-key';
const messages = [{ role: 'user' as const, content: 'Tell me a story' }];
const SAFE = { filtered: false, severity: 'safe' };

let emulator: AzureOpenAIEmulator;
let client: AzureOpenAI;

beforeAll(async () => {
  emulator = await startAzureOpenAIEmulator({ apiKey: API_KEY });
  client = new AzureOpenAI({
    endpoint: emulator.endpoint,
    apiKey: API_KEY,
    apiVersion: '2024-10-21',
    deployment: 'gpt-4o',
    maxRetries: 0,
  });
});

afterEach(() => emulator.reset());

afterAll(() => emulator.close());

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

type BadRequest = InstanceType<typeof AzureOpenAI.BadRequestError>;

describe('content-filter-prompt', () => {
  it("sends the live service's innererror spelling by default", async () => {
    emulator.enqueue({ kind: 'content-filter-prompt' });
    const error = await rejection(client.chat.completions.create({ model: 'gpt-4o', messages }));
    expect(error).toBeInstanceOf(AzureOpenAI.BadRequestError);
    const badRequest = error as BadRequest;
    expect(badRequest.status).toBe(400);
    expect(badRequest.code).toBe('content_filter');
    expect(badRequest.param).toBe('prompt');
    expect(badRequest.type).toBeNull();
    expect(badRequest.message).toMatch(
      /^400 The response was filtered due to the prompt triggering Azure OpenAI's/,
    );
    expect(badRequest.error).toEqual({
      message: expect.stringMatching(/content management policy/),
      type: null,
      param: 'prompt',
      code: 'content_filter',
      status: 400,
      innererror: {
        code: 'ResponsibleAIPolicyViolation',
        content_filter_result: {
          hate: { filtered: true, severity: 'high' },
          jailbreak: { filtered: false, detected: false },
          self_harm: SAFE,
          sexual: SAFE,
          violence: SAFE,
        },
      },
    });
  });

  it("sends the 2024-10-21 spec's inner_error spelling when asked, for streams too", async () => {
    emulator.enqueue({
      kind: 'content-filter-prompt',
      spelling: 'inner_error',
      category: 'jailbreak',
    });
    const error = await rejection(
      client.chat.completions.create({ model: 'gpt-4o', messages, stream: true }),
    );
    expect(error).toBeInstanceOf(AzureOpenAI.BadRequestError);
    const inner = ((error as BadRequest).error as Record<string, unknown>).inner_error;
    expect((error as BadRequest).error).not.toHaveProperty('innererror');
    expect(inner).toEqual({
      code: 'ResponsibleAIPolicyViolation',
      content_filter_results: {
        hate: SAFE,
        jailbreak: { filtered: true, detected: true },
        self_harm: SAFE,
        sexual: SAFE,
        violence: SAFE,
      },
    });
  });

  it('reports the requested severity', async () => {
    emulator.enqueue({ kind: 'content-filter-prompt', category: 'violence', severity: 'medium' });
    const error = (await rejection(
      client.chat.completions.create({ model: 'gpt-4o', messages }),
    )) as BadRequest;
    const inner = (error.error as { innererror: { content_filter_result: Record<string, unknown> } })
      .innererror;
    expect(inner.content_filter_result.violence).toEqual({ filtered: true, severity: 'medium' });
    expect(inner.content_filter_result.hate).toEqual(SAFE);
  });
});

describe('content-filter-output', () => {
  it('answers 200 with finish_reason content_filter, the partial content and the filtered category', async () => {
    emulator.enqueue({
      kind: 'content-filter-output',
      text: 'Once upon a',
      category: 'sexual',
      severity: 'medium',
    });
    const completion = await client.chat.completions.create({ model: 'gpt-4o', messages });
    expect(validateOpenAiSchema('CreateChatCompletionResponse', completion)).toEqual([]);
    const choice = completion.choices[0] as unknown as Record<string, unknown>;
    expect(choice).toMatchObject({
      finish_reason: 'content_filter',
      message: { role: 'assistant', content: 'Once upon a' },
      content_filter_results: { sexual: { filtered: true, severity: 'medium' }, hate: SAFE },
    });
    expect(completion).toHaveProperty('prompt_filter_results');
  });

  it('sends null content when nothing was produced', async () => {
    emulator.enqueue({ kind: 'content-filter-output', text: '', category: 'protected_material_text' });
    const completion = await client.chat.completions.create({ model: 'gpt-4o', messages });
    expect(validateOpenAiSchema('CreateChatCompletionResponse', completion)).toEqual([]);
    expect(completion.choices[0]!.message.content).toBeNull();
    expect(
      (completion.choices[0] as unknown as Record<string, unknown>).content_filter_results,
    ).toMatchObject({
      protected_material_text: { filtered: true, detected: true },
    });
  });

  it("streams content, then the asynchronous filter's blocking chunk without delta", async () => {
    emulator.enqueue({ kind: 'content-filter-output', text: 'It was a dark' });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const [annotation, ...rest] = chunks;
    expect(annotation).toMatchObject({ id: '', object: '', created: 0, model: '', choices: [] });
    const blockingIndex = rest.findIndex((chunk) => chunk.choices[0]?.finish_reason === 'content_filter');
    const blocking = rest[blockingIndex]!;
    expect(blocking).toEqual({
      id: '',
      object: '',
      created: 0,
      model: '',
      choices: [
        {
          index: 0,
          finish_reason: 'content_filter',
          content_filter_results: expect.objectContaining({ violence: { filtered: true, severity: 'high' } }),
          content_filter_offsets: {
            check_offset: 'Tell me a story'.length,
            start_offset: 'Tell me a story'.length,
            end_offset: 'Tell me a story'.length + 'It was a dark'.length,
          },
        },
      ],
      usage: null,
    });
    expect(blocking.choices[0]).not.toHaveProperty('delta');
    const before = rest.slice(0, blockingIndex);
    const after = rest.slice(blockingIndex + 1);
    for (const chunk of [...before, ...after])
      expect(validateOpenAiSchema('CreateChatCompletionStreamResponse', chunk)).toEqual([]);
    expect(before.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('It was a dark');
    expect(before.every((chunk) => chunk.choices[0]?.finish_reason === null)).toBe(true);
    expect(after).toHaveLength(1);
    expect(after[0]!.choices).toEqual([]);
    expect(after[0]!.usage).toMatchObject({ completion_tokens: 4 });
  });

  it('leaves content_filter_offsets out when asked, and the SDK ends with finish_reason content_filter', async () => {
    emulator.enqueue({ kind: 'content-filter-output', text: 'Partial answer', offsets: false });
    const chunks: ChatCompletionChunk[] = [];
    const runner = client.chat.completions.stream({ model: 'gpt-4o', messages });
    runner.on('chunk', (chunk) => chunks.push(chunk));
    const completion = await runner.finalChatCompletion();
    expect(completion.id).toMatch(/^chatcmpl-/);
    expect(completion.choices[0]!.finish_reason).toBe('content_filter');
    expect(completion.choices[0]!.message.content).toBe('Partial answer');
    const blocking = chunks.find((chunk) => chunk.choices[0]?.finish_reason === 'content_filter')!;
    expect(blocking.choices[0]).not.toHaveProperty('content_filter_offsets');
  });
});
