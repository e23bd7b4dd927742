import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { parseGatewayConfig } from '../src/config/load-gateway-config.js';
import { ssePayloads } from './helpers.js';

// The example third-party plugin, installed in a project of its own (not a dependency of the gateway), loaded by its
// package name from config, serving chat through its own upstream emulator.

const PACKAGE = '@acme/modelmux-provider-ollama';
const exampleDirectory = fileURLToPath(new URL('../../../examples/ollama-provider/', import.meta.url));

/** The example's emulator, imported from its test sources (the gateway has no dependency on the example). */
interface OllamaEmulator {
  url: string;
  requests: Array<{ path: string; body: Record<string, unknown> }>;
  close(): Promise<void>;
}
type StartOllamaEmulator = (options?: {
  scenarios?: Record<string, { kind: 'text'; text: string; thinking?: string }>;
}) => Promise<OllamaEmulator>;

let project: string;
let emulator: OllamaEmulator;
let app: FastifyInstance | undefined;

beforeAll(async () => {
  if (!existsSync(join(exampleDirectory, 'dist/index.js')))
    throw new Error('examples/ollama-provider is not built: run pnpm build first');
  project = await mkdtemp(join(tmpdir(), 'modelmux-project-'));
  await mkdir(join(project, 'node_modules/@acme'), { recursive: true });
  await symlink(exampleDirectory, join(project, 'node_modules', PACKAGE), 'dir');
  const emulatorModule = join(exampleDirectory, 'test/ollama-emulator.ts');
  const { startOllamaEmulator } = (await import(emulatorModule)) as {
    startOllamaEmulator: StartOllamaEmulator;
  };
  emulator = await startOllamaEmulator({
    scenarios: { 'qwen3:8b': { kind: 'text', text: 'Sunny in Zürich.', thinking: 'Weather question.' } },
  });
});

afterEach(async () => {
  await app?.close();
  app = undefined;
});

afterAll(async () => {
  await emulator?.close();
  await rm(project, { recursive: true, force: true });
});

function boot(): FastifyInstance {
  app = buildApp({
    config: parseGatewayConfig({
      server: { log_level: 'silent' },
      responses: { store: 'none' },
      providers: { local: { type: PACKAGE, base_url: emulator.url, models: { 'llama3.2': {} } } },
      models: { llama: { targets: ['local:llama3.2'] } },
    }),
    logger: false,
    pluginSearchDirectories: [project],
  });
  return app;
}

describe(`a third-party provider plugin loaded by package name (${PACKAGE})`, () => {
  it('serves a chat completion through the plugin and its upstream', async () => {
    const gateway = boot();
    const response = await gateway.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      payload: { model: 'llama', messages: [{ role: 'user', content: 'Hello there' }], max_tokens: 32 },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      object: 'chat.completion',
      choices: [
        { message: { role: 'assistant', content: 'Hello from the Ollama emulator.' }, finish_reason: 'stop' },
      ],
      usage: { prompt_tokens: 2, completion_tokens: 5, total_tokens: 7 },
    });
    expect(emulator.requests.at(-1)).toMatchObject({
      path: '/api/chat',
      body: { model: 'llama3.2', stream: false, options: { num_predict: 32 } },
    });
    const models = await gateway.inject({ method: 'GET', url: '/v1/models' });
    expect(models.json().data.map((model: { id: string }) => model.id)).toEqual(['llama', 'local:llama3.2']);
  });

  it('streams a chat completion, reasoning and provider options included', async () => {
    const response = await boot().inject({
      method: 'POST',
      url: '/v1/chat/completions',
      payload: {
        model: 'local:qwen3:8b',
        stream: true,
        stream_options: { include_usage: true },
        reasoning_effort: 'low',
        provider_options: { ollama: { options: { num_ctx: 8192 } } },
        messages: [{ role: 'user', content: 'Weather in Zürich?' }],
      },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/event-stream');
    const payloads = ssePayloads(response.payload);
    expect(payloads.at(-1)).toBe('[DONE]');
    const chunks = payloads.slice(0, -1).map((payload) => JSON.parse(payload));
    const text = chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '').join('');
    expect(text).toBe('Sunny in Zürich.');
    expect(chunks.some((chunk) => chunk.choices[0]?.finish_reason === 'stop')).toBe(true);
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 5 });
    expect(emulator.requests.at(-1)?.body).toMatchObject({
      model: 'qwen3:8b',
      stream: true,
      think: 'low',
      options: { num_ctx: 8192 },
    });
  });

  it('is found beside the config file by the CLI, whatever the working directory', async () => {
    const configFile = join(project, 'modelmux.toml');
    await writeFile(
      configFile,
      `[responses]\nstore = "none"\n\n[providers.local]\ntype = "${PACKAGE}"\nbase_url = "${emulator.url}"\n\n[models.llama]\ntargets = ["local:llama3.2"]\n`,
    );
    const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [cli, 'config', 'validate', '--config', configFile],
      { cwd: tmpdir() },
    );
    expect(stdout).toContain('is valid: 1 provider(s), 1 alias(es)');
  });
});
