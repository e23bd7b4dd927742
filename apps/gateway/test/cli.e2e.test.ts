import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import OpenAI from 'openai';
import { afterAll, describe, expect, it } from 'vitest';

// The built `modelmux` CLI as a newcomer runs it: `modelmux demo` (no credentials), then real requests.

const cli = new URL('../dist/cli.js', import.meta.url).pathname;
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const child of children) {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }
});

function run(args: string[]): ChildProcess {
  const child = spawn(process.execPath, [cli, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, METADATA_SERVER_DETECTION: 'none', OPENAI_API_KEY: 'sk-example-key-for-validate' },
  });
  children.push(child);
  return child;
}

async function output(child: ChildProcess, until: RegExp, timeoutMs = 15_000): Promise<string> {
  let text = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${until} within ${timeoutMs} ms; got: ${text}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      if (until.test(text)) {
        clearTimeout(timer);
        resolve(text);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', () => {
      clearTimeout(timer);
      if (until.test(text)) resolve(text);
      else reject(new Error(`exited before ${until}; got: ${text}`));
    });
  });
}

describe('modelmux CLI', () => {
  it('demo serves every emulated upstream, chat and embeddings, and stops cleanly on SIGTERM', async () => {
    const child = run(['demo', '--port', '0']);
    const text = await output(child, /Try:/);
    const url = /gateway on (http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
    expect(url).toBeDefined();
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'none', maxRetries: 0 });
    for (const model of ['demo', 'claude', 'claude-bedrock', 'gpt-4o-azure']) {
      const completion = await client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: 'Hello' }],
      });
      expect(completion.choices[0]?.message.content).toMatch(/emulator/);
    }
    const embeddings = await client.embeddings.create({
      model: 'embed',
      input: ['first text', 'second text'],
    });
    expect(embeddings.data.map((item) => item.embedding.length)).toEqual([8, 8]);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('validates the shipped example config, and explains a broken one', async () => {
    const example = new URL('../../../config/modelmux.example.toml', import.meta.url).pathname;
    const valid = run(['config', 'validate', '--config', example]);
    valid.stdout?.setEncoding('utf8');
    const text = await output(valid, /is valid/);
    expect(text).toContain('2 provider(s), 2 alias(es)');
    const broken = run(['config', 'validate', '--config', '/nonexistent/modelmux.toml']);
    const failure = await output(broken, /MMX_CONFIG_INVALID/);
    expect(failure).toContain('cannot read the config file');
    const [code] = await once(broken, 'exit').catch(() => [broken.exitCode]);
    expect(code ?? broken.exitCode).toBe(1);
  });

  it('shows the effective config with secrets masked, and prints its version', async () => {
    const example = new URL('../../../config/modelmux.example.toml', import.meta.url).pathname;
    const show = run(['config', 'show', '--config', example]);
    const text = await output(show, /"providers"[\s\S]*\n}\n/);
    const shown = JSON.parse(text.slice(text.indexOf('{')));
    // A reference names the variable, not the secret, so it is shown; the secret's value never is.
    expect(shown.providers.openai.api_key).toEqual({ env: 'OPENAI_API_KEY' });
    expect(shown.server).toMatchObject({ host: '127.0.0.1', port: 8080 });
    expect(text).not.toContain('sk-example-key-for-validate');
    const version = await output(run(['--version']), /modelmux \d+\.\d+\.\d+/);
    expect(version).toMatch(/^modelmux \d+\.\d+\.\d+/);
  });
});
