import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OpenAICompatibleEmulator, startOpenAICompatibleEmulator } from '@modelmux/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCli, stopAllCliProcesses } from './cli-process.js';

// `modelmux serve --workers N` as an operator runs it: N processes share the port, a killed worker is replaced, and
// SIGTERM drains them all before the primary exits 0.

let directory: string;
let emulator: OpenAICompatibleEmulator;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'modelmux-workers-'));
  emulator = await startOpenAICompatibleEmulator({ recordRequests: false });
});
afterEach(stopAllCliProcesses);
afterAll(async () => {
  await emulator.close();
  await rm(directory, { recursive: true, force: true });
});

async function writeConfig(
  name: string,
  options: { provider?: string; extra?: string } = {},
): Promise<string> {
  const file = join(directory, name);
  await writeFile(
    file,
    [
      '[server]',
      'shutdown_timeout_ms = 5000',
      '[providers.vllm]',
      'type = "openai-compatible"',
      `base_url = "${emulator.url}"`,
      options.provider ?? '',
      '[models.chat]',
      'targets = ["vllm:m"]',
      options.extra ?? '',
    ].join('\n'),
  );
  return file;
}

/** A chat completion on a new connection (no keep-alive), so the kernel hands each to the next worker. */
function chatOnNewConnection(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'Hello' }] });
    const outgoing = request(
      `${url}/v1/chat/completions`,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json' }, timeout: 10_000 },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('request timed out')));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** The JSON log lines written so far. */
function logLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function listeningWorkers(stdout: string): number[] {
  return logLines(stdout)
    .filter(
      (line) =>
        line.role === 'primary' && typeof line.worker === 'number' && /listening/.test(String(line.msg)),
    )
    .map((line) => line.worker as number);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('modelmux serve --workers', () => {
  it('serves from every worker, replaces a killed one, and drains them all on SIGTERM', async () => {
    const file = await writeConfig('workers.toml', { extra: '[responses]\nstore = "memory"' });
    const serve = startCli(['serve', file, '--workers', '2', '--port', '0'], { cwd: directory });
    const started = await serve.waitFor(
      /modelmux serving at http:\/\/127\.0\.0\.1:\d+ with 2 workers/,
      20_000,
    );
    const url = /modelmux serving at (http:\/\/127\.0\.0\.1:\d+)/.exec(started)?.[1] as string;
    // The memory store is per worker: the primary says so.
    expect(started).toMatch(
      /responses\.store = \\"memory\\" keeps stored responses in each of the 2 workers/,
    );
    const workers = listeningWorkers(serve.stdout);
    expect(workers).toHaveLength(2);
    expect(workers).not.toContain(serve.child.pid);
    expect(workers.every(isRunning)).toBe(true);

    for (let index = 0; index < 10; index += 1) expect((await chatOnNewConnection(url)).status).toBe(200);
    // Each worker logs the requests it served under its own pid: both served some.
    await serve.waitFor(/(?:"msg":"request completed"[\s\S]*){10}/);
    const servedBy = new Set(
      logLines(serve.stdout)
        .filter((line) => line.msg === 'request completed')
        .map((line) => line.pid),
    );
    expect([...servedBy].sort()).toEqual([...workers].sort());

    // A worker that dies is replaced after a delay; the other one serves meanwhile.
    const [killed, survivor] = workers as [number, number];
    process.kill(killed, 'SIGKILL');
    await serve.waitFor(
      new RegExp(`worker ${killed} exited unexpectedly \\(signal SIGKILL\\); restarting it in \\d+ ms`),
    );
    expect((await chatOnNewConnection(url)).status).toBe(200);
    await serve.waitFor(/(?:"msg":"worker \d+ listening at [\s\S]*){3}/, 15_000);
    const replacement = listeningWorkers(serve.stdout).at(-1) as number;
    expect([killed, survivor]).not.toContain(replacement);
    expect(isRunning(replacement)).toBe(true);
    for (let index = 0; index < 4; index += 1) expect((await chatOnNewConnection(url)).status).toBe(200);

    serve.kill('SIGTERM');
    expect(await serve.exited(20_000)).toBe(0);
    expect(serve.stdout).toContain('"msg":"every worker stopped"');
    expect([survivor, replacement].filter(isRunning)).toEqual([]);
    // Its own waits for boots, the replacement and the drain add up to more than the default 30 s on a slow machine.
  }, 90_000);

  it('exits 1 without restarting when the workers cannot boot', async () => {
    const file = await writeConfig('broken.toml', {
      provider: 'api_key = { env = "MODELMUX_TEST_UNSET_KEY" }',
    });
    const serve = startCli(['serve', file, '--workers', '2', '--port', '0'], {
      cwd: directory,
      env: { MODELMUX_TEST_UNSET_KEY: undefined },
    });
    expect(await serve.exited(20_000)).toBe(1);
    expect(serve.stderr).toContain('environment variable MODELMUX_TEST_UNSET_KEY is not set');
    expect(serve.stdout).toMatch(/exited \(code 1\) before listening; stopping/);
    expect(serve.stdout).not.toContain('restarting');
  });
});
