const MARKER = Symbol.for('modelmux.SerializedJson');

/**
 * A reply body a converter already wrote as JSON text (say, a large embeddings list it can write faster than a
 * generic serializer). The gateway sends the text as it is, as `application/json`.
 */
export class SerializedJson {
  readonly [MARKER] = true;
  constructor(readonly text: string) {}

  /** Recognises instances from any copy of this package. */
  static isInstance(value: unknown): value is SerializedJson {
    return typeof value === 'object' && value !== null && (value as { [MARKER]?: boolean })[MARKER] === true;
  }
}
