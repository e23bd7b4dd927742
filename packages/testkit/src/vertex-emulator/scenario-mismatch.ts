import { googleError } from './google-error.js';
import type { VertexEmulatorScenario } from './vertex-emulator-scenario.js';
import type { VertexExchange } from './vertex-exchange.js';

/**
 * Answers a request whose queued scenario belongs to another publisher (say, a `gemini-response` for a Claude
 * request) with a 500 that names the mistake, so that a misconfigured test fails loudly.
 */
export function writeScenarioMismatch(
  exchange: VertexExchange,
  scenario: VertexEmulatorScenario,
  publisher: string,
): void {
  exchange.sendJson(
    500,
    googleError(
      500,
      `Vertex emulator misuse: the next queued scenario is '${scenario.kind}', which cannot answer a publishers/${publisher} request`,
    ),
  );
}
