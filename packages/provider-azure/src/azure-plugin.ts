import { defineProviderPlugin } from '@modelmux/core';
import { AZURE_PROVIDER_TYPE, createAzureProvider } from './azure-provider.js';
import { azureSettingsSchema } from './azure-settings.js';

/** The `azure-openai` provider plugin: Azure OpenAI deployments over the v1 or the classic deployments API. */
export const azurePlugin = defineProviderPlugin({
  name: '@modelmux/provider-azure',
  type: AZURE_PROVIDER_TYPE,
  core: '^1.0.0',
  settingsSchema: azureSettingsSchema,
  create: createAzureProvider,
});
