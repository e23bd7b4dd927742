import type { GatewayConfig } from '../config/gateway-config-schema.js';

/**
 * What a config keeps in each process's memory, which `serve --workers` does not share between workers: the memory
 * response store and the per-key rate limits. One warning for each.
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
  if (limited.length > 0)
    warnings.push(
      `the rpm/tpm limits of ${limited.map((key) => `"${key.name}"`).join(', ')} are counted by each worker: with ` +
        `${workers} workers a key may use up to ${workers} times its limit. Divide the limits by the number of ` +
        'workers, or run one worker per gateway instance.',
    );
  return warnings;
}
