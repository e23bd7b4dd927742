import type { EmulatorExchange } from '../shared/emulator-exchange.js';
import type { AzureEmulatorScenario } from './azure-emulator-scenario.js';
import { type AzureOperationName, promptFilteredError, rateLimitedError } from './azure-error.js';

const DEFAULT_RETRY_AFTER_SECONDS = 1;

/**
 * Answers with Azure's 429: `retry-after` (seconds), `retry-after-ms`, the remaining-quota headers and the rate
 * limiter's `{"error": {"code": "429", …}}` body naming the operation and API version.
 */
export function writeRateLimited(
  exchange: EmulatorExchange,
  scenario: Extract<AzureEmulatorScenario, { kind: 'rate-limited' }>,
  operation: AzureOperationName,
  apiVersion: string,
): void {
  const seconds = scenario.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
  const limit = scenario.limit ?? 'token';
  exchange.sendJson(429, rateLimitedError(operation, apiVersion, limit, seconds), {
    'retry-after': String(seconds),
    'retry-after-ms': String(scenario.retryAfterMs ?? seconds * 1000),
    'x-ratelimit-remaining-requests': limit === 'call' ? '0' : '1',
    'x-ratelimit-remaining-tokens': limit === 'token' ? '0' : '1000',
  });
}

/** Answers with Azure's 400 for a prompt its content filter blocked. */
export function writePromptFiltered(
  exchange: EmulatorExchange,
  scenario: Extract<AzureEmulatorScenario, { kind: 'content-filter-prompt' }>,
): void {
  exchange.sendJson(
    400,
    promptFilteredError(
      scenario.category ?? 'hate',
      scenario.severity ?? 'high',
      scenario.spelling ?? 'innererror',
    ),
  );
}
