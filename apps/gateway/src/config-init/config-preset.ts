/** One value a preset needs: given as `--<option>`, asked in a terminal, or its default. */
export interface PresetQuestion {
  /** The command-line option, e.g. `project` for `--project`. */
  option: string;
  /** What a terminal user is asked, e.g. `Google Cloud project id`. */
  prompt: string;
  /** Used when the value is neither given nor answered; a question without one must be answered. */
  defaultValue?: string;
  /** False: a flag only, never asked (base URLs of proxies, variable names). Default true. */
  asked?: boolean;
  /** Not needed (neither asked nor required) given the answers so far, e.g. `--resource` when `--endpoint` is set. */
  skippedWhen?(answers: Readonly<PresetAnswers>): boolean;
}

/** The values collected for a preset, by option name. */
export type PresetAnswers = Record<string, string | undefined>;

/** What a preset contributes to the config file. */
export interface PresetProvider {
  /** The provider instance id, e.g. `vertex`. */
  instanceId: string;
  /** The `[providers.<id>]` table, with comments. */
  toml: string;
  /** The `instance:model` reference the alias points at. */
  target: string;
  /** Environment variables the config reads secrets from, to tell the user to export. */
  secretVariables: string[];
}

/** A `config init --preset` choice. */
export interface ConfigPreset {
  name: string;
  /** One line: what the preset is for. */
  summary: string;
  questions: readonly PresetQuestion[];
  provider(answers: Readonly<PresetAnswers>): PresetProvider;
}
