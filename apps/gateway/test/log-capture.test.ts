import type { ChatResult } from '@modelmux/core';
import { createFakeProviderPlugin, createTestServiceAccountKey } from '@modelmux/testkit';
import type { FastifyInstance } from 'fastify';
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../src/app.js';
import { parseGatewayConfig } from '../src/config/load-gateway-config.js';
import { findCredentialLeaks } from './log-capture/find-credential-leaks.js';
import {
  capturedLines,
  forgetPlantedLines,
  knownCredentials,
  registerCredentials,
} from './log-capture/log-capture.js';
import { credentialsOfBuildOptions } from './log-capture/test-credentials.js';

// The self-test of the suite-wide log scan (test/log-capture): apps log even when a test turns logging off, the
// credentials of an app's config are registered, and a credential planted in a log line is found.

const dispatcher = new MockAgent();
dispatcher.disableNetConnect();

const hello: ChatResult = {
  content: [{ type: 'text', text: 'Hello!' }],
  finishReason: { unified: 'stop' },
  usage: { inputTokens: 4, outputTokens: 2 },
  warnings: [],
};
const fake = createFakeProviderPlugin({ scripts: { hello: { generate: hello } } });

const GATEWAY_KEY = 'sk-capture-selftest-0123456789';
const config = parseGatewayConfig({
  server: { log_level: 'silent' },
  providers: { mock: { type: 'fake' } },
  models: { fast: { targets: ['mock:hello'] } },
  auth: { keys: [{ name: 'selftest', key: { env: 'SELFTEST_KEY' } }] },
});

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function lineObjects(): Array<Record<string, unknown>> {
  return capturedLines().map(({ line }) => JSON.parse(line) as Record<string, unknown>);
}

describe('the log capture', () => {
  it('captures the lines of an app built with logger: false and log_level = "silent", and none reach stdout', async () => {
    const stdout = vi.spyOn(process.stdout, 'write');
    try {
      app = buildApp({
        config,
        providerPlugins: [fake as never],
        dispatcher,
        logger: false,
        env: { SELFTEST_KEY: GATEWAY_KEY },
      });
      const response = await app.inject({
        method: 'POST',
        url: '/v1/chat/completions',
        headers: { authorization: `Bearer ${GATEWAY_KEY}`, 'x-request-id': 'capture-selftest-1' },
        payload: { model: 'fast', messages: [{ role: 'user', content: 'hi' }] },
      });
      expect(response.statusCode).toBe(200);
      expect(stdout.mock.calls.filter(([chunk]) => String(chunk).includes('capture-selftest-1'))).toEqual([]);
    } finally {
      stdout.mockRestore();
    }
    const access = lineObjects().find(
      (line) => line.msg === 'request completed' && line.reqId === 'capture-selftest-1',
    );
    expect(access).toMatchObject({ model: 'fast', target: 'mock:hello', status: 200, key: 'selftest' });
    expect(knownCredentials().has(GATEWAY_KEY)).toBe(true);
    expect(findCredentialLeaks(capturedLines(), knownCredentials())).toEqual([]);
  });

  it('finds a planted credential, as is, JSON-escaped or URL-encoded, without printing it', async () => {
    const planted = 'planted "secret"/with+odd chars 0123';
    registerCredentials([planted]);
    app = buildApp({
      config,
      providerPlugins: [fake as never],
      dispatcher,
      env: { SELFTEST_KEY: GATEWAY_KEY },
    });
    await app.ready();
    app.log.info({ planted }, 'planted-line json');
    app.log.info(`planted-line url ${encodeURIComponent(planted)}`);
    app.log.info({ note: `planted-line raw ${GATEWAY_KEY}` });
    const leaks = findCredentialLeaks(capturedLines(), knownCredentials());
    expect(leaks.map((leak) => [leak.credential, leak.form])).toEqual([
      ['pla…(36 chars)', 'json'],
      ['pla…(36 chars)', 'url'],
      ['sk-…(30 chars)', 'raw'],
    ]);
    for (const leak of leaks) {
      expect(leak.source).toBe('test/log-capture.test.ts');
      expect(leak.excerpt).not.toContain('0123');
    }
    // Planted on purpose: dropped so that this file's own end-of-file scan passes.
    expect(forgetPlantedLines((line) => line.includes('planted-line'))).toBe(3);
    expect(findCredentialLeaks(capturedLines(), knownCredentials())).toEqual([]);
  });

  it('registers every credential of an app’s config: inline, from the env, and a service account’s private key', () => {
    const { key } = createTestServiceAccountKey({ tokenUri: 'http://127.0.0.1:1/token', projectId: 'p' });
    const privateKey = String(key.private_key);
    const credentials = credentialsOfBuildOptions({
      config: parseGatewayConfig({
        providers: {
          azure: { type: 'azure-openai', api_key: 'inline-azure-key' },
          bedrock: {
            type: 'bedrock',
            credentials: {
              access_key_id: 'AKIDEXAMPLE',
              secret_access_key: { env: 'AWS_SECRET' },
              session_token: { env: 'AWS_SESSION' },
            },
          },
          vertex: { type: 'vertex', credentials: { type: 'service_account_json', json: { env: 'SA' } } },
        },
        auth: { keys: [{ name: 'a', key: 'sk-gateway-key-1' }], redis_key_prefix: 'not-a-secret' },
      }),
      env: { AWS_SECRET: 'aws-secret-value', AWS_SESSION: 'aws-session-value', SA: JSON.stringify(key) },
    });
    expect(credentials).toEqual(
      expect.arrayContaining([
        'inline-azure-key',
        'aws-secret-value',
        'aws-session-value',
        'sk-gateway-key-1',
        privateKey,
        String(key.private_key_id),
      ]),
    );
    expect(credentials).not.toContain('AKIDEXAMPLE');
    expect(credentials).not.toContain('not-a-secret');
    // A line of the PEM body on its own is found too.
    const pemLine = privateKey.split('\n').find((line) => line.length >= 60);
    expect(credentials).toContain(pemLine);
  });
});
