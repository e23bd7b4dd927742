import type { ConfigPreset } from '../config-preset.js';
import { lines, tomlString } from '../toml-text.js';

/** OpenAI itself, with the Responses API passed through. */
export const openAIPreset: ConfigPreset = {
  name: 'openai',
  summary: 'OpenAI (an API key from the environment; the Responses API passed through)',
  questions: [
    { option: 'model', prompt: 'Model id', defaultValue: 'gpt-4.1' },
    { option: 'base-url', prompt: 'Base URL', defaultValue: 'https://api.openai.com/v1', asked: false },
    {
      option: 'api-key-env',
      prompt: 'Environment variable holding the API key',
      defaultValue: 'OPENAI_API_KEY',
      asked: false,
    },
  ],
  provider(answers) {
    const variable = answers['api-key-env'] as string;
    return {
      instanceId: 'openai',
      target: `openai:${answers.model}`,
      secretVariables: [variable],
      toml: lines(
        '# OpenAI. /v1/responses requests for it are forwarded as they are (it speaks the Responses API natively).',
        '[providers.openai]',
        'type = "openai-compatible"',
        `base_url = ${tomlString(answers['base-url'] as string)}`,
        `api_key = { env = ${tomlString(variable)} }   # read from the environment at boot`,
        'max_tokens_field = "max_completion_tokens"',
        'passthrough = ["responses"]',
      ),
    };
  },
};
