import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse } from 'smol-toml';
import type { CliCommand, CommandOption } from '../cli/cli-command.js';
import type { CliContext } from '../cli/cli-context.js';
import { booleanOption, stringOption } from '../cli/option-values.js';
import { UsageError } from '../cli/usage-error.js';
import { formatConfigProblems } from '../config/config-problem.js';
import { findConfigValueProblems } from '../config/find-config-problems.js';
import { nearestWord } from '../config/nearest-word.js';
import { type Ask, collectPresetAnswers, MissingAnswerError } from '../config-init/collect-preset-answers.js';
import type { ConfigPreset, PresetAnswers } from '../config-init/config-preset.js';
import { CONFIG_PRESETS } from '../config-init/presets/index.js';
import { renderConfigFile } from '../config-init/render-config-file.js';
import { createTerminalAsk } from '../config-init/terminal-ask.js';

const NAME = 'config init';
const DEFAULT_OUTPUT = 'modelmux.toml';
const DEFAULT_ALIAS = 'chat';

/** What each preset option means, for `--help` (the presets that take it are listed before it). */
const OPTION_HELP: Readonly<Record<string, string>> = {
  project: 'the Google Cloud project id',
  region: 'the region (default us-east5 for vertex, us-east-1 for bedrock)',
  model: 'the upstream model id the alias points at',
  'base-url': 'the base URL (a private endpoint, a proxy, an emulator)',
  endpoint: 'the endpoint URL (a VPC endpoint, a custom domain, a proxy, an emulator)',
  resource: 'the resource name: https://<resource>.openai.azure.com',
  deployment: 'the deployment name (default gpt-4o)',
  'api-key-env': 'the environment variable the API key is read from',
};

/** Each preset question's option, described with the presets that take it. */
function presetOptions(): Record<string, CommandOption> {
  const users = new Map<string, { names: string[]; prompt: string }>();
  for (const preset of CONFIG_PRESETS)
    for (const question of preset.questions) {
      const entry = users.get(question.option) ?? { names: [], prompt: question.prompt };
      entry.names.push(preset.name);
      users.set(question.option, entry);
    }
  const options: Record<string, CommandOption> = {};
  for (const [option, { names, prompt }] of users)
    options[option] = {
      type: 'string',
      placeholder: '<value>',
      description: `${names.join(', ')}: ${OPTION_HELP[option] ?? prompt}`,
    };
  return options;
}

function findPreset(name: string): ConfigPreset {
  const preset = CONFIG_PRESETS.find((candidate) => candidate.name === name);
  if (preset !== undefined) return preset;
  const names = CONFIG_PRESETS.map((candidate) => candidate.name);
  const nearest = nearestWord(name, names);
  throw new UsageError(
    `unknown preset "${name}"${nearest === undefined ? '' : ` (did you mean "${nearest}"?)`}; choose one of: ${names.join(', ')}`,
    NAME,
  );
}

/** The preset options given on the command line; one the preset does not take is a usage error. */
function givenAnswers(preset: ConfigPreset, values: Record<string, unknown>): PresetAnswers {
  const taken = new Set(preset.questions.map((question) => question.option));
  const given: PresetAnswers = {};
  for (const option of Object.keys(presetOptions())) {
    const value = values[option];
    if (typeof value !== 'string') continue;
    if (!taken.has(option)) {
      const list = [...taken].map((name) => `--${name}`).join(', ');
      throw new UsageError(`--${option} does not apply to --preset ${preset.name} (it takes ${list})`, NAME);
    }
    given[option] = value;
  }
  return given;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function choosePreset(name: string | undefined, ask: Ask | undefined): Promise<ConfigPreset> {
  if (name !== undefined) return findPreset(name);
  if (ask === undefined)
    throw new UsageError(
      `choose a preset: --preset ${CONFIG_PRESETS.map((preset) => preset.name).join('|')}`,
      NAME,
    );
  const names = CONFIG_PRESETS.map((preset) => preset.name).join(', ');
  for (;;) {
    const answer = (await ask(`Preset (${names}): `)).trim();
    if (CONFIG_PRESETS.some((preset) => preset.name === answer)) return findPreset(answer);
  }
}

async function initialize(
  args: Parameters<CliCommand['run']>[0],
  context: CliContext,
  ask: Ask | undefined,
): Promise<number> {
  const preset = await choosePreset(stringOption(args, 'preset'), ask);
  const given = givenAnswers(preset, args.values);
  const output = stringOption(args, 'output') ?? DEFAULT_OUTPUT;
  const path = resolve(context.cwd, output);
  const force = booleanOption(args, 'force');
  if (!force && (await exists(path))) {
    context.stderr.write(`modelmux: ${output} already exists; pass --force to overwrite it\n`);
    return 1;
  }
  let answers: PresetAnswers;
  try {
    answers = await collectPresetAnswers(preset, given, ask);
  } catch (error) {
    if (error instanceof MissingAnswerError)
      throw new UsageError(
        `--preset ${preset.name} needs --${error.question.option} (${error.question.prompt}), or run it in a terminal to be asked`,
        NAME,
      );
    throw error;
  }
  const alias = stringOption(args, 'alias') ?? DEFAULT_ALIAS;
  const text = renderConfigFile({ preset, answers, alias, fileName: output });
  const { installedProviderPlugins } = await import('../installed-plugins.js');
  const problems = findConfigValueProblems(parse(text), installedProviderPlugins());
  if (problems.length > 0) {
    const options = new Set(preset.questions.map((question) => question.option));
    const fromOption = (path: string) => path.split('.').at(-1)?.replaceAll('_', '-') ?? '';
    const explained = problems.map((problem) =>
      options.has(fromOption(problem.path))
        ? { ...problem, message: `${problem.message} (from --${fromOption(problem.path)})` }
        : problem,
    );
    context.stderr.write(formatConfigProblems(`the ${preset.name} config (not written)`, explained));
    return 1;
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text, { flag: force ? 'w' : 'wx' });
  const secrets = preset.provider(answers).secretVariables;
  context.stdout.write(
    [
      `Wrote ${output} (preset ${preset.name}).`,
      ...(secrets.length === 0
        ? []
        : [
            `Before serving, export ${secrets.join(', ')} (the config reads ${secrets.length === 1 ? 'it' : 'them'} at boot).`,
          ]),
      `Check it: modelmux config validate ${output}`,
      `Run it:   modelmux serve --config ${output}`,
      '',
    ].join('\n'),
  );
  return 0;
}

/** `modelmux config init`: a minimal, commented, working config for one backend. */
export const configInitCommand: CliCommand = {
  name: ['config', 'init'],
  summary: 'write a minimal, commented config for one backend (vertex, bedrock, azure, vllm, openai)',
  synopsis: 'config init --preset <name> [--output <file>] [--force] [preset options]',
  description: [
    'Writes a config with one provider instance and one alias (clients send model = "chat"), comments explaining',
    'each value and the alternatives. Values come from the options below; in a terminal, the ones not given are',
    'asked (Enter takes the default in brackets); otherwise their defaults are used, and a value without one',
    'must be given. Secrets are never written: the config reads them from environment variables at boot.',
    '',
    'Presets:',
    ...CONFIG_PRESETS.map((preset) => `  ${preset.name.padEnd(9)}${preset.summary}`),
  ].join('\n'),
  options: {
    preset: { type: 'string', placeholder: '<name>', description: 'vertex, bedrock, azure, vllm or openai' },
    output: {
      type: 'string',
      short: 'o',
      placeholder: '<file>',
      description: `where to write the config (default ./${DEFAULT_OUTPUT})`,
    },
    force: { type: 'boolean', short: 'f', description: 'overwrite the file if it exists' },
    alias: {
      type: 'string',
      placeholder: '<name>',
      description: `the model name clients send (default ${DEFAULT_ALIAS})`,
    },
    ...presetOptions(),
  },
  examples: [
    'modelmux config init --preset vertex --project my-project --region us-east5',
    'modelmux config init --preset bedrock --region eu-central-1',
    'modelmux config init --preset azure --resource contoso --deployment gpt-4o',
    'modelmux config init --preset vllm --base-url http://10.0.0.5:8000/v1 --model Qwen/Qwen3-8B',
    'modelmux config init --preset openai --output /etc/modelmux/modelmux.toml',
  ],
  async run(args, context) {
    const terminal =
      context.stdin.isTTY === true ? createTerminalAsk(context.stdin, context.stdout) : undefined;
    try {
      return await initialize(args, context, terminal?.ask);
    } finally {
      terminal?.close();
    }
  },
};
