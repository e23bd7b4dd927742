import type { ConfigPreset } from '../config-preset.js';
import { lines, tomlString } from '../toml-text.js';

/** Azure OpenAI with an API key from the environment. */
export const azurePreset: ConfigPreset = {
  name: 'azure',
  summary: 'Azure OpenAI (an API key from the environment; Entra ID as an alternative)',
  questions: [
    { option: 'endpoint', prompt: 'Endpoint (custom domain, private endpoint or proxy)', asked: false },
    {
      option: 'resource',
      prompt: 'Azure OpenAI resource name (https://<name>.openai.azure.com)',
      skippedWhen: (answers) => answers.endpoint !== undefined,
    },
    { option: 'deployment', prompt: 'Deployment name', defaultValue: 'gpt-4o' },
    {
      option: 'api-key-env',
      prompt: 'Environment variable holding the API key',
      defaultValue: 'AZURE_OPENAI_API_KEY',
      asked: false,
    },
  ],
  provider(answers) {
    const variable = answers['api-key-env'] as string;
    const endpoint = answers.endpoint;
    return {
      instanceId: 'azure',
      target: `azure:${answers.deployment}`,
      secretVariables: [variable],
      toml: lines(
        '# Azure OpenAI: the v1 API, model names are deployment names.',
        '[providers.azure]',
        'type = "azure-openai"',
        // Both given: written both, so that `config init` reports the conflict the way validate does.
        answers.resource === undefined
          ? undefined
          : `resource = ${tomlString(answers.resource)}   # https://<resource>.openai.azure.com (or: endpoint = "https://…")`,
        endpoint === undefined ? undefined : `endpoint = ${tomlString(endpoint)}`,
        `api_key = { env = ${tomlString(variable)} }   # read from the environment at boot`,
        '# Microsoft Entra ID instead of a key (remove api_key): DefaultAzureCredential, or a client secret:',
        '#   entra = { type = "default" }',
        '#   entra = { type = "client_secret", tenant_id = "…", client_id = "…", client_secret = { env = "AZURE_CLIENT_SECRET" } }',
        '# Names clients use → deployment names (a name not listed is used as the deployment name):',
        '#   deployments = { "gpt-4o" = "my-gpt-4o-deployment" }',
      ),
    };
  },
};
