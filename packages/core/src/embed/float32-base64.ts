let littleEndianPlatform: boolean | undefined;
/** The base64 text each decoded vector came from, so that encoding it again is a lookup (base64 in, base64 out). */
let sourceTexts: WeakMap<Float32Array, string> | undefined;

function isLittleEndianPlatform(): boolean {
  littleEndianPlatform ??= new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  return littleEndianPlatform;
}

function swapFloat32ByteOrder(bytes: Uint8Array): void {
  for (let offset = 0; offset + 3 < bytes.length; offset += 4) {
    const [a, b, c, d] = [bytes[offset]!, bytes[offset + 1]!, bytes[offset + 2]!, bytes[offset + 3]!];
    bytes[offset] = d;
    bytes[offset + 1] = c;
    bytes[offset + 2] = b;
    bytes[offset + 3] = a;
  }
}

/**
 * A vector as base64 of its little-endian float32 bytes (OpenAI's `encoding_format: "base64"`). Plain numbers are
 * rounded to float32 first, exactly as OpenAI's own encoder does.
 */
export function encodeFloat32Base64(vector: ArrayLike<number>): string {
  if (vector instanceof Float32Array) {
    const source = sourceTexts?.get(vector);
    if (source !== undefined) return source;
  }
  const floats = vector instanceof Float32Array ? vector : Float32Array.from(vector);
  const view = Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength);
  if (isLittleEndianPlatform()) return view.toString('base64');
  const copy = Buffer.from(view);
  swapFloat32ByteOrder(copy);
  return copy.toString('base64');
}

/**
 * Base64 of little-endian float32 bytes → the vector; undefined when the text is not a whole number of floats. The
 * vector remembers its text, so `encodeFloat32Base64` gives it back without encoding: treat decoded vectors as
 * immutable.
 */
export function decodeFloat32Base64(text: string): Float32Array | undefined {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % 4 !== 0) return undefined;
  const vector = new Float32Array(bytes.length / 4);
  const target = new Uint8Array(vector.buffer);
  target.set(bytes);
  if (!isLittleEndianPlatform()) swapFloat32ByteOrder(target);
  // Only text of canonical length (padded, no stray characters): anything else is re-encoded on the way out.
  if (text.length === 4 * Math.ceil(bytes.length / 3)) {
    sourceTexts ??= new WeakMap();
    sourceTexts.set(vector, text);
  }
  return vector;
}
