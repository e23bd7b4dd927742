import type { VertexEmulatorScenario } from './vertex-emulator-scenario.js';
import type { VertexIds } from './vertex-ids.js';

/** What the model routes need from the emulator. */
export interface ModelRequestContext {
  readonly ids: VertexIds;
  /**
   * Takes the next queued scenario, or only when `accepts` it, if given. Undefined when the queue is empty or the
   * next scenario was not accepted: the route answers with its default.
   */
  takeScenario(accepts?: (scenario: VertexEmulatorScenario) => boolean): VertexEmulatorScenario | undefined;
}
