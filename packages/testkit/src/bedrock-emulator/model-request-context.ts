import type { BedrockEmulatorScenario } from './bedrock-emulator-scenario.js';

/** What the model routes need from the emulator. */
export interface ModelRequestContext {
  /**
   * Takes the next queued scenario, or only when `accepts` it, if given. Undefined when the queue is empty or the
   * next scenario was not accepted: the route answers with its default.
   */
  takeScenario(accepts?: (scenario: BedrockEmulatorScenario) => boolean): BedrockEmulatorScenario | undefined;
}
