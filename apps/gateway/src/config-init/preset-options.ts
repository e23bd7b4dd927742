import type { CommandOption } from '../cli/cli-command.js';
import { UsageError } from '../cli/usage-error.js';
import { nearestWord } from '../config/nearest-word.js';
import type { ConfigPreset, PresetAnswers } from './config-preset.js';
import { CONFIG_PRESETS } from './presets/index.js';

/** The command whose `--help` usage errors point to. */
const CONFIG_INIT = 'config init';

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
export function presetOptions(): Record<string, CommandOption> {
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

export function findPreset(name: string): ConfigPreset {
  const preset = CONFIG_PRESETS.find((candidate) => candidate.name === name);
  if (preset !== undefined) return preset;
  const names = CONFIG_PRESETS.map((candidate) => candidate.name);
  const nearest = nearestWord(name, names);
  throw new UsageError(
    `unknown preset "${name}"${nearest === undefined ? '' : ` (did you mean "${nearest}"?)`}; choose one of: ${names.join(', ')}`,
    CONFIG_INIT,
  );
}

/** The preset options given on the command line; one the preset does not take is a usage error. */
export function givenAnswers(preset: ConfigPreset, values: Record<string, unknown>): PresetAnswers {
  const taken = new Set(preset.questions.map((question) => question.option));
  const given: PresetAnswers = {};
  for (const option of Object.keys(presetOptions())) {
    const value = values[option];
    if (typeof value !== 'string') continue;
    if (!taken.has(option)) {
      const list = [...taken].map((name) => `--${name}`).join(', ');
      throw new UsageError(
        `--${option} does not apply to --preset ${preset.name} (it takes ${list})`,
        CONFIG_INIT,
      );
    }
    given[option] = value;
  }
  return given;
}
