/** A TOML basic string: JSON's escapes are TOML's (`\"`, `\\`, `\n`, `\uXXXX`). */
export function tomlString(value: string): string {
  return JSON.stringify(value);
}

/** A TOML array of strings on one line. */
export function tomlStringArray(values: readonly string[]): string {
  return `[${values.map(tomlString).join(', ')}]`;
}

/** Lines joined with newlines; undefined entries (optional lines) are left out. */
export function lines(...entries: Array<string | undefined>): string {
  return entries.filter((entry) => entry !== undefined).join('\n');
}
