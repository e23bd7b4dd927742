import { GATEWAY_ENTRY } from './built-entries.mjs';

/** The real gateway from `dist/`, in front of the emulator with the demo config and no logging, on a free port. */
export async function startGatewayTarget(emulatorUrl) {
  const { demoConfig, parseGatewayConfig, startServer } = await import(GATEWAY_ENTRY.href);
  const input = demoConfig(emulatorUrl);
  const config = parseGatewayConfig({ ...input, server: { ...input.server, log_level: 'silent' } });
  const server = await startServer({ config, host: '127.0.0.1', port: 0 });
  return { url: server.url, close: () => server.close() };
}
