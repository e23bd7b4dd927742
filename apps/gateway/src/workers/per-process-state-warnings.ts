import type { GatewayConfig } from '../config/gateway-config-schema.js';

/**
 * What a config keeps in each process's memory, which `serve --workers` does not share between workers: the memory
 * response store and per-key rate limits counted in memory. One warning for each.
 */
export function perProcessStateWarnings(config: GatewayConfig, workers: number): string[] {
  const warnings: string[] = [];
  if (config.responses.store === 'memory')
    warnings.push(
      `responses.store = "memory" keeps stored responses in each of the ${workers} workers: a previous_response_id ` +
        'or GET /v1/responses/{id} that reaches another worker is not found. Use store = "sqlite" (shared by the ' +
        'workers of one machine) or "redis".',
    );
  const limited = config.auth.keys.filter((key) => key.rpm !== undefined || key.tpm !== undefined);
  if (limited.length > 0 && config.auth.rate_limit_store === 'memory')
    warnings.push(
      `the rpm/tpm limits of ${limited.map((key) => `"${key.name}"`).join(', ')} are counted by each worker ` +
        `(auth.rate_limit_store = "memory"): with ${workers} workers a key may use up to ${workers} times its ` +
        'limit. Set auth.rate_limit_store = "redis" to count them together.',
    );
  return warnings;
}
