import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, expect, inject, vi } from 'vitest';
import { findCredentialLeaks } from './find-credential-leaks.js';
import { appsBuilt, capturedLines, knownCredentials, setCaptureSource } from './log-capture.js';

// Every test file: the gateway apps it builds log into the capture (see capturing-build-app.ts), and once the file
// is done its lines are scanned for every credential its apps were given. A leak fails the file; the lines then go to
// the run's capture directory for the final scan over the whole suite (global-setup.ts).

vi.mock('../../src/app.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/app.js')>();
  const { capturingBuildApp } = await import('./capturing-build-app.js');
  return { ...original, buildApp: capturingBuildApp(original.buildApp) };
});

const root = join(import.meta.dirname, '..', '..');

beforeAll(() => {
  setCaptureSource(relative(root, expect.getState().testPath ?? 'unknown'));
});

afterAll(async () => {
  const lines = capturedLines();
  const credentials = knownCredentials();
  const directory = inject('logCaptureDirectory');
  if (directory !== undefined && appsBuilt() > 0) {
    const name = randomUUID();
    await writeFile(join(directory, `${name}.lines.json`), JSON.stringify({ appsBuilt: appsBuilt(), lines }));
    await writeFile(join(directory, `${name}.credentials.json`), JSON.stringify([...credentials]));
  }
  const leaks = findCredentialLeaks(lines, credentials);
  if (leaks.length > 0) {
    throw new Error(
      `${leaks.length} log line(s) hold a test credential:\n${leaks
        .map((leak) => `  ${leak.credential} (${leak.form}): ${leak.excerpt}`)
        .join('\n')}`,
    );
  }
});
