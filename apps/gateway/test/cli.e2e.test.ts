import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliToEnd, startCli, stopAllCliProcesses } from './cli-process.js';

// The built `modelmux` CLI as a newcomer runs it: `modelmux demo` (no credentials), then real requests.

const example = new URL('../../../config/modelmux.example.toml', import.meta.url).pathname;

afterAll(stopAllCliProcesses);

describe('modelmux CLI', () => {
  it('demo serves every emulated upstream, chat and embeddings, and stops cleanly on SIGTERM', async () => {
    const demo = startCli(['demo', '--port', '0']);
    const text = await demo.waitFor(/Try:/);
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
    demo.kill('SIGTERM');
    expect(await demo.exited()).toBe(0);
  });

  it('validates the shipped example config, and explains a broken one', async () => {
    const env = { OPENAI_API_KEY: 'sk-example-key-for-validate' };
    const valid = await runCliToEnd(['config', 'validate', '--config', example], { env });
    expect(valid).toMatchObject({ code: 0 });
    expect(valid.stdout).toMatch(/modelmux\.example\.toml is valid: 2 provider\(s\), \d+ alias\(es\)\n$/);
    const broken = await runCliToEnd(['config', 'validate', '--config', '/nonexistent/modelmux.toml']);
    expect(broken.code).toBe(1);
    expect(broken.stdout + broken.stderr).toContain('cannot read the config file');
  });

  it('config validate lists every problem with its path and fix, from the positional file or --config', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'modelmux-validate-'));
    try {
      const file = join(directory, 'broken.toml');
      await writeFile(
        file,
        [
          '[server]',
          'prot = 8080',
          '[providers.vllm]',
          'type = "openai-compatible"',
          'base_url = "http://127.0.0.1:8000/v1"',
          'api_key = { env = "VLLM_API_KEY" }',
          '[models.fast]',
          'targets = ["vlm:m"]',
        ].join('\n'),
      );
      const env = { VLLM_API_KEY: undefined, MODELMUX_SERVER__LOG_LEVEL: 'loud' };
      const result = await runCliToEnd(['config', 'validate', file], { env });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        [
          `${file}: 4 problems`,
          '  - server.log_level: "loud" is not allowed here (set by MODELMUX_SERVER__LOG_LEVEL)',
          '    fix: use one of: "fatal", "error", "warn", "info", "debug", "trace", "silent"',
          '  - server.prot: unknown key "prot"',
          '    fix: did you mean "port"? Rename prot to port.',
          '  - models.fast.targets[0]: no provider instance "vlm" is configured',
          '    fix: did you mean "vllm"? the configured instances are: vllm',
          '  - providers.vllm.api_key: environment variable VLLM_API_KEY is not set',
          '    fix: export VLLM_API_KEY=<value> before starting modelmux (in a container: pass it in the environment)',
          '',
        ].join('\n'),
      );
      expect((await runCliToEnd(['config', 'validate', '--config', file], { env })).stderr).toBe(
        result.stderr,
      );
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('shows the effective config with secrets masked, and prints its version', async () => {
    const env = { OPENAI_API_KEY: 'sk-example-key-for-validate' };
    const show = await runCliToEnd(['config', 'show', '--config', example], { env });
    expect(show.code).toBe(0);
    const shown = JSON.parse(show.stdout);
    // A reference names the variable, not the secret, so it is shown; the secret's value never is.
    expect(shown.providers.openai.api_key).toEqual({ env: 'OPENAI_API_KEY' });
    expect(shown.server).toMatchObject({ host: '127.0.0.1', port: 8080 });
    expect(show.stdout).not.toContain('sk-example-key-for-validate');
    // The positional file works as well as --config.
    expect((await runCliToEnd(['config', 'show', example], { env })).stdout).toBe(show.stdout);
    for (const flag of ['--version', '-v']) {
      const version = await runCliToEnd([flag]);
      expect(version).toMatchObject({ code: 0, stderr: '' });
      expect(version.stdout).toMatch(/^modelmux \d+\.\d+\.\d+\n$/);
    }
  });

  it('prints the overview, and each command its own usage with --help', async () => {
    const overview = await runCliToEnd(['--help']);
    expect(overview.code).toBe(0);
    for (const command of ['serve', 'demo', 'config validate', 'config show', 'config init'])
      expect(overview.stdout).toContain(`  ${command} `);
    expect((await runCliToEnd([])).stdout).toBe(overview.stdout);
    for (const command of [
      ['serve'],
      ['demo'],
      ['config', 'validate'],
      ['config', 'show'],
      ['config', 'init'],
    ]) {
      const help = await runCliToEnd([...command, '--help']);
      expect(help).toMatchObject({ code: 0, stderr: '' });
      expect(help.stdout).toMatch(new RegExp(`^Usage: modelmux ${command.join(' ')} `));
      expect(help.stdout).toContain('-h, --help');
      // `help <command>` prints the same.
      expect((await runCliToEnd(['help', ...command])).stdout).toBe(help.stdout);
    }
    expect((await runCliToEnd(['serve', '--help'])).stdout).toContain('-w, --workers <n>');
    const group = await runCliToEnd(['config', '--help']);
    expect(group.stdout).toContain('Usage: modelmux config <command>');
    expect(group.stdout).not.toContain('  serve ');
  });

  it('explains a wrong command line with exit code 2 and a pointer to the usage', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['nope'], /unknown command: nope[\s\S]*modelmux --help/],
      [['config'], /config needs a subcommand: config validate, config show, config init/],
      [['serve', '--bogus'], /Unknown option '--bogus'[\s\S]*modelmux serve --help/],
      [['serve'], /serve needs a config file[\s\S]*modelmux serve --help/],
      [['serve', '--config', 'a.toml', '--port', 'eighty'], /--port must be an integer 0-65535, not eighty/],
      [['serve', 'a.toml', '--workers', '0'], /--workers must be a number from 1 to 1024 or auto, not 0/],
      [['config', 'show', 'a.toml', 'b.toml'], /unexpected argument: b.toml/],
    ];
    for (const [args, message] of cases) {
      const result = await runCliToEnd(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
    }
  });
});
