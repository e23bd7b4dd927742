import { describe, expect, it } from 'vitest';
import { decodeFloat32Base64, encodeFloat32Base64 } from './float32-base64.js';

// Written byte by byte, independently of the functions under test.
function littleEndianBase64(values: number[]): string {
  const bytes = Buffer.alloc(values.length * 4);
  for (const [index, value] of values.entries()) bytes.writeFloatLE(value, index * 4);
  return bytes.toString('base64');
}

describe('float32 base64', () => {
  const values = [0.0123, -0.0045, 1, -1, 0, 3.4e38, 1e-40, Number.NaN];

  it('encodes plain numbers as little-endian float32, rounding each to float32', () => {
    expect(encodeFloat32Base64(values)).toBe(littleEndianBase64(values));
    expect(encodeFloat32Base64([])).toBe('');
  });

  it('encodes a Float32Array view without its neighbours in the buffer', () => {
    const backing = new Float32Array([9, 0.5, 0.25, 9]);
    expect(encodeFloat32Base64(backing.subarray(1, 3))).toBe(littleEndianBase64([0.5, 0.25]));
  });

  it('decodes what it encodes to the same float32 values', () => {
    const decoded = decodeFloat32Base64(littleEndianBase64(values));
    expect(decoded).toBeInstanceOf(Float32Array);
    expect(Array.from(decoded!)).toEqual(Array.from(Float32Array.from(values)));
  });

  it('gives back the very text a decoded vector came from', () => {
    const text = littleEndianBase64([0.5, -0.25, 1]);
    const vector = decodeFloat32Base64(text)!;
    expect(encodeFloat32Base64(vector)).toBe(text);
    // Whitespace or missing padding is not canonical base64: the vector is encoded afresh.
    const loose = decodeFloat32Base64(text.replace(/=+$/, ''))!;
    expect(encodeFloat32Base64(loose)).toBe(littleEndianBase64([0.5, -0.25, 1]));
  });

  it('refuses bytes that are not a whole number of floats', () => {
    expect(decodeFloat32Base64(Buffer.from([1, 2, 3]).toString('base64'))).toBeUndefined();
    expect(decodeFloat32Base64('')).toEqual(new Float32Array(0));
  });
});
