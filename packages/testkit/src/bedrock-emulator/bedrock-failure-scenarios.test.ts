import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  InternalServerException,
  ModelStreamErrorException,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type BedrockEmulator, startBedrockEmulator } from './bedrock-emulator.js';
import type { BedrockStreamExceptionType } from './bedrock-emulator-scenario.js';

const MODEL = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
const messages = [{ role: 'user' as const, content: [{ text: 'Hi there' }] }];

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

/** Streams a Converse reply; returns the event names seen and the error thrown (undefined if none). */
async function streamUntilError(): Promise<{ events: string[]; error: unknown }> {
  const events: string[] = [];
  try {
    const response = await client.send(new ConverseStreamCommand({ modelId: MODEL, messages }));
    for await (const event of response.stream!) events.push(Object.keys(event)[0]!);
  } catch (error) {
    return { events, error };
  }
  return { events, error: undefined };
}

async function rejection(
  promise: Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject');
}

describe('stream exceptions', () => {
  const cases: Array<[BedrockStreamExceptionType, new (...args: never[]) => Error, number]> = [
    ['throttlingException', ThrottlingException, 429],
    ['validationException', ValidationException, 400],
    ['modelStreamErrorException', ModelStreamErrorException, 424],
    ['serviceUnavailableException', ServiceUnavailableException, 503],
    ['internalServerException', InternalServerException, 500],
  ];

  it.each(cases)(
    '%s: frames first, then the SDK throws its exception class',
    async (exceptionType, errorClass) => {
      emulator.enqueue({ kind: 'stream-exception', exceptionType, message: `${exceptionType} (test)` });
      const { events, error } = await streamUntilError();
      expect(events).toEqual(['messageStart', 'contentBlockDelta', 'contentBlockDelta']);
      expect(error).toBeInstanceOf(errorClass);
      expect((error as Error).message).toBe(`${exceptionType} (test)`);
    },
  );

  it('honours afterEvents', async () => {
    emulator.enqueue({
      kind: 'stream-exception',
      afterEvents: 0,
      exceptionType: 'throttlingException',
      message: 'slow down',
    });
    const { events, error } = await streamUntilError();
    expect(events).toEqual([]);
    expect(error).toBeInstanceOf(ThrottlingException);
  });

  it.each(cases)('%s on Converse: the matching HTTP error', async (exceptionType, errorClass, status) => {
    emulator.enqueue({ kind: 'stream-exception', exceptionType, message: 'as HTTP' });
    const error = await rejection(client.send(new ConverseCommand({ modelId: MODEL, messages })));
    expect(error).toBeInstanceOf(errorClass);
    expect(error.$metadata?.httpStatusCode).toBe(status);
  });
});

describe('broken streams', () => {
  it('corrupt-crc: the SDK rejects the frame with a checksum error', async () => {
    emulator.enqueue({ kind: 'corrupt-crc' });
    const { events, error } = await streamUntilError();
    expect(events).toEqual(['messageStart', 'contentBlockDelta']);
    expect((error as Error).message).toMatch(
      /message checksum \(\d+\) did not match the expected value of \d+/,
    );
  });

  it('corrupt-crc on Converse is a misuse: 500 naming it', async () => {
    emulator.enqueue({ kind: 'corrupt-crc' });
    const error = await rejection(client.send(new ConverseCommand({ modelId: MODEL, messages })));
    expect(error).toBeInstanceOf(InternalServerException);
    expect(error.message).toMatch(/corrupt-crc/);
  });

  it.each([false, true])(
    'truncated-stream (midFrame: %s): frames, then a reset connection',
    async (midFrame) => {
      emulator.enqueue({ kind: 'truncated-stream', midFrame });
      const { events, error } = await streamUntilError();
      expect(events).toEqual(['messageStart', 'contentBlockDelta', 'contentBlockDelta']);
      expect(error).toMatchObject({ code: 'ECONNRESET' });
      expect(emulator.requests[0]!.closedByClient).toBe(false);
    },
  );

  it('truncated-stream on Converse: half a body, then a reset connection', async () => {
    emulator.enqueue({ kind: 'truncated-stream' });
    const error = await rejection(client.send(new ConverseCommand({ modelId: MODEL, messages })));
    expect(error).toBeInstanceOf(Error);
    await expect(emulator.waitForClientClose(0, 200)).rejects.toThrow(/emulator's side/);
  });
});

describe('HTTP errors', () => {
  it('429 ThrottlingException by default for status 429, with $metadata', async () => {
    emulator.enqueue({
      kind: 'error',
      status: 429,
      message: 'Too many requests, please wait before trying again.',
    });
    const error = await rejection(client.send(new ConverseCommand({ modelId: MODEL, messages })));
    expect(error).toBeInstanceOf(ThrottlingException);
    expect(error.name).toBe('ThrottlingException');
    expect(error.message).toBe('Too many requests, please wait before trying again.');
    expect(error.$metadata?.httpStatusCode).toBe(429);
  });

  it('any errorType becomes the error name, also on ConverseStream', async () => {
    emulator.enqueue({
      kind: 'error',
      status: 424,
      errorType: 'ModelErrorException',
      message: 'model broke',
    });
    const { error } = await streamUntilError();
    expect(error).toMatchObject({
      name: 'ModelErrorException',
      message: 'model broke',
      $metadata: { httpStatusCode: 424 },
    });
  });

  it('sends x-amzn-errortype with the coral namespace, x-amzn-requestid and extra headers', async () => {
    emulator.enqueue({ kind: 'error', status: 503, message: 'busy', headers: { 'retry-after': '3' } });
    const response = await fetch(`${emulator.url}/model/m/converse`, {
      method: 'POST',
      body: JSON.stringify({ messages }),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('x-amzn-errortype')).toBe(
      'ServiceUnavailableException:http://internal.amazon.com/coral/com.amazon.bedrock/',
    );
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(await response.json()).toEqual({ message: 'busy' });
  });
});

describe('body checks (ValidationException, no scenario taken)', () => {
  it('requires messages', async () => {
    const error = await rejection(client.send(new ConverseCommand({ modelId: MODEL } as never)));
    expect(error).toBeInstanceOf(ValidationException);
    expect(error.message).toMatch(/'messages' failed to satisfy constraint/);
  });

  it('requires toolConfig when the history holds toolUse / toolResult blocks', async () => {
    emulator.enqueue({ kind: 'hang' });
    const error = await rejection(
      client.send(
        new ConverseCommand({
          modelId: MODEL,
          messages: [
            { role: 'user', content: [{ text: 'Weather?' }] },
            {
              role: 'assistant',
              content: [{ toolUse: { toolUseId: 't1', name: 'get_weather', input: { city: 'Paris' } } }],
            },
            {
              role: 'user',
              content: [{ toolResult: { toolUseId: 't1', content: [{ json: { temp: 21 } }] } }],
            },
          ],
        }),
      ),
    );
    expect(error).toBeInstanceOf(ValidationException);
    expect(error.message).toBe(
      'The toolConfig field must be defined when using toolUse and toolResult content blocks.',
    );
    // The queued hang is still there for the next request; drop it.
    emulator.reset();
  });

  it('rejects modelId in the body, a conversation starting with assistant, and roles that do not alternate', async () => {
    const post = (body: unknown) =>
      fetch(`${emulator.url}/model/m/converse`, { method: 'POST', body: JSON.stringify(body) });
    const bodies = [
      { modelId: 'm', messages },
      { messages: [{ role: 'assistant', content: [{ text: 'x' }] }] },
      { messages: [...messages, ...messages] },
    ];
    for (const body of bodies) {
      const response = await post(body);
      expect(response.status).toBe(400);
      expect(response.headers.get('x-amzn-errortype')).toMatch(/^ValidationException:/);
    }
  });

  it('404 UnknownOperationException for other paths', async () => {
    const response = await fetch(`${emulator.url}/model/m/invoke-with-response-stream`, {
      method: 'POST',
      body: '{}',
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toMatch(/^UnknownOperationException:/);
  });
});

describe('hang, client close and shutdown', () => {
  it('hang: the client aborts, waitForClientClose resolves', async () => {
    emulator.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const pending = client.send(new ConverseCommand({ modelId: MODEL, messages }), {
      abortSignal: controller.signal,
    });
    await vi.waitFor(() => expect(emulator.requests).toHaveLength(1), { timeout: 5_000 });
    const closed = emulator.waitForClientClose(0);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await closed;
    expect(emulator.requests[0]!.closedByClient).toBe(true);
  });

  it('a client that stops reading a paced stream counts as closed by the client', async () => {
    emulator.enqueue({
      kind: 'converse',
      output: { content: [{ text: 'a b c d e f g h i j' }] },
      stopReason: 'end_turn',
      chunkDelayMs: 30,
    });
    const controller = new AbortController();
    const response = await client.send(new ConverseStreamCommand({ modelId: MODEL, messages }), {
      abortSignal: controller.signal,
    });
    for await (const event of response.stream!) {
      if (event.contentBlockDelta) break;
    }
    controller.abort();
    await emulator.waitForClientClose(0);
  });

  it('waitForClientClose rejects for a reply the emulator finished', async () => {
    await client.send(new ConverseCommand({ modelId: MODEL, messages }));
    await expect(emulator.waitForClientClose(0, 100)).rejects.toThrow(/emulator's side/);
  });

  it('close() ends hung connections', async () => {
    const own = await startBedrockEmulator();
    own.enqueue({ kind: 'hang' });
    const pending = fetch(`${own.url}/model/m/converse`, {
      method: 'POST',
      body: JSON.stringify({ messages }),
    });
    await vi.waitFor(() => expect(own.requests).toHaveLength(1), { timeout: 5_000 });
    const waiting = expect(own.waitForClientClose(0)).rejects.toThrow(/closed/);
    await own.close();
    await expect(pending).rejects.toThrow();
    await waiting;
    expect(own.requests[0]!.closedByClient).toBe(false);
  });
});
