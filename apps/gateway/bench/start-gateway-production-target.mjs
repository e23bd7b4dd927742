import { GATEWAY_ENTRY } from './built-entries.mjs';

/** The gateway API key the load client sends to the production target. */
export const PRODUCTION_BENCH_KEY = 'mmx-bench-production-key';

/** Far above what a run reaches: the limits are checked on every request but never refuse one. */
const UNREACHED_LIMIT = 1_000_000_000;

/**
 * The real gateway from `dist/` as a platform team would run it: every API request needs a gateway API key that
 * carries requests- and tokens-per-minute limits; the alias `demo` spreads its calls over two weighted targets (both on
 * the emulator) under the call policy's defaults (retries, first-byte and idle timeouts, retry budget, ejection);
 * Prometheus metrics are collected (always on). No logging, as for the other targets.
 */
export async function startGatewayProductionTarget(emulatorUrl) {
  const { demoConfig, parseGatewayConfig, startServer } = await import(GATEWAY_ENTRY.href);
  const input = demoConfig(emulatorUrl);
  const [instance] = Object.keys(input.providers);
  const config = parseGatewayConfig({
    ...input,
    server: { ...input.server, log_level: 'silent' },
    responses: { store: 'memory' },
    auth: {
      keys: [{ name: 'bench', key: PRODUCTION_BENCH_KEY, rpm: UNREACHED_LIMIT, tpm: UNREACHED_LIMIT }],
    },
    models: {
      ...input.models,
      demo: { targets: [`${instance}:emulator-model`, `${instance}:emulator-model-b`], weights: [1, 1] },
      embed: { targets: [`${instance}:text-embedding-3-small`] },
    },
  });
  const server = await startServer({ config, host: '127.0.0.1', port: 0 });
  return { url: server.url, close: () => server.close() };
}
