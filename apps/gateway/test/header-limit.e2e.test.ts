import { request } from 'node:http';
import { connect } from 'node:net';
import { validateOpenAiSchema } from '@modelmux/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../src/config/load-gateway-config.js';
import { type StartedServer, startServer } from '../src/server.js';
import { TEST_SHUTDOWN_TIMEOUT_MS } from './helpers.js';

// Headers over server.max_header_bytes: a 431 in OpenAI's error shape, and the gateway keeps serving.

let gateway: StartedServer;

beforeAll(async () => {
  const config = parseGatewayConfig({
    server: { log_level: 'silent', shutdown_timeout_ms: TEST_SHUTDOWN_TIMEOUT_MS, max_header_bytes: 4096 },
  });
  gateway = await startServer({ config, env: {}, host: '127.0.0.1', port: 0, logger: false });
});

afterAll(async () => {
  await gateway?.close();
});

/** One GET on a fresh connection: status, headers and body. */
function get(path: string, headers: Record<string, string> = {}) {
  const { port } = new URL(gateway.url);
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const outgoing = request({ host: '127.0.0.1', port, path, headers, agent: false }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => {
          body += chunk;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
        );
      });
      outgoing.on('error', reject);
      outgoing.end();
    },
  );
}

describe('server.max_header_bytes', () => {
  it('defaults to Node’s 16 KiB', () => {
    expect(parseGatewayConfig({}).server.max_header_bytes).toBe(16_384);
    expect(() => parseGatewayConfig({ server: { max_header_bytes: 100 } })).toThrow(
      /server\.max_header_bytes/,
    );
  });

  it('answers headers over the limit with a 431 in OpenAI’s error shape, and keeps serving', async () => {
    const oversized = await get('/healthz', { 'x-padding': 'a'.repeat(8 * 1024) });
    expect(oversized.status).toBe(431);
    expect(oversized.headers.connection).toBe('close');
    expect(oversized.headers['x-modelmux-error-code']).toBe('MMX_REQUEST_INVALID');
    const body = JSON.parse(oversized.body);
    expect(validateOpenAiSchema('ErrorResponse', body)).toEqual([]);
    expect(body.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'MMX_REQUEST_INVALID',
      message: expect.stringContaining('server.max_header_bytes'),
    });
    // Many headers that add up over the limit count too.
    const many = Object.fromEntries(
      Array.from({ length: 80 }, (_, index) => [`x-h${index}`, 'b'.repeat(60)]),
    );
    expect((await get('/healthz', many)).status).toBe(431);
    const fine = await get('/healthz', { 'x-padding': 'a'.repeat(2 * 1024) });
    expect(fine.status).toBe(200);
  });

  it('answers malformed HTTP with a 400 in the same shape and closes only that connection', async () => {
    const { port } = new URL(gateway.url);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: Number(port) }, () => {
        socket.write('NOT HTTP AT ALL\r\n\r\n');
      });
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk) => {
        text += chunk;
      });
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    const body = JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4));
    expect(validateOpenAiSchema('ErrorResponse', body)).toEqual([]);
    expect((await get('/healthz')).status).toBe(200);
  });
});
