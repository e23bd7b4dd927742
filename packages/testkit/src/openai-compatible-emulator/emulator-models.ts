/** The model the emulator always lists, whatever it has seen. */
export const EMULATOR_MODEL_ID = 'emulator-model';

/** Answers `GET /v1/models`: OpenAI's list shape, `emulator-model` first, then every model seen, in order. */
export function listModelsBody(seenModels: Iterable<string>, created: number): unknown {
  const ids = new Set([EMULATOR_MODEL_ID, ...seenModels]);
  return {
    object: 'list',
    data: [...ids].map((id) => ({ id, object: 'model', created, owned_by: 'modelmux-emulator' })),
  };
}
