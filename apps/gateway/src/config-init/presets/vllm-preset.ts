import type { ConfigPreset } from '../config-preset.js';
import { lines, tomlString } from '../toml-text.js';

/** A vLLM server (or any server speaking OpenAI's Chat Completions). */
export const vllmPreset: ConfigPreset = {
  name: 'vllm',
  summary: 'a vLLM server (or Ollama, LM Studio, llama.cpp: anything that speaks Chat Completions)',
  questions: [
    {
      option: 'base-url',
      prompt: 'Base URL of the server, with /v1',
      defaultValue: 'http://127.0.0.1:8000/v1',
    },
    { option: 'model', prompt: 'Model the server serves', defaultValue: 'meta-llama/Llama-3.1-8B-Instruct' },
    { option: 'api-key-env', prompt: 'Environment variable holding the API key', asked: false },
  ],
  provider(answers) {
    const variable = answers['api-key-env'];
    const model = answers.model as string;
    return {
      instanceId: 'vllm',
      target: `vllm:${model}`,
      secretVariables: variable === undefined ? [] : [variable],
      toml: lines(
        '# A vLLM server: its OpenAI-compatible API.',
        '[providers.vllm]',
        'type = "openai-compatible"',
        `base_url = ${tomlString(answers['base-url'] as string)}`,
        variable === undefined
          ? '# api_key = { env = "VLLM_API_KEY" }   # when vLLM runs with --api-key'
          : `api_key = { env = ${tomlString(variable)} }   # read from the environment at boot`,
        '',
        '# Defaults for requests that do not set them, per model:',
        `[providers.vllm.models.${tomlString(model)}]`,
        '# max_output_tokens = 1024',
        '# temperature = 0.7',
      ),
    };
  },
};
