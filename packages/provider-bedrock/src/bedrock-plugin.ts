import { defineProviderPlugin } from '@modelmux/core';
import { BEDROCK_PROVIDER_TYPE, createBedrockProvider } from './bedrock-provider.js';
import { bedrockSettingsSchema } from './bedrock-settings.js';

/** The `bedrock` provider plugin: Converse / ConverseStream chat and InvokeModel embeddings on AWS Bedrock. */
export const bedrockPlugin = defineProviderPlugin({
  name: '@modelmux/provider-bedrock',
  type: BEDROCK_PROVIDER_TYPE,
  core: '^1.0.0',
  settingsSchema: bedrockSettingsSchema,
  create: createBedrockProvider,
});
