import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type CapturedLine, findCredentialLeaks } from './find-credential-leaks.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where each test file leaves its captured log lines and credentials for the final scan. */
    logCaptureDirectory: string | undefined;
  }
}

/**
 * Fails the run from a global teardown: vitest only prints what a teardown throws ("error during close") and
 * keeps the exit code of the tests, so the exit code is set here too.
 */
function fail(message: string): never {
  process.exitCode = 1;
  throw new Error(message);
}

/**
 * The final check over the whole run: every log line any test file's apps wrote, against every credential any
 * of them was given (a credential of one file must not show up in another's lines either). Fails the run on a
 * leak, and when apps were built but no line was captured (the capture itself broke).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const directory = await mkdtemp(join(tmpdir(), 'modelmux-log-capture-'));
  project.provide('logCaptureDirectory', directory);
  return async () => {
    try {
      const lines: CapturedLine[] = [];
      const credentials = new Set<string>();
      let appsBuilt = 0;
      for (const name of await readdir(directory)) {
        const text = await readFile(join(directory, name), 'utf8');
        if (name.endsWith('.lines.json')) {
          const file = JSON.parse(text) as { appsBuilt: number; lines: CapturedLine[] };
          appsBuilt += file.appsBuilt;
          lines.push(...file.lines);
        } else if (name.endsWith('.credentials.json')) {
          for (const credential of JSON.parse(text) as string[]) credentials.add(credential);
        }
      }
      if (appsBuilt > 0 && lines.length === 0)
        fail(`log capture: ${appsBuilt} gateway apps were built but no log line was captured`);
      const leaks = findCredentialLeaks(lines, credentials);
      if (leaks.length > 0) {
        fail(
          `log capture: ${leaks.length} log line(s) hold a test credential:\n${leaks
            .map((leak) => `  ${leak.source}: ${leak.credential} (${leak.form}): ${leak.excerpt}`)
            .join('\n')}`,
        );
      }
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  };
}
