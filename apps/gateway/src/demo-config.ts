import type { GatewayConfigInput } from './config/gateway-config-schema.js';

/** The no-credentials configuration: the gateway in front of the OpenAI-compatible emulator at `emulatorUrl`. */
export function demoConfig(emulatorUrl: string): GatewayConfigInput {
  return {
    providers: {
      emulator: { type: 'openai-compatible', base_url: emulatorUrl, models: { 'emulator-model': {} } },
    },
    models: { demo: { targets: ['emulator:emulator-model'] } },
  };
}
