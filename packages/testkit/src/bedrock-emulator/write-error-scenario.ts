import type { BedrockEmulatorScenario } from './bedrock-emulator-scenario.js';
import { bedrockErrorType, sendBedrockError } from './bedrock-error.js';
import type { BedrockExchange } from './bedrock-exchange.js';

/** The `error` scenario. */
export type ErrorScenario = Extract<BedrockEmulatorScenario, { kind: 'error' }>;

/** Answers with the scenario's status, `{message}` and `x-amzn-errortype` (default: Bedrock's type for the status). */
export function writeErrorScenario(exchange: BedrockExchange, scenario: ErrorScenario): void {
  sendBedrockError(
    exchange,
    scenario.status,
    scenario.errorType ?? bedrockErrorType(scenario.status),
    scenario.message,
    scenario.headers === undefined ? {} : { headers: scenario.headers },
  );
}
