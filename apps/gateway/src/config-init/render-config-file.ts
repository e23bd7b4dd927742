import { tomlKey } from '../config/config-path.js';
import type { ConfigPreset, PresetAnswers } from './config-preset.js';
import { lines, tomlStringArray } from './toml-text.js';

export interface RenderConfigFileOptions {
  preset: ConfigPreset;
  answers: Readonly<PresetAnswers>;
  /** The alias clients send as `model`. */
  alias: string;
  /** The file name the comments refer to. */
  fileName: string;
}

/** The text of a new config file: a commented header, `[server]`, the preset's provider, its alias, hints. */
export function renderConfigFile(options: RenderConfigFileOptions): string {
  const { preset, alias, fileName } = options;
  const provider = preset.provider(options.answers);
  return `${lines(
    `# modelmux configuration for ${preset.summary}.`,
    `# Written by \`modelmux config init --preset ${preset.name}\`.`,
    `#   modelmux config validate ${fileName}   # every problem, with its fix`,
    `#   modelmux serve --config ${fileName}    # run the gateway`,
    '# Any value can also be set by a MODELMUX_… environment variable, the path in capitals with __ between its parts',
    `# (MODELMUX_SERVER__PORT=9090); "\${NAME}" in a string is replaced by the variable NAME at boot. Secrets are never`,
    '# written here: { env = "NAME" } reads one from the environment when the gateway starts.',
    '',
    '[server]',
    'host = "127.0.0.1"   # "0.0.0.0" to accept connections from other machines (in a container, for example)',
    'port = 8080',
    '',
    provider.toml,
    '',
    `# Clients send model = "${alias}"; "${provider.instanceId}:<model id>" reaches any model of the instance too.`,
    `[models.${tomlKey(alias)}]`,
    `targets = ${tomlStringArray([provider.target])}`,
    '',
    '# Stored Responses API responses (store: true, previous_response_id): a SQLite file by default; Redis for',
    '# several gateways behind a load balancer.',
    '# [responses]',
    `# store = "redis"   # or "sqlite" (default), "memory", "none"`,
    `# redis_url = "\${REDIS_URL}"`,
    '',
    '# Require an API key from clients (the API is open without [[auth.keys]]):',
    '# [[auth.keys]]',
    '# name = "team-a"',
    '# key = { env = "TEAM_A_GATEWAY_KEY" }',
  )}\n`;
}
