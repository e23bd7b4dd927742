import { describe, expect, it } from 'vitest';
import { SerializedJson } from './serialized-json.js';

describe('SerializedJson', () => {
  it('is recognised by its marker, also across copies of the package', () => {
    expect(SerializedJson.isInstance(new SerializedJson('{}'))).toBe(true);
    expect(SerializedJson.isInstance({ [Symbol.for('modelmux.SerializedJson')]: true, text: '[]' })).toBe(
      true,
    );
    expect(SerializedJson.isInstance({ text: '{}' })).toBe(false);
    expect(SerializedJson.isInstance('{}')).toBe(false);
    expect(SerializedJson.isInstance(null)).toBe(false);
  });
});
