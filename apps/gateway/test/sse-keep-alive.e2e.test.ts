import { type OpenAICompatibleEmulator, startOpenAICompatibleEmulator } from '@modelmux/testkit';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../src/config/load-gateway-config.js';
import { type StartedServer, startServer } from '../src/server.js';
import { ssePayloads, TEST_SHUTDOWN_TIMEOUT_MS } from './helpers.js';

// While the upstream is silent, the gateway keeps the client's stream alive with SSE comments.

let emulator: OpenAICompatibleEmulator;
let gateway: StartedServer;

beforeAll(async () => {
  emulator = await startOpenAICompatibleEmulator();
  const config = parseGatewayConfig({
    server: { log_level: 'silent', shutdown_timeout_ms: TEST_SHUTDOWN_TIMEOUT_MS, sse_keep_alive_ms: 100 },
    providers: { vllm: { type: 'openai-compatible', base_url: emulator.url } },
  });
  gateway = await startServer({ config, env: {}, host: '127.0.0.1', port: 0, logger: false });
});
afterAll(async () => {
  await gateway?.close();
  await emulator?.close();
});

describe('SSE keep-alive comments', () => {
  it('sends comments while the upstream is silent, which clients ignore', async () => {
    emulator.enqueue({ kind: 'text', text: 'slow reply', chunkDelayMs: 450 });
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'vllm:m', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    const text = await response.text();
    const comments = text.split('\n\n').filter((frame) => frame === ': keep-alive');
    expect(comments.length).toBeGreaterThanOrEqual(2);
    const contents = ssePayloads(text)
      .filter((payload) => payload !== '[DONE]')
      .map((payload) => JSON.parse(payload).choices[0]?.delta?.content ?? '');
    expect(contents.join('')).toBe('slow reply');
    emulator.enqueue({ kind: 'text', text: 'slow reply', chunkDelayMs: 450 });
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'k', maxRetries: 0 });
    const final = await client.chat.completions
      .stream({ model: 'vllm:m', messages: [{ role: 'user', content: 'hi' }] })
      .finalChatCompletion();
    expect(final.choices[0]?.message.content).toBe('slow reply');
  });

  it('sends none when the reply is quick', async () => {
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'vllm:m', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(await response.text()).not.toContain(': keep-alive');
  });
});
