import { describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../config/load-gateway-config.js';
import { perProcessStateWarnings } from './per-process-state-warnings.js';

const limitedKey = { name: 'team', key: 'k-1234567890', rpm: 60 };

describe('perProcessStateWarnings', () => {
  it('warns about the memory response store and per-key limits counted in memory', () => {
    const config = parseGatewayConfig({ responses: { store: 'memory' }, auth: { keys: [limitedKey] } });
    const warnings = perProcessStateWarnings(config, 3);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(
      /^responses\.store = "memory" keeps stored responses in each of the 3 workers/,
    );
    expect(warnings[1]).toMatch(/^the rpm\/tpm limits of "team" are counted by each worker/);
  });

  it('says nothing when the state is shared: SQLite or Redis responses, limits counted in Redis', () => {
    const shared = parseGatewayConfig({
      responses: { store: 'sqlite' },
      auth: { keys: [limitedKey], rate_limit_store: 'redis', redis_url: 'redis://127.0.0.1:6379' },
    });
    expect(perProcessStateWarnings(shared, 3)).toEqual([]);
    expect(
      perProcessStateWarnings(parseGatewayConfig({ auth: { keys: [{ name: 'open', key: 'k' }] } }), 2),
    ).toEqual([]);
  });
});
