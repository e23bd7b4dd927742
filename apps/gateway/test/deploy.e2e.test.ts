import { spawn } from 'node:child_process';
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OpenAICompatibleEmulator, startOpenAICompatibleEmulator } from '@modelmux/testkit';
import { load } from 'js-yaml';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CliProcess, startProcess, stopAllCliProcesses } from './cli-process.js';
import { type DockerInstruction, execForm, readDockerfile, stageEnv } from './dockerfile.js';
import { freePort, type RedisServer, startRedisServer } from './redis-server.js';

// What the Docker image holds, proven without Docker: the Dockerfile's build stage ends in scripts/deploy-gateway.sh,
// whose output the runtime stage copies to /app. This test runs the same script into a temporary directory and starts
// the gateway from there the way the image does (its ENTRYPOINT, CMD, ENV, WORKDIR and HEALTHCHECK, with /app and
// /etc/modelmux moved into the directory and the listening address kept on 127.0.0.1), then runs the two gateways of
// deploy/compose.yaml with its config and a real Redis.

const root = new URL('../../../', import.meta.url).pathname;
let directory: string;
let app: string;
let instructions: DockerInstruction[];
let emulator: OpenAICompatibleEmulator;
let redis: RedisServer | undefined;

function run(
  command: string,
  args: string[],
  timeoutMs: number,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} took more than ${timeoutMs} ms: ${output}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const instruction = (keyword: string, stage = 'runtime') =>
  instructions.find((candidate) => candidate.keyword === keyword && candidate.stage === stage);

/** An image path (`/app/…`, `/etc/modelmux/…`) moved into the test's directory. */
function local(path: string): string {
  return path.replace(/^\/app(?=\/|$)/, app).replace(/^\/etc\/modelmux(?=\/|$)/, join(directory, 'etc'));
}

/** Starts the deployed gateway as the image does, with `config` in place of the mounted file. */
async function startDeployed(
  config: string,
  env: Record<string, string>,
): Promise<{ gateway: CliProcess; url: string }> {
  const [program, ...entrypoint] = execForm(instruction('ENTRYPOINT')).map(local);
  expect(program).toBe('node');
  const command = execForm(instruction('CMD')).map(local);
  const configIndex = command.indexOf('--config') + 1;
  await mkdir(join(directory, 'etc'), { recursive: true });
  await writeFile(command[configIndex] as string, config);
  const workdir = join(directory, 'data');
  await mkdir(workdir, { recursive: true });
  const port = String(await freePort());
  const gateway = startProcess(process.execPath, [...entrypoint, ...command], {
    cwd: workdir,
    env: {
      ...stageEnv(instructions, 'runtime'),
      // Tests listen on loopback only; the image's 0.0.0.0 is checked below.
      MODELMUX_SERVER__HOST: '127.0.0.1',
      MODELMUX_SERVER__PORT: port,
      NODE_PATH: undefined,
      ...env,
    },
  });
  await gateway.waitFor(/Server listening at http:\/\/127\.0\.0\.1:\d+/, 20_000);
  return { gateway, url: `http://127.0.0.1:${port}` };
}

/** Runs the image's HEALTHCHECK command against a gateway on `port`; resolves with its exit code. */
async function healthCheck(port: string): Promise<number | null> {
  const [program, ...args] = execForm(instruction('HEALTHCHECK'));
  expect(program).toBe('node');
  const check = startProcess(process.execPath, args, { env: { MODELMUX_SERVER__PORT: port } });
  return check.exited(10_000);
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'modelmux-deploy-'));
  app = join(directory, 'app');
  instructions = await readDockerfile(join(root, 'Dockerfile'));
  emulator = await startOpenAICompatibleEmulator({ apiKey: 'sk-deploy-test-key-0000' });
  const deploy = await run('bash', ['scripts/deploy-gateway.sh', app], 180_000);
  expect(deploy.code, deploy.output).toBe(0);
}, 200_000);
afterEach(stopAllCliProcesses);
afterAll(async () => {
  await redis?.stop();
  await emulator?.close();
  if (directory !== undefined) await rm(directory, { recursive: true, force: true });
});

describe('the Docker image content (scripts/deploy-gateway.sh)', () => {
  it('is what the Dockerfile builds: the deploy script output as /app, a non-root user, a health check', () => {
    expect(instructions.filter((each) => each.keyword === 'FROM').map((each) => each.stage)).toEqual([
      'build',
      'runtime',
    ]);
    expect(instruction('RUN', 'build')).toBeDefined();
    expect(
      instructions.some(
        (each) => each.stage === 'build' && /scripts\/deploy-gateway\.sh \/out$/.test(each.text),
      ),
    ).toBe(true);
    expect(instruction('COPY')?.text).toBe('--from=build /out /app');
    expect(instruction('USER')?.text).toBe('node');
    expect(execForm(instruction('ENTRYPOINT'))).toEqual(['node', '/app/dist/cli.js']);
    expect(stageEnv(instructions, 'runtime')).toMatchObject({
      NODE_ENV: 'production',
      MODELMUX_SERVER__HOST: '0.0.0.0',
      MODELMUX_SERVER__PORT: '8080',
    });
  });

  it('holds the built gateway and its production dependencies only', async () => {
    await access(join(app, 'dist/cli.js'));
    for (const absent of [
      'src',
      'test',
      'node_modules/openai',
      'node_modules/vitest',
      'node_modules/js-yaml',
    ])
      await expect(access(join(app, absent)), absent).rejects.toThrow(/ENOENT/);
    const manifest = JSON.parse(await readFile(join(app, 'package.json'), 'utf8')) as { name: string };
    expect(manifest.name).toBe('@modelmux/gateway');
  });

  it('serves a config from the deployed files, passes its health check and drains on SIGTERM', async () => {
    const { gateway, url } = await startDeployed(
      [
        '[providers.vllm]',
        'type = "openai-compatible"',
        `base_url = "${emulator.url}"`,
        'api_key = { env = "UPSTREAM_KEY" }',
        '[models.chat]',
        'targets = ["vllm:m"]',
      ].join('\n'),
      { UPSTREAM_KEY: 'sk-deploy-test-key-0000' },
    );
    expect(await healthCheck(new URL(url).port)).toBe(0);
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const completion = await client.chat.completions.create({
      model: 'chat',
      messages: [{ role: 'user', content: 'Hello' }],
    });
    expect(completion.choices[0]?.message.content).toMatch(/\S/);
    // A stored response goes to the default SQLite store in the working directory: the native module works.
    const stored = await client.responses.create({ model: 'chat', input: 'Remember 7.' });
    expect((await client.responses.retrieve(stored.id)).id).toBe(stored.id);
    await access(join(directory, 'data/.modelmux/responses.sqlite'));
    gateway.kill('SIGTERM');
    expect(await gateway.exited()).toBe(0);
    expect(await healthCheck(new URL(url).port)).toBe(1);
  });

  it('runs deploy/compose.yaml: two gateways with its config share stored responses through Redis', async () => {
    const compose = load(await readFile(join(root, 'deploy/compose.yaml'), 'utf8')) as {
      services: Record<string, Record<string, unknown>>;
    };
    const gateways = Object.entries(compose.services).filter(
      ([, service]) => (service.build as { dockerfile?: string } | undefined)?.dockerfile === 'Dockerfile',
    );
    expect(gateways.map(([name]) => name)).toEqual(['gateway-1', 'gateway-2']);
    const nginx = await readFile(join(root, 'deploy/nginx.conf'), 'utf8');
    const configTarget = execForm(instruction('CMD')).at(-1) as string;
    const port = stageEnv(instructions, 'runtime').MODELMUX_SERVER__PORT;
    for (const [name, service] of gateways) {
      expect(service.volumes).toEqual([`./modelmux.toml:${configTarget}:ro`]);
      expect((service.environment as Record<string, string>).REDIS_URL).toBe('redis://redis:6379/0');
      expect(nginx).toContain(`server ${name}:${port} resolve;`);
    }
    expect(compose.services.redis).toBeDefined();

    redis = await startRedisServer();
    const config = await readFile(join(root, 'deploy/modelmux.toml'), 'utf8');
    const env = {
      REDIS_URL: redis.url,
      OPENAI_API_KEY: 'sk-deploy-test-key-0000',
      OPENAI_BASE_URL: emulator.url,
    };
    const first = await startDeployed(config, env);
    const second = await startDeployed(config, env);
    const clientOf = (url: string) => new OpenAI({ baseURL: `${url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const created = await clientOf(first.url).responses.create({ model: 'chat', input: 'Remember 7.' });
    // The other replica finds it, and continues the conversation from it.
    expect((await clientOf(second.url).responses.retrieve(created.id)).id).toBe(created.id);
    const next = await clientOf(second.url).responses.create({
      model: 'chat',
      input: 'And 8.',
      previous_response_id: created.id,
    });
    expect(next.status).toBe('completed');
    for (const { gateway } of [first, second]) gateway.kill('SIGTERM');
    expect(await Promise.all([first.gateway.exited(), second.gateway.exited()])).toEqual([0, 0]);
  });
});
