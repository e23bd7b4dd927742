import { AzureOpenAI } from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type AzureOpenAIEmulator, startAzureOpenAIEmulator } from './azure-openai-emulator.js';

const API_KEY = 'failure-key';
const messages = [{ role: 'user' as const, content: 'Hi' }];

let emulator: AzureOpenAIEmulator;
let client: AzureOpenAI;

function azureClient(target: AzureOpenAIEmulator): AzureOpenAI {
  return new AzureOpenAI({
    endpoint: target.endpoint,
    apiKey: target.apiKey,
    apiVersion: '2024-10-21',
    deployment: 'gpt-4o',
    maxRetries: 0,
  });
}

beforeAll(async () => {
  emulator = await startAzureOpenAIEmulator({ apiKey: API_KEY });
  client = azureClient(emulator);
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

type RateLimit = InstanceType<typeof AzureOpenAI.RateLimitError>;

describe('rate-limited', () => {
  it('answers 429 with retry-after and retry-after-ms and the rate limiter body', async () => {
    emulator.enqueue({ kind: 'rate-limited', retryAfterSeconds: 6 });
    const error = await rejection(client.chat.completions.create({ model: 'gpt-4o', messages }));
    expect(error).toBeInstanceOf(AzureOpenAI.RateLimitError);
    const rateLimit = error as RateLimit;
    expect(rateLimit.status).toBe(429);
    expect(rateLimit.headers.get('retry-after')).toBe('6');
    expect(rateLimit.headers.get('retry-after-ms')).toBe('6000');
    expect(rateLimit.headers.get('x-ratelimit-remaining-tokens')).toBe('0');
    expect(rateLimit.code).toBe('429');
    expect(rateLimit.error).toEqual({
      code: '429',
      message:
        'Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 6 seconds. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.',
    });
  });

  it('names the call rate limit and takes an explicit retry-after-ms', async () => {
    emulator.enqueue({ kind: 'rate-limited', retryAfterSeconds: 1, retryAfterMs: 250, limit: 'call' });
    const error = (await rejection(
      client.chat.completions.create({ model: 'gpt-4o', messages }),
    )) as RateLimit;
    expect(error.headers.get('retry-after')).toBe('1');
    expect(error.headers.get('retry-after-ms')).toBe('250');
    expect(error.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(error.message).toMatch(/have exceeded call rate limit .* Please retry after 1 second\./);
  });

  it('is retried by the SDK using retry-after-ms, then the next scenario answers', async () => {
    emulator.enqueue({ kind: 'rate-limited', retryAfterSeconds: 30, retryAfterMs: 20 });
    const retrying = new AzureOpenAI({
      endpoint: emulator.endpoint,
      apiKey: API_KEY,
      apiVersion: '2024-10-21',
      deployment: 'gpt-4o',
      maxRetries: 1,
    });
    const started = Date.now();
    const completion = await retrying.chat.completions.create({ model: 'gpt-4o', messages });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(emulator.requests).toHaveLength(2);
  });

  it('names the v1 API in the message of v1 requests', async () => {
    emulator.enqueue({ kind: 'rate-limited' });
    const response = await fetch(`${emulator.v1BaseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'api-key': API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o', messages }),
    });
    expect(response.status).toBe(429);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/under Azure OpenAI API version v1 have exceeded/);
  });
});

describe("the OpenAI-compatible emulator's scenarios", () => {
  it('answers an error scenario with its status and body', async () => {
    emulator.enqueue({
      kind: 'error',
      status: 500,
      body: { error: { code: 'InternalServerError', message: 'Backend returned unexpected response.' } },
    });
    const error = await rejection(client.chat.completions.create({ model: 'gpt-4o', messages }));
    expect(error).toBeInstanceOf(AzureOpenAI.InternalServerError);
    expect((error as InstanceType<typeof AzureOpenAI.InternalServerError>).code).toBe('InternalServerError');
  });

  it('cuts a truncated stream, which the SDK reports', async () => {
    emulator.enqueue({ kind: 'truncated-stream', afterChunks: 1 });
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages, stream: true });
    const reading = (async () => {
      for await (const _chunk of stream) {
        // Drain until the socket is cut.
      }
    })();
    await expect(reading).rejects.toThrow();
  });

  it('uses setDefault until reset', async () => {
    emulator.setDefault({ kind: 'text', text: 'the default' });
    const first = await client.chat.completions.create({ model: 'gpt-4o', messages });
    expect(first.choices[0]!.message.content).toBe('the default');
    emulator.reset();
    const second = await client.chat.completions.create({ model: 'gpt-4o', messages });
    expect(second.choices[0]!.message.content).toBe('Hello from the modelmux emulator.');
  });
});

describe('client close', () => {
  it('never answers a hang; aborting the SDK resolves waitForClientClose', async () => {
    emulator.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const settled = rejection(
      client.chat.completions.create({ model: 'gpt-4o', messages }, { signal: controller.signal }),
    );
    await vi.waitFor(() => expect(emulator.requests).toHaveLength(1), { timeout: 5_000 });
    controller.abort();
    expect(await settled).toBeInstanceOf(AzureOpenAI.APIUserAbortError);
    await emulator.waitForClientClose(0);
    expect(emulator.requests[0]!.closedByClient).toBe(true);
  });

  it('counts an abort in the middle of a paced stream as a client close', async () => {
    emulator.enqueue({ kind: 'text', text: 'a b c d e f g h i j', chunkDelayMs: 40 });
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'gpt-4o', messages, stream: true },
      { signal: controller.signal },
    );
    let seen = 0;
    await (async () => {
      for await (const _chunk of stream) {
        seen++;
        if (seen === 3) controller.abort();
      }
    })().catch(() => undefined);
    await emulator.waitForClientClose(0, 2_000);
    expect(seen).toBeLessThan(12);
  });

  it('rejects waitForClientClose for a request that was answered completely', async () => {
    await client.chat.completions.create({ model: 'gpt-4o', messages });
    await expect(emulator.waitForClientClose(0)).rejects.toThrow(/before the client closed it/);
  });

  it('close() ends hung connections, resolves, and can be called again', async () => {
    const other = await startAzureOpenAIEmulator({ defaultScenario: { kind: 'hang' } });
    const settled = rejection(azureClient(other).chat.completions.create({ model: 'gpt-4o', messages }));
    await vi.waitFor(() => expect(other.requests).toHaveLength(1), { timeout: 5_000 });
    await other.close();
    await other.close();
    expect(await settled).toBeInstanceOf(AzureOpenAI.APIConnectionError);
    expect(other.requests[0]!.closedByClient).toBe(false);
  });

  it('records nothing with recordRequests off, and waitForClientClose says why', async () => {
    const quiet = await startAzureOpenAIEmulator({ recordRequests: false });
    try {
      const completion = await azureClient(quiet).chat.completions.create({ model: 'gpt-4o', messages });
      expect(completion.choices[0]!.message.content).toBe('Hello from the modelmux emulator.');
      expect(quiet.requests).toEqual([]);
      await expect(quiet.waitForClientClose(0)).rejects.toThrow(/needs recordRequests/);
    } finally {
      await quiet.close();
    }
  });
});
