import { readFileSync } from 'node:fs';

/** The text of a file in `src/__fixtures__/`. */
export function readFixture(name: string): string {
  return readFileSync(new URL(`../src/__fixtures__/${name}`, import.meta.url), 'utf8');
}
