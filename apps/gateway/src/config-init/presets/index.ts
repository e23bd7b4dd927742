import type { ConfigPreset } from '../config-preset.js';
import { azurePreset } from './azure-preset.js';
import { bedrockPreset } from './bedrock-preset.js';
import { openAIPreset } from './openai-preset.js';
import { vertexPreset } from './vertex-preset.js';
import { vllmPreset } from './vllm-preset.js';

/** Every `config init --preset` choice, in the order `--help` lists them. */
export const CONFIG_PRESETS: readonly ConfigPreset[] = [
  vertexPreset,
  bedrockPreset,
  azurePreset,
  vllmPreset,
  openAIPreset,
];
