/** Cuts `bytes` into pieces of `size` bytes (the last may be shorter), for decoder tests. */
export function splitBytes(bytes: Uint8Array, size: number): Uint8Array[] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError('size must be a positive integer');
  const pieces: Uint8Array[] = [];
  for (let start = 0; start < bytes.length; start += size) pieces.push(bytes.subarray(start, start + size));
  return pieces;
}

/** Every way to cut `bytes` in two: one `[head, tail]` pair per byte boundary. */
export function* splitAtEveryBoundary(bytes: Uint8Array): Generator<[Uint8Array, Uint8Array]> {
  for (let cut = 1; cut < bytes.length; cut++) yield [bytes.subarray(0, cut), bytes.subarray(cut)];
}
