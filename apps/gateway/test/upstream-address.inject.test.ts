import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type BedrockEmulator,
  DEFAULT_VERTEX_ACCESS_TOKEN,
  type OpenAICompatibleEmulator,
  startBedrockEmulator,
  startOpenAICompatibleEmulator,
  startVertexEmulator,
  type VertexEmulator,
} from '@modelmux/testkit';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { parseGatewayConfig } from '../src/config/load-gateway-config.js';
import { DEMO_AWS_KEYS } from '../src/demo-config.js';

// A client can never choose an upstream address: every upstream URL comes from config. Requests that try to steer the
// gateway elsewhere — a URL as the model, hostile model ids, provider options, forwarding headers — reach only the
// configured upstreams (or are refused), never the trap server they point at.

let trapHits = 0;
const trap = createServer((_request, response) => {
  trapHits += 1;
  response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
});
let trapUrl = '';
let openai: OpenAICompatibleEmulator;
let vertex: VertexEmulator;
let bedrock: BedrockEmulator;
let app: FastifyInstance;

beforeAll(async () => {
  trap.listen(0, '127.0.0.1');
  await once(trap, 'listening');
  trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
  [openai, vertex, bedrock] = await Promise.all([
    startOpenAICompatibleEmulator(),
    startVertexEmulator(),
    startBedrockEmulator({ region: 'us-east-1', credentials: { ...DEMO_AWS_KEYS } }),
  ]);
  app = buildApp({
    config: parseGatewayConfig({
      server: { log_level: 'silent' },
      routing: { max_retries: 0 },
      providers: {
        local: { type: 'openai-compatible', base_url: openai.url },
        vertex: {
          type: 'vertex',
          project: 'p',
          region: 'us-east5',
          base_url: vertex.url,
          credentials: { type: 'access_token', token: DEFAULT_VERTEX_ACCESS_TOKEN },
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
    }),
  });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await Promise.all([openai?.close(), vertex?.close(), bedrock?.close()]);
  trap.close();
});

const chat = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: '/v1/chat/completions',
    headers,
    payload: { messages: [{ role: 'user', content: 'Hello' }], ...body },
  });

describe('upstream addresses come from config only', () => {
  it('refuses a URL given as the model', async () => {
    for (const model of [`${trapUrl}/v1`, `local:${trapUrl}`, `${trapUrl.replace('http://', '')}:m`]) {
      const reply = await chat({ model });
      if (reply.statusCode === 200) expect(openai.requests.at(-1)?.path).toBe('/v1/chat/completions');
      else expect(reply.statusCode).toBe(404);
    }
    expect(trapHits).toBe(0);
  });

  it('keeps hostile model ids inside the configured upstream’s path', async () => {
    for (const modelId of [
      '../../../../v1/x',
      `claude-x/../../..//${trapUrl}`,
      '%2e%2e/%2e%2e/x',
      '@127.0.0.1',
    ]) {
      await chat({ model: `vertex:${modelId}` });
      await chat({ model: `bedrock:${modelId}` });
    }
    expect(trapHits).toBe(0);
    // Each hostile id stays one encoded path segment: no `..` or `.` segment that a server would resolve.
    for (const request of [...vertex.requests, ...bedrock.requests]) {
      expect(request.path.split(/[/?]/)).not.toContain('..');
      expect(request.path.split(/[/?]/)).not.toContain('.');
    }
    for (const request of vertex.requests)
      expect(request.path).toMatch(/^\/v1\/projects\/p\/locations\/us-east5\//);
    expect(bedrock.requests.length).toBeGreaterThan(0);
    for (const request of bedrock.requests) expect(request.path).toMatch(/^\/model\/[^/]+\/converse$/);
  });

  it('ignores forwarding headers and rejects provider options that name an address', async () => {
    const host = trapUrl.replace('http://', '');
    const forwarded = await chat(
      { model: 'local:m' },
      { host, 'x-forwarded-host': host, forwarded: `host=${host}`, 'x-upstream-url': trapUrl },
    );
    expect(forwarded.statusCode).toBe(200);
    const steered = await chat({
      model: 'local:m',
      provider_options: { 'openai-compatible': { base_url: trapUrl, baseURL: trapUrl, url: trapUrl } },
    });
    expect(steered.statusCode).toBe(400);
    expect(steered.json().error).toMatchObject({ code: 'MMX_REQUEST_PROVIDER_OPTIONS_INVALID' });
    expect(trapHits).toBe(0);
  });
});
