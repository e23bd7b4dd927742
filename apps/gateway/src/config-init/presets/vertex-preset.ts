import type { ConfigPreset } from '../config-preset.js';
import { lines, tomlString } from '../toml-text.js';

/** Claude (and Gemini) on Google Vertex AI, with Application Default Credentials. */
export const vertexPreset: ConfigPreset = {
  name: 'vertex',
  summary: 'Claude and Gemini on Google Vertex AI (Application Default Credentials)',
  questions: [
    { option: 'project', prompt: 'Google Cloud project id' },
    { option: 'region', prompt: 'Vertex AI region', defaultValue: 'us-east5' },
    { option: 'model', prompt: 'Model id', defaultValue: 'claude-sonnet-4-5@20250929' },
    { option: 'base-url', prompt: 'Base URL (private endpoint or proxy)', asked: false },
  ],
  provider(answers) {
    const baseUrl = answers['base-url'];
    return {
      instanceId: 'vertex',
      target: `vertex:${answers.model}`,
      secretVariables: [],
      toml: lines(
        '# Claude and Gemini on Google Vertex AI.',
        '[providers.vertex]',
        'type = "vertex"',
        `project = ${tomlString(answers.project as string)}`,
        `region = ${tomlString(answers.region as string)}   # a region, a multi-region (us, eu) or global; the model must be served there`,
        '# Application Default Credentials: the service-account key file GOOGLE_APPLICATION_CREDENTIALS names,',
        '# `gcloud auth application-default login`, or the metadata server on Google Cloud. Alternatives:',
        '#   credentials = { type = "service_account_file", path = "/secrets/service-account.json" }',
        '#   credentials = { type = "service_account_json", json = { env = "GOOGLE_SERVICE_ACCOUNT_JSON" } }',
        'credentials = { type = "adc" }',
        baseUrl === undefined
          ? '# base_url = "https://…"   # a private endpoint or a proxy instead of the regional host'
          : `base_url = ${tomlString(baseUrl)}`,
      ),
    };
  },
};
