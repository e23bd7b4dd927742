import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type OpenAICompatibleEmulator,
  startOpenAICompatibleEmulator,
  validateOpenAiSchema,
} from '@modelmux/testkit';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../src/config/load-gateway-config.js';
import { type StartedServer, startServer } from '../src/server.js';
import { TEST_SHUTDOWN_TIMEOUT_MS } from './helpers.js';
import { type RedisServer, startRedisServer } from './redis-server.js';

// Stored responses through the real `openai` client: SQLite (with a gateway restart) and Redis (two gateways).

let upstream: OpenAICompatibleEmulator;
let directory: string;
let redis: RedisServer;
const gateways: StartedServer[] = [];

beforeAll(async () => {
  upstream = await startOpenAICompatibleEmulator();
  directory = await mkdtemp(join(tmpdir(), 'modelmux-responses-'));
  redis = await startRedisServer();
});

afterEach(() => upstream.reset());

afterAll(async () => {
  for (const gateway of gateways) await gateway.close();
  await redis?.stop();
  await upstream?.close();
  await rm(directory, { recursive: true, force: true });
});

async function startGateway(
  responses: Record<string, unknown>,
): Promise<{ gateway: StartedServer; client: OpenAI }> {
  const config = parseGatewayConfig({
    server: { log_level: 'silent', shutdown_timeout_ms: TEST_SHUTDOWN_TIMEOUT_MS },
    responses,
    providers: { vllm: { type: 'openai-compatible', base_url: upstream.url } },
    models: { fast: { targets: ['vllm:qwen3'] } },
  });
  const gateway = await startServer({ config, env: {}, host: '127.0.0.1', port: 0, logger: false });
  gateways.push(gateway);
  return { gateway, client: new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'k', maxRetries: 0 }) };
}

/** The chat messages the upstream received last, as role: text lines. */
function lastConversation(): string[] {
  const body = upstream.requests.at(-1)?.body as { messages: Array<{ role: string; content: unknown }> };
  return body.messages.map(
    (message) =>
      `${message.role}: ${typeof message.content === 'string' ? message.content : JSON.stringify(message.content)}`,
  );
}

describe('stored responses on SQLite', () => {
  const sqlitePath = () => join(directory, 'gateway.sqlite');

  it('keeps a response: retrieve, input_items, delete, then 404', async () => {
    const { client, gateway } = await startGateway({ store: 'sqlite', sqlite_path: sqlitePath() });
    const created = await client.responses.create({ model: 'fast', input: 'Remember the number 7.' });
    expect((created as { store?: boolean }).store).toBe(true);
    const retrieved = await client.responses.retrieve(created.id);
    expect(retrieved).toEqual(created);
    expect(validateOpenAiSchema('Response', retrieved)).toEqual([]);
    const items = await client.responses.inputItems.list(created.id);
    expect(items.data).toEqual([
      expect.objectContaining({
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: 'Remember the number 7.' }],
      }),
    ]);
    expect(items.data[0]?.id).toMatch(/^msg_/);
    const raw = await (await fetch(`${gateway.url}/v1/responses/${created.id}/input_items?limit=5`)).json();
    expect(validateOpenAiSchema('ResponseItemList', raw)).toEqual([]);
    await client.responses.delete(created.id);
    const gone = await client.responses.retrieve(created.id).catch((error: unknown) => error);
    expect(gone).toBeInstanceOf(OpenAI.NotFoundError);
    expect((gone as Error).message).toContain(created.id);
  });

  it('rebuilds a three-turn chain from previous_response_id, and the chain survives a gateway restart', async () => {
    const first = await startGateway({ store: 'sqlite', sqlite_path: sqlitePath() });
    upstream.enqueue({ kind: 'text', text: 'Noted: 7.' }, { kind: 'text', text: 'Noted: 8.' });
    const one = await first.client.responses.create({
      model: 'fast',
      input: 'Remember 7.',
      instructions: 'Be brief.',
    });
    const two = await first.client.responses.create({
      model: 'fast',
      input: 'And 8.',
      previous_response_id: one.id,
    });
    expect(lastConversation()).toEqual(['user: Remember 7.', 'assistant: Noted: 7.', 'user: And 8.']);
    await first.gateway.close();
    gateways.splice(gateways.indexOf(first.gateway), 1);

    const second = await startGateway({ store: 'sqlite', sqlite_path: sqlitePath() });
    const three = await second.client.responses.create({
      model: 'fast',
      input: 'Sum them.',
      instructions: 'Answer with a number.',
      previous_response_id: two.id,
    });
    expect(three.previous_response_id).toBe(two.id);
    expect(lastConversation()).toEqual([
      'system: Answer with a number.',
      'user: Remember 7.',
      'assistant: Noted: 7.',
      'user: And 8.',
      'assistant: Noted: 8.',
      'user: Sum them.',
    ]);
  });

  it('stores a streamed response before its final event, and store:false keeps nothing', async () => {
    const { client } = await startGateway({ store: 'sqlite', sqlite_path: sqlitePath() });
    const final = await client.responses.stream({ model: 'fast', input: 'Stream it.' }).finalResponse();
    expect(await client.responses.retrieve(final.id)).toMatchObject({ id: final.id, status: 'completed' });
    const unstored = await client.responses.create({ model: 'fast', input: 'Forget it.', store: false });
    expect((unstored as { store?: boolean }).store).toBe(false);
    await expect(client.responses.retrieve(unstored.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('answers a missing previous_response_id with a 404 in OpenAI’s shape', async () => {
    const { client } = await startGateway({ store: 'sqlite', sqlite_path: sqlitePath() });
    const error = await client.responses
      .create({ model: 'fast', input: 'x', previous_response_id: 'resp_missing' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(
      validateOpenAiSchema('ErrorResponse', { error: (error as InstanceType<typeof OpenAI.APIError>).error }),
    ).toEqual([]);
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('stored responses on Redis', () => {
  it('lets a second gateway continue a chain the first one started', async () => {
    const a = await startGateway({ store: 'redis', redis_url: redis.url, redis_key_prefix: 'e2e:' });
    const b = await startGateway({ store: 'redis', redis_url: redis.url, redis_key_prefix: 'e2e:' });
    upstream.enqueue({ kind: 'text', text: 'Hi Ada.' });
    const one = await a.client.responses.create({ model: 'fast', input: 'I am Ada.' });
    const two = await b.client.responses.create({
      model: 'fast',
      input: 'Who am I?',
      previous_response_id: one.id,
    });
    expect(lastConversation()).toEqual(['user: I am Ada.', 'assistant: Hi Ada.', 'user: Who am I?']);
    expect((await a.client.responses.retrieve(two.id)).id).toBe(two.id);
  });

  it('answers 503 when Redis is down and reports nothing as stored', async () => {
    const down = await startRedisServer();
    const { client } = await startGateway({ store: 'redis', redis_url: down.url });
    await down.stop();
    const error = await client.responses
      .create({ model: 'fast', input: 'x' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('MMX_STORE_UNAVAILABLE');
  });
});
