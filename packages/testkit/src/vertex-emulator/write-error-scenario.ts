import { googleError } from './google-error.js';
import type { VertexEmulatorScenario } from './vertex-emulator-scenario.js';
import type { VertexExchange } from './vertex-exchange.js';

/** The `error` scenario. */
export type ErrorScenario = Extract<VertexEmulatorScenario, { kind: 'error' }>;

/** The `retry-after` the emulator sends with a 429 when the scenario gives no headers, in seconds. */
export const DEFAULT_RETRY_AFTER_SECONDS = 2;

/** Answers with the scenario's status and body (default: Google's shape); a string body is sent as is. */
export function writeErrorScenario(exchange: VertexExchange, scenario: ErrorScenario): void {
  const headers =
    scenario.headers ??
    (scenario.status === 429 ? { 'retry-after': String(DEFAULT_RETRY_AFTER_SECONDS) } : undefined);
  const body = scenario.body ?? googleError(scenario.status);
  exchange.send(scenario.status, typeof body === 'string' ? body : JSON.stringify(body), headers);
}
