export { type BuildAppOptions, buildApp } from './app.js';
export type { GatewayConfig, GatewayConfigInput } from './config/gateway-config-schema.js';
export {
  loadGatewayConfig,
  parseGatewayConfig,
  parseGatewayConfigToml,
} from './config/load-gateway-config.js';
export { DEMO_AWS_KEYS, DEMO_BEDROCK_MODEL, DEMO_CLAUDE_MODEL, demoConfig } from './demo-config.js';
export { installedApiPlugins, installedProviderPlugins } from './installed-plugins.js';
export { type StartedServer, startServer } from './server.js';
