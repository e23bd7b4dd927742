import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse } from 'smol-toml';
import type { CliCommand } from '../cli/cli-command.js';
import type { CliContext } from '../cli/cli-context.js';
import { booleanOption, stringOption } from '../cli/option-values.js';
import { UsageError } from '../cli/usage-error.js';
import { formatConfigProblems } from '../config/config-problem.js';
import { findConfigValueProblems } from '../config/find-config-problems.js';
import { type Ask, collectPresetAnswers, MissingAnswerError } from '../config-init/collect-preset-answers.js';
import type { ConfigPreset, PresetAnswers } from '../config-init/config-preset.js';
import { findPreset, givenAnswers, presetOptions } from '../config-init/preset-options.js';
import { CONFIG_PRESETS } from '../config-init/presets/index.js';
import { renderConfigFile } from '../config-init/render-config-file.js';
import { createTerminalAsk } from '../config-init/terminal-ask.js';

const NAME = 'config init';
const DEFAULT_OUTPUT = 'modelmux.toml';
const DEFAULT_ALIAS = 'chat';

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
