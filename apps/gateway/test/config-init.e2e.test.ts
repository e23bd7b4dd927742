import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTestServiceAccountKey,
  startAzureOpenAIEmulator,
  startBedrockEmulator,
  startOpenAICompatibleEmulator,
  startVertexEmulator,
} from '@modelmux/testkit';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI_PATH, runCliToEnd, startCli, startProcess, stopAllCliProcesses } from './cli-process.js';

// `modelmux config init` as a user runs it: each preset's file is accepted by `config validate`, and `serve` boots
// on it against the emulator of its upstream (the preset's base URL / endpoint option points there) and answers a
// chat completion for the alias it wrote.

let directory: string;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'modelmux-config-init-'));
});
afterEach(async () => {
  await stopAllCliProcesses();
  await Promise.all(closers.splice(0).map((close) => close()));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** What one preset's test needs: the init options pointing at its emulator, and the environment for its secrets. */
interface PresetSetup {
  options: string[];
  env: Record<string, string | undefined>;
  /** Values the config must not contain (secrets are references, never written). */
  secrets: string[];
  /** The model id the emulator was asked for. */
  upstreamModel(): string | undefined;
}

const AWS_KEYS = { accessKeyId: 'AKIDPRESETTEST', secretAccessKey: 'preset-test-secret-key' };

const setups: Record<string, () => Promise<PresetSetup>> = {
  async vertex() {
    const emulator = await startVertexEmulator();
    closers.push(() => emulator.close());
    // Application Default Credentials: the key file GOOGLE_APPLICATION_CREDENTIALS names, its token_uri the emulator's.
    const serviceAccount = createTestServiceAccountKey({
      tokenUri: emulator.tokenUrl,
      projectId: 'preset-project',
    });
    emulator.registerServiceAccount(serviceAccount.publicKeyPem);
    const keyFile = join(directory, 'service-account.json');
    await writeFile(keyFile, JSON.stringify(serviceAccount.key));
    return {
      options: ['--project', 'preset-project', '--region', 'us-east5', '--base-url', emulator.url],
      env: { GOOGLE_APPLICATION_CREDENTIALS: keyFile },
      secrets: [serviceAccount.key.private_key as string],
      upstreamModel: () => emulator.requests.at(-1)?.modelId,
    };
  },
  async bedrock() {
    const emulator = await startBedrockEmulator({ region: 'eu-central-1', credentials: AWS_KEYS });
    closers.push(() => emulator.close());
    return {
      options: ['--region', 'eu-central-1', '--endpoint', emulator.url],
      // The standard AWS chain finds the keys in the environment (and nothing else: no profile, no metadata).
      env: {
        AWS_ACCESS_KEY_ID: AWS_KEYS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: AWS_KEYS.secretAccessKey,
        AWS_SESSION_TOKEN: undefined,
        AWS_PROFILE: undefined,
        AWS_CONFIG_FILE: join(directory, 'no-aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(directory, 'no-aws-credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      secrets: [AWS_KEYS.secretAccessKey],
      upstreamModel: () => emulator.requests.at(-1)?.modelId,
    };
  },
  async azure() {
    const emulator = await startAzureOpenAIEmulator({ apiKey: 'azure-preset-test-key' });
    closers.push(() => emulator.close());
    return {
      options: ['--endpoint', emulator.endpoint, '--deployment', 'gpt-4o-mini'],
      env: { AZURE_OPENAI_API_KEY: 'azure-preset-test-key' },
      secrets: ['azure-preset-test-key'],
      upstreamModel: () => {
        const request = emulator.requests.at(-1);
        return request === undefined ? undefined : (request.body as { model?: string }).model;
      },
    };
  },
  async vllm() {
    const emulator = await startOpenAICompatibleEmulator({ apiKey: 'vllm-preset-test-key' });
    closers.push(() => emulator.close());
    return {
      options: ['--base-url', emulator.url, '--model', 'Qwen/Qwen3-8B', '--api-key-env', 'VLLM_API_KEY'],
      env: { VLLM_API_KEY: 'vllm-preset-test-key' },
      secrets: ['vllm-preset-test-key'],
      upstreamModel: () => (emulator.requests.at(-1)?.body as { model?: string } | undefined)?.model,
    };
  },
  async openai() {
    const emulator = await startOpenAICompatibleEmulator({ apiKey: 'sk-preset-test-key-0000' });
    closers.push(() => emulator.close());
    return {
      options: ['--base-url', emulator.url, '--model', 'gpt-4.1-mini'],
      env: { OPENAI_API_KEY: 'sk-preset-test-key-0000' },
      secrets: ['sk-preset-test-key-0000'],
      upstreamModel: () => (emulator.requests.at(-1)?.body as { model?: string } | undefined)?.model,
    };
  },
};

const expectedUpstreamModel: Record<string, string> = {
  vertex: 'claude-sonnet-4-5@20250929',
  bedrock: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
  azure: 'gpt-4o-mini',
  vllm: 'Qwen/Qwen3-8B',
  openai: 'gpt-4.1-mini',
};

describe('modelmux config init', () => {
  it.each(Object.keys(setups))(
    '--preset %s writes a commented config that validates, boots and answers through the alias',
    async (preset) => {
      const setup = await (setups[preset] as () => Promise<PresetSetup>)();
      const file = join(directory, `${preset}.toml`);
      const init = await runCliToEnd([
        'config',
        'init',
        '--preset',
        preset,
        '--output',
        file,
        ...setup.options,
      ]);
      expect(init.stderr).toBe('');
      expect(init).toMatchObject({ code: 0 });
      expect(init.stdout).toContain(`Wrote ${file} (preset ${preset}).`);
      const text = await readFile(file, 'utf8');
      expect(text).toMatch(/^# modelmux configuration for /);
      expect(text).toContain('[models.chat]');
      for (const secret of setup.secrets) expect(text).not.toContain(secret);
      for (const variable of Object.keys(setup.env).filter((name) => /API_KEY$/.test(name)))
        expect(text).toContain(`{ env = "${variable}" }`);

      const validate = await runCliToEnd(['config', 'validate', file], { env: setup.env });
      expect(validate.stderr).toBe('');
      expect(validate).toMatchObject({ code: 0, stdout: `${file} is valid: 1 provider(s), 1 alias(es)\n` });

      const serve = startCli(['serve', file, '--port', '0'], { env: setup.env, cwd: directory });
      const log = await serve.waitFor(/Server listening at http:\/\/127\.0\.0\.1:\d+/);
      const url = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(log)?.[1];
      const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'unused', maxRetries: 0 });
      const completion = await client.chat.completions.create({
        model: 'chat',
        messages: [{ role: 'user', content: 'Hello' }],
      });
      expect(completion.choices[0]?.message.content).toMatch(/\S/);
      expect(setup.upstreamModel()).toBe(expectedUpstreamModel[preset]);
      serve.kill('SIGTERM');
      expect(await serve.exited()).toBe(0);
    },
  );

  it('asks for the values it needs in a terminal, Enter taking the default', async () => {
    const file = join(directory, 'asked.toml');
    const command = [process.execPath, CLI_PATH, 'config', 'init', '--output', file]
      .map((word) => `'${word}'`)
      .join(' ');
    // util-linux `script` runs the command on a pseudo-terminal, as a user's shell would; the answers are typed in.
    const terminal = startProcess('script', ['-qec', command, '/dev/null'], {
      input: 'vertex\nmy-project\n\nclaude-opus-4-1@20250805\n',
    });
    expect(await terminal.exited()).toBe(0);
    for (const prompt of [
      'Preset (vertex, bedrock, azure, vllm, openai): ',
      'Google Cloud project id: ',
      'Vertex AI region [us-east5]: ',
      'Model id [claude-sonnet-4-5@20250929]: ',
    ])
      expect(terminal.stdout).toContain(prompt);
    const text = await readFile(file, 'utf8');
    expect(text).toContain('project = "my-project"');
    expect(text).toContain('region = "us-east5"');
    expect(text).toContain('targets = ["vertex:claude-opus-4-1@20250805"]');
  });

  it('refuses to overwrite without --force, and explains a missing or invalid value without writing', async () => {
    const file = join(directory, 'existing.toml');
    await writeFile(file, '# mine\n');
    const refused = await runCliToEnd(['config', 'init', '--preset', 'openai', '--output', file]);
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toContain(`${file} already exists; pass --force to overwrite it`);
    expect(await readFile(file, 'utf8')).toBe('# mine\n');
    const forced = await runCliToEnd(['config', 'init', '--preset', 'openai', '--output', file, '--force']);
    expect(forced.code).toBe(0);
    expect(await readFile(file, 'utf8')).toContain('[providers.openai]');

    const fresh = join(directory, 'never-written.toml');
    const cases: Array<[string[], number, RegExp]> = [
      [
        ['--preset', 'vertex'],
        2,
        /--preset vertex needs --project \(Google Cloud project id\), or run it in a terminal/,
      ],
      [['--preset', 'bedrok'], 2, /unknown preset "bedrok" \(did you mean "bedrock"\?\)/],
      [['--preset', 'bedrock', '--project', 'p'], 2, /--project does not apply to --preset bedrock/],
      [[], 2, /choose a preset: --preset vertex\|bedrock\|azure\|vllm\|openai/],
      [
        ['--preset', 'bedrock', '--region', 'Frankfurt'],
        1,
        /providers\.bedrock\.region: must be an AWS region .*\(from --region\)/,
      ],
      [
        ['--preset', 'azure', '--resource', 'r', '--endpoint', 'https://r.example.com'],
        1,
        /set exactly one of resource or endpoint/,
      ],
    ];
    for (const [options, code, message] of cases) {
      const result = await runCliToEnd(['config', 'init', '--output', fresh, ...options]);
      expect(result.code, options.join(' ')).toBe(code);
      expect(result.stderr).toMatch(message);
      await expect(readFile(fresh, 'utf8')).rejects.toThrow(/ENOENT/);
    }
  });
});
