import {
  type BedrockEmulator,
  DEFAULT_BEDROCK_TEXT,
  DEFAULT_EMULATOR_TEXT,
  DEFAULT_VERTEX_ACCESS_TOKEN,
  type OpenAICompatibleEmulator,
  startBedrockEmulator,
  startOpenAICompatibleEmulator,
  startVertexEmulator,
  type VertexEmulator,
} from '@modelmux/testkit';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseGatewayConfig } from '../src/config/load-gateway-config.js';
import { DEMO_AWS_KEYS, DEMO_BEDROCK_MODEL, DEMO_CLAUDE_MODEL } from '../src/demo-config.js';
import { type StartedServer, startServer } from '../src/server.js';
import { TEST_SHUTDOWN_TIMEOUT_MS } from './helpers.js';

// The call policy against real emulated upstreams, through the real `openai` client: fallback, retries,
// Retry-After, the retry budget, first-byte and idle timeouts, ejection and recovery, weights, client disconnects.

let primary: OpenAICompatibleEmulator;
let secondary: OpenAICompatibleEmulator;
let vertex: VertexEmulator;
let bedrock: BedrockEmulator;
let gateway: StartedServer;
let client: OpenAI;

const EJECT_COOLDOWN_MS = 60_000;
/** Added to the policy's clock: the ejection test moves time past the cool-down instead of waiting it out. */
let clockSkewMs = 0;
/** The first-byte and idle timeouts of the `timeouts` alias: long enough that a stall of the loaded test machine does not fire them. */
const TIMEOUT_MS = 1_000;

beforeAll(async () => {
  [primary, secondary, vertex, bedrock] = await Promise.all([
    startOpenAICompatibleEmulator(),
    startOpenAICompatibleEmulator(),
    startVertexEmulator(),
    startBedrockEmulator({ region: 'us-east-1', credentials: { ...DEMO_AWS_KEYS } }),
  ]);
  const both = (model: string) => [`primary:${model}`, `secondary:${model}`];
  const config = parseGatewayConfig({
    server: { log_level: 'silent', shutdown_timeout_ms: TEST_SHUTDOWN_TIMEOUT_MS, sse_keep_alive_ms: 0 },
    routing: {
      backoff_initial_ms: 5,
      backoff_max_ms: 20,
      retry_budget_ratio: 0.5,
      retry_budget_min_retries: 1,
      retry_budget_window_ms: 60_000,
      eject_after_failures: 3,
      eject_cooldown_ms: EJECT_COOLDOWN_MS,
    },
    providers: {
      primary: { type: 'openai-compatible', base_url: primary.url },
      secondary: { type: 'openai-compatible', base_url: secondary.url },
      vertex: {
        type: 'vertex',
        project: 'policy-project',
        region: 'us-east5',
        base_url: vertex.url,
        credentials: { type: 'access_token', token: DEFAULT_VERTEX_ACCESS_TOKEN },
        models: { [DEMO_CLAUDE_MODEL]: { max_output_tokens: 1024 } },
      },
      bedrock: {
        type: 'bedrock',
        region: 'us-east-1',
        endpoint: bedrock.url,
        credentials: {
          type: 'keys',
          access_key_id: DEMO_AWS_KEYS.accessKeyId,
          secret_access_key: DEMO_AWS_KEYS.secretAccessKey,
        },
      },
    },
    models: {
      fallback: { targets: both('fallback'), routing: { max_retries: 0 } },
      cross: {
        targets: [`vertex:${DEMO_CLAUDE_MODEL}`, `bedrock:${DEMO_BEDROCK_MODEL}`],
        routing: { max_retries: 0 },
      },
      retrying: { targets: ['primary:retrying'], routing: { max_retries: 2 } },
      'retry-after': { targets: ['primary:retry-after'], routing: { max_retries: 1 } },
      budgeted: { targets: ['primary:budgeted'], routing: { max_retries: 2 } },
      timeouts: {
        targets: both('timeouts'),
        routing: { max_retries: 0, first_byte_timeout_ms: TIMEOUT_MS, idle_timeout_ms: TIMEOUT_MS },
      },
      ejecting: { targets: both('ejecting'), routing: { max_retries: 0 } },
      weighted: { targets: both('weighted'), weights: [1, 3] },
    },
  });
  gateway = await startServer({
    config,
    env: {},
    host: '127.0.0.1',
    port: 0,
    logger: false,
    policyClock: { now: () => Date.now() + clockSkewMs },
  });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});

afterEach(() => {
  for (const emulator of [primary, secondary]) emulator.reset();
  vertex.reset();
  bedrock.reset();
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([primary?.close(), secondary?.close(), vertex?.close(), bedrock?.close()]);
});

const ask = (model: string) =>
  client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Hello there' }] });

async function streamText(model: string): Promise<string> {
  const stream = await client.chat.completions.create({
    model,
    messages: [{ role: 'user', content: 'Hello there' }],
    stream: true,
  });
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
  return text;
}

const requestsFor = (emulator: OpenAICompatibleEmulator, model: string) =>
  emulator.requests.filter((request) => (request.body as { model?: string } | undefined)?.model === model);

describe('fallback', () => {
  it("moves a call from a target answering 503 to the alias's next target", async () => {
    primary.enqueue({ kind: 'error', status: 503 });
    const completion = await ask('fallback');
    expect(completion.choices[0]?.message.content).toBe(DEFAULT_EMULATOR_TEXT);
    expect(requestsFor(primary, 'fallback')).toHaveLength(1);
    expect(requestsFor(secondary, 'fallback')).toHaveLength(1);
  });

  it('moves a stream that failed before its first byte', async () => {
    primary.enqueue({ kind: 'error', status: 503 });
    expect(await streamText('fallback')).toBe(DEFAULT_EMULATOR_TEXT);
    expect(requestsFor(secondary, 'fallback')[0]?.body).toMatchObject({ stream: true });
  });

  it('moves a call across providers: Claude on Vertex overloaded → Claude on Bedrock', async () => {
    vertex.enqueue({ kind: 'error', status: 529 });
    const completion = await ask('cross');
    expect(completion.choices[0]?.message.content).toBe(DEFAULT_BEDROCK_TEXT);
    vertex.enqueue({ kind: 'error', status: 503 });
    expect(await streamText('cross')).toBe(DEFAULT_BEDROCK_TEXT);
    expect(vertex.requests).toHaveLength(2);
    expect(bedrock.requests.map((request) => request.path)).toEqual([
      expect.stringMatching(/\/converse$/),
      expect.stringMatching(/\/converse-stream$/),
    ]);
  });

  it('gives the client the error of the request itself without trying another target', async () => {
    primary.enqueue({ kind: 'error', status: 400 });
    const error = await ask('fallback').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(requestsFor(secondary, 'fallback')).toHaveLength(0);
  });
});

describe('retries', () => {
  it('retries a failing target and answers once it recovers', async () => {
    primary.enqueue({ kind: 'error', status: 500 }, { kind: 'error', status: 503 });
    const completion = await ask('retrying');
    expect(completion.choices[0]?.message.content).toBe(DEFAULT_EMULATOR_TEXT);
    expect(requestsFor(primary, 'retrying')).toHaveLength(3);
  });

  it('never retries once the first byte reached the client: the cut stream ends in an error event', async () => {
    primary.enqueue({ kind: 'truncated-stream', afterChunks: 2 });
    let received = '';
    const error = await (async () => {
      const stream = await client.chat.completions.create({
        model: 'retrying',
        messages: [{ role: 'user', content: 'x' }],
        stream: true,
      });
      for await (const chunk of stream) received += chunk.choices[0]?.delta.content ?? '';
    })().catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(received.length).toBeGreaterThan(0);
    expect(requestsFor(primary, 'retrying')).toHaveLength(1);
  });

  it("waits the upstream's Retry-After (seconds, and retry-after-ms) before retrying", async () => {
    primary.enqueue({ kind: 'error', status: 429, headers: { 'retry-after': '1' } });
    let started = performance.now();
    await ask('retry-after');
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    primary.enqueue({ kind: 'error', status: 429, headers: { 'retry-after-ms': '300' } });
    started = performance.now();
    await ask('retry-after');
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(295);
    expect(waited).toBeLessThan(990);
    expect(requestsFor(primary, 'retry-after')).toHaveLength(4);
  });

  it('keeps the retries of a failing target within its budget', async () => {
    primary.setDefault({ kind: 'error', status: 503 });
    for (let call = 0; call < 10; call++) {
      const error = await ask('budgeted').catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    }
    // Without a budget: 10 × 3 attempts. With 1 + 0.5 × requests retries allowed in the window: 6 retries.
    expect(requestsFor(primary, 'budgeted')).toHaveLength(16);
  });
});

describe('timeouts', () => {
  it('gives up on a target that sends nothing within the first-byte timeout and falls back, aborting it', async () => {
    primary.enqueue({ kind: 'hang' });
    const completion = await ask('timeouts');
    expect(completion.choices[0]?.message.content).toBe(DEFAULT_EMULATOR_TEXT);
    await primary.waitForClientClose(0, 2_000);
    primary.enqueue({ kind: 'text', firstByteDelayMs: 5 * TIMEOUT_MS });
    expect(await streamText('timeouts')).toBe(DEFAULT_EMULATOR_TEXT);
    expect(requestsFor(secondary, 'timeouts')).toHaveLength(2);
  });

  it('ends a stream that goes silent longer than the idle timeout with an error event', async () => {
    primary.enqueue({ kind: 'text', text: 'one two three four', chunkDelayMs: 5 * TIMEOUT_MS });
    let received = '';
    const error = await (async () => {
      const stream = await client.chat.completions.create({
        model: 'timeouts',
        messages: [{ role: 'user', content: 'x' }],
        stream: true,
      });
      for await (const chunk of stream) received += chunk.choices[0]?.delta.content ?? '';
    })().catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(String((error as Error).message)).toMatch(/timed out/);
    expect(received).not.toBe('one two three four');
    await primary.waitForClientClose(0, 2_000);
  });

  it('lets a long, healthy stream run far past the idle timeout', async () => {
    primary.enqueue({ kind: 'text', text: 'a b c d e f g h i j', chunkDelayMs: TIMEOUT_MS / 4 });
    const started = performance.now();
    expect(await streamText('timeouts')).toBe('a b c d e f g h i j');
    expect(performance.now() - started).toBeGreaterThan(2 * TIMEOUT_MS);
    expect(requestsFor(secondary, 'timeouts')).toHaveLength(0);
  });
});

describe('outlier ejection', () => {
  it('skips a target after failures in a row, then probes it after the cool-down and takes it back', async () => {
    primary.setDefault({ kind: 'error', status: 503 });
    for (let call = 0; call < 3; call++) await ask('ejecting');
    expect(requestsFor(primary, 'ejecting')).toHaveLength(3);
    for (let call = 0; call < 4; call++) await ask('ejecting');
    expect(requestsFor(primary, 'ejecting')).toHaveLength(3);
    expect(requestsFor(secondary, 'ejecting')).toHaveLength(7);

    primary.setDefault({ kind: 'text' });
    clockSkewMs += EJECT_COOLDOWN_MS + 1;
    await ask('ejecting');
    await ask('ejecting');
    expect(requestsFor(primary, 'ejecting')).toHaveLength(5);
    expect(requestsFor(secondary, 'ejecting')).toHaveLength(7);
  });
});

describe('weights', () => {
  it('spreads calls over the targets in proportion to their weights', async () => {
    const calls = 400;
    const queue = Array.from({ length: calls }, (_, index) => index);
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (queue.pop() !== undefined) await ask('weighted');
      }),
    );
    const first = requestsFor(primary, 'weighted').length;
    const second = requestsFor(secondary, 'weighted').length;
    expect(first + second).toBe(calls);
    // Weights 1:3 → 25% on the first target; ±10 points is 4.6 standard deviations at 400 calls (a chance of
    // about 1 in 200,000 to fail by luck), while equal weights (50%) or reversed ones (75%) fail every time.
    expect(first / calls).toBeGreaterThan(0.15);
    expect(first / calls).toBeLessThan(0.35);
  });
});

describe('client disconnect', () => {
  it('aborts the upstream call at once and tries no other target', async () => {
    primary.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const pending = client.chat.completions
      .create(
        { model: 'fallback', messages: [{ role: 'user', content: 'x' }] },
        { signal: controller.signal },
      )
      .catch((thrown: unknown) => thrown);
    await vi.waitFor(() => expect(requestsFor(primary, 'fallback')).toHaveLength(1), { timeout: 5_000 });
    controller.abort();
    expect(await pending).toBeInstanceOf(OpenAI.APIUserAbortError);
    await primary.waitForClientClose(0, 2_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(requestsFor(secondary, 'fallback')).toHaveLength(0);
  });

  it('aborts a stream whose upstream has gone silent when the client leaves', async () => {
    primary.enqueue({ kind: 'text', text: 'one two three four', chunkDelayMs: 10_000 });
    const controller = new AbortController();
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'fallback', messages: [{ role: 'user', content: 'x' }], stream: true }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    let received = '';
    while (!received.includes('one')) received += new TextDecoder().decode((await reader.read()).value);
    // The first word is out; the upstream now waits ten seconds before the next one. The client leaves.
    const left = performance.now();
    controller.abort();
    // Nothing is flowing, so only the client's leaving can have closed the upstream call this soon.
    await primary.waitForClientClose(0, 2_000);
    expect(performance.now() - left).toBeLessThan(2_000);
    expect(requestsFor(secondary, 'fallback')).toHaveLength(0);
  });

  it('stops retrying when the client leaves during a backoff', async () => {
    primary.enqueue({ kind: 'error', status: 429, headers: { 'retry-after': '1' } });
    const controller = new AbortController();
    const pending = client.chat.completions
      .create(
        { model: 'retry-after', messages: [{ role: 'user', content: 'x' }] },
        { signal: controller.signal },
      )
      .catch((thrown: unknown) => thrown);
    // The 429 is answered at once; the gateway then waits the second it asks for, and the client leaves meanwhile.
    await vi.waitFor(() => expect(requestsFor(primary, 'retry-after')).toHaveLength(1), { timeout: 5_000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    controller.abort();
    await pending;
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(requestsFor(primary, 'retry-after')).toHaveLength(1);
  });
});

describe('metrics of the policy', () => {
  it('counts retries, fallbacks and ejections on /metrics', async () => {
    const text = await (await fetch(`${gateway.url}/metrics`)).text();
    const value = (pattern: RegExp) => Number(text.match(pattern)?.[1] ?? Number.NaN);
    expect(
      value(/modelmux_retries_total\{target="primary:budgeted",code="MMX_UPSTREAM_OVERLOADED"\} (\d+)/),
    ).toBe(6);
    expect(
      value(
        /modelmux_fallbacks_total\{model="cross",from="vertex:[^"]+",code="MMX_UPSTREAM_OVERLOADED"\} (\d+)/,
      ),
    ).toBe(2);
    expect(value(/modelmux_ejections_total\{target="primary:ejecting"\} (\d+)/)).toBe(1);
    expect(
      value(
        /modelmux_requests_total\{route="\/v1\/chat\/completions",model="weighted",target="secondary:weighted",status="200"\} (\d+)/,
      ),
    ).toBeGreaterThan(200);
  });
});
