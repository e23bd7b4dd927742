import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DEFAULT_EMULATOR_TEXT,
  type OpenAICompatibleEmulator,
  startOpenAICompatibleEmulator,
} from '@modelmux/testkit';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import type { GatewayConfigInput } from '../src/config/gateway-config-schema.js';
import { parseGatewayConfig } from '../src/config/load-gateway-config.js';

// OpenTelemetry spans of model calls: one per request, one per attempt of the call policy, GenAI attributes, and the
// OTLP/HTTP export to a collector.

let primary: OpenAICompatibleEmulator;
let secondary: OpenAICompatibleEmulator;
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  [primary, secondary] = await Promise.all([
    startOpenAICompatibleEmulator(),
    startOpenAICompatibleEmulator(),
  ]);
});

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
  primary.reset();
  secondary.reset();
});

afterAll(async () => {
  await Promise.all([primary?.close(), secondary?.close()]);
});

function configWith(tracing: GatewayConfigInput['tracing']) {
  return parseGatewayConfig({
    server: { log_level: 'silent' },
    tracing,
    providers: {
      primary: { type: 'openai-compatible', base_url: primary.url },
      secondary: { type: 'openai-compatible', base_url: secondary.url },
    },
    models: {
      smart: { targets: ['primary:model-a', 'secondary:model-b'], routing: { max_retries: 0 } },
      embed: { targets: ['primary:text-embedding-3-small'] },
    },
  });
}

const chat = (app: FastifyInstance, model: string, stream = false) =>
  app.inject({
    method: 'POST',
    url: '/v1/chat/completions',
    payload: { model, stream, messages: [{ role: 'user', content: 'Hello there' }] },
  });

describe('tracing', () => {
  it('records a server span per request and a client span per attempt, with the GenAI attributes', async () => {
    const exporter = new InMemorySpanExporter();
    const app = buildApp({ config: configWith({ enabled: true }), spanExporter: exporter });
    apps.push(app);
    primary.enqueue({ kind: 'error', status: 503 });
    const reply = await chat(app, 'smart');
    expect(reply.statusCode).toBe(200);
    expect(reply.json().choices[0].message.content).toBe(DEFAULT_EMULATOR_TEXT);

    const spans = exporter.getFinishedSpans();
    const server = spans.find((span) => span.kind === SpanKind.SERVER);
    expect(server?.name).toBe('chat smart');
    expect(server?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'smart',
      'http.route': '/v1/chat/completions',
      'http.response.status_code': 200,
      'modelmux.target': 'secondary:model-b',
      'modelmux.attempts': 2,
      'gen_ai.usage.input_tokens': expect.any(Number),
      'gen_ai.usage.output_tokens': expect.any(Number),
    });
    const attempts = spans.filter((span) => span.kind === SpanKind.CLIENT);
    expect(attempts.map((span) => span.name)).toEqual(['chat model-a', 'chat model-b']);
    for (const attempt of attempts) {
      expect(attempt.parentSpanContext?.spanId).toBe(server?.spanContext().spanId);
      expect(attempt.spanContext().traceId).toBe(server?.spanContext().traceId);
      expect(attempt.attributes['gen_ai.provider.name']).toBe('openai-compatible');
    }
    expect(attempts[0]?.attributes).toMatchObject({
      'gen_ai.request.model': 'model-a',
      'modelmux.attempt': 1,
      'error.type': 'MMX_UPSTREAM_OVERLOADED',
    });
    expect(attempts[1]?.attributes['error.type']).toBeUndefined();
  });

  it('ends a stream’s request span when the stream is over, and marks failed requests', async () => {
    const exporter = new InMemorySpanExporter();
    const app = buildApp({ config: configWith({ enabled: true }), spanExporter: exporter });
    apps.push(app);
    const streamed = await chat(app, 'smart', true);
    expect(streamed.body).toContain('[DONE]');
    primary.enqueue({ kind: 'error', status: 400 });
    expect((await chat(app, 'smart')).statusCode).toBe(400);
    const embedded = await app.inject({
      method: 'POST',
      url: '/v1/embeddings',
      payload: { model: 'embed', input: 'x' },
    });
    expect(embedded.statusCode).toBe(200);

    const servers = exporter.getFinishedSpans().filter((span) => span.kind === SpanKind.SERVER);
    expect(servers.map((span) => span.name)).toEqual(['chat smart', 'chat smart', 'embeddings embed']);
    expect(servers[0]?.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
    expect(servers[1]?.attributes).toMatchObject({
      'http.response.status_code': 400,
      'error.type': 'MMX_UPSTREAM_BAD_REQUEST',
    });
    expect(servers[2]?.attributes['gen_ai.operation.name']).toBe('embeddings');
  });

  it('is off by default: no tracer, no spans', async () => {
    const exporter = new InMemorySpanExporter();
    const app = buildApp({ config: configWith(undefined), spanExporter: exporter });
    apps.push(app);
    expect((await chat(app, 'smart')).statusCode).toBe(200);
    expect(app.modelmuxTracing).toBeUndefined();
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it('exports the spans over OTLP/HTTP to the configured collector, with its headers, when the app closes', async () => {
    const received: Array<{ url?: string; headers: IncomingHttpHeaders; body: string }> = [];
    const collector = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => {
        body += chunk;
      });
      request.on('end', () => {
        received.push({ url: request.url, headers: request.headers, body });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    collector.listen(0, '127.0.0.1');
    await once(collector, 'listening');
    try {
      const { port } = collector.address() as AddressInfo;
      const app = buildApp({
        config: configWith({
          enabled: true,
          otlp_endpoint: `http://127.0.0.1:${port}/v1/traces`,
          headers: { authorization: { env: 'COLLECTOR_TOKEN' } },
          service_name: 'gateway-under-test',
        }),
        env: { COLLECTOR_TOKEN: 'Bearer collector-secret' },
      });
      expect((await chat(app, 'smart')).statusCode).toBe(200);
      await app.close();
      expect(received).toHaveLength(1);
      expect(received[0]?.url).toBe('/v1/traces');
      expect(received[0]?.headers.authorization).toBe('Bearer collector-secret');
      const exported = JSON.parse(received[0]?.body ?? '{}');
      const resource = exported.resourceSpans[0].resource.attributes;
      expect(resource).toContainEqual({ key: 'service.name', value: { stringValue: 'gateway-under-test' } });
      const names = exported.resourceSpans[0].scopeSpans.flatMap(
        (scope: { spans: Array<{ name: string }> }) => scope.spans.map((span) => span.name),
      );
      expect(names.sort()).toEqual(['chat model-a', 'chat smart']);
    } finally {
      collector.close();
    }
  });
});
