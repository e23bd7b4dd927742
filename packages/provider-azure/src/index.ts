import { azurePlugin } from './azure-plugin.js';

export default azurePlugin;
export { COGNITIVE_SERVICES_SCOPE } from './azure-authorizer.js';
export { AZURE_PROVIDER_TYPE, createAzureProvider } from './azure-provider.js';
export type { AzureEntraSettings, AzureSettings, AzureSettingsInput } from './azure-settings.js';
export { azurePlugin };
