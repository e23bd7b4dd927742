import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { type OpenAICompatibleEmulator, startOpenAICompatibleEmulator } from '@modelmux/testkit';
import OpenAI from 'openai';
import { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { parseGatewayConfig } from '../src/config/load-gateway-config.js';
import { type StartedServer, startServer } from '../src/server.js';

// Shutdown: open streams may finish within the deadline; after it, whatever is left is closed and close() returns.

let emulator: OpenAICompatibleEmulator;
let agent: Agent;

beforeAll(async () => {
  emulator = await startOpenAICompatibleEmulator();
  agent = new Agent();
});
afterEach(() => emulator.reset());
afterAll(async () => {
  await agent.destroy();
  await emulator.close();
});

async function start(shutdownTimeoutMs: number): Promise<{ gateway: StartedServer; client: OpenAI }> {
  const config = parseGatewayConfig({
    server: { log_level: 'silent', shutdown_timeout_ms: shutdownTimeoutMs },
    providers: { vllm: { type: 'openai-compatible', base_url: emulator.url } },
  });
  const gateway = await startServer({ config, env: {}, host: '127.0.0.1', port: 0, logger: false });
  const client = new OpenAI({
    baseURL: `${gateway.url}/v1`,
    apiKey: 'k',
    maxRetries: 0,
    fetchOptions: { dispatcher: agent } as never,
  });
  return { gateway, client };
}

describe('graceful shutdown', () => {
  it('lets a healthy stream finish when it ends before the deadline', async () => {
    const { gateway, client } = await start(5_000);
    emulator.enqueue({ kind: 'text', text: 'one two three four five', chunkDelayMs: 60 });
    const stream = await client.chat.completions.create({
      model: 'vllm:m',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    const started = Date.now();
    const closing = gateway.close();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    await closing;
    expect(text).toBe('one two three four five');
    // Done once the stream ended, not at the deadline (the client's keep-alive socket does not hold it).
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('does not wait for a connection that never sent a request, but lets a begun request finish', async () => {
    const { gateway } = await start(20_000);
    const { port } = new URL(gateway.url);
    const open = async (): Promise<Socket> => {
      const socket = connect(Number(port), '127.0.0.1');
      onTestFinished(() => {
        socket.destroy();
      });
      await once(socket, 'connect');
      return socket;
    };
    // A browser's preconnect, or a pool's spare socket: connected, silent.
    const silent = await open();
    const silentClosed = once(silent, 'close');
    // A client half-way through its request headers when shutdown begins.
    const begun = await open();
    begun.write('GET /healthz HTTP/1.1\r\nHost: gateway\r\n');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    const closing = gateway.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    let reply = '';
    begun.on('data', (bytes: Buffer) => {
      reply += bytes.toString();
    });
    begun.write('Connection: close\r\n\r\n');
    await once(begun, 'close');
    await silentClosed;
    await closing;
    expect(reply).toMatch(/^HTTP\/1\.1 \d{3} /);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('closes what is still open at the deadline, so shutdown always completes', async () => {
    const { gateway, client } = await start(300);
    emulator.enqueue({ kind: 'text', text: 'never ending', firstByteDelayMs: 60_000 });
    const pending = client.chat.completions
      .create({ model: 'vllm:m', messages: [{ role: 'user', content: 'hi' }] })
      .catch((error: unknown) => error);
    await vi.waitFor(() => expect(emulator.requests).toHaveLength(1), { timeout: 5_000 });
    const started = Date.now();
    await gateway.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await pending).toBeInstanceOf(Error);
    await emulator.waitForClientClose(0);
  });
});
