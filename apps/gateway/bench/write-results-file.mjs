import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Writes the raw numbers of a run to `results/latest.json` and returns its path. */
export async function writeResultsFile(resultsDirectory, results) {
  await mkdir(resultsDirectory, { recursive: true });
  const path = join(resultsDirectory, 'latest.json');
  await writeFile(path, `${JSON.stringify(results, null, 2)}\n`);
  return path;
}
