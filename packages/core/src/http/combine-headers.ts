/** Merges header objects; later ones win and an `undefined` value removes the header. Names are lower-cased. */
export function combineHeaders(
  ...sources: Array<Readonly<Record<string, string | undefined>> | undefined>
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const source of sources) {
    if (source === undefined) continue;
    for (const [name, value] of Object.entries(source)) {
      const key = name.toLowerCase();
      if (value === undefined) delete result[key];
      else result[key] = value;
    }
  }
  return result;
}
