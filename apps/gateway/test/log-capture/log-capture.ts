import type { CapturedLine } from './find-credential-leaks.js';
import { STATIC_TEST_CREDENTIALS } from './test-credentials.js';

/**
 * What the gateway apps of one test file logged, and the credentials they were given. One per test file: vitest
 * runs each file with a fresh module graph, shared with the setup file.
 */
const state = {
  source: 'unknown',
  appsBuilt: 0,
  lines: [] as CapturedLine[],
  credentials: new Set<string>(STATIC_TEST_CREDENTIALS),
};

/** Names the test file the following lines come from. */
export function setCaptureSource(source: string): void {
  state.source = source;
}

/** Records one JSON log line. */
export function captureLine(line: string): void {
  state.lines.push({ source: state.source, line: line.endsWith('\n') ? line.slice(0, -1) : line });
}

/** Counts an app built with the capture in place. */
export function countAppBuilt(): void {
  state.appsBuilt++;
}

/** Adds credentials no log line may contain. */
export function registerCredentials(credentials: Iterable<string>): void {
  for (const credential of credentials) state.credentials.add(credential);
}

/** Every line captured so far in this test file. */
export function capturedLines(): readonly CapturedLine[] {
  return state.lines;
}

/** The credentials registered so far in this test file. */
export function knownCredentials(): ReadonlySet<string> {
  return state.credentials;
}

/** How many apps this test file built. */
export function appsBuilt(): number {
  return state.appsBuilt;
}

/**
 * Drops the lines `planted` matches: only for the self-test, which plants a credential on purpose to prove that the
 * scan finds it.
 */
export function forgetPlantedLines(planted: (line: string) => boolean): number {
  const before = state.lines.length;
  state.lines = state.lines.filter(({ line }) => !planted(line));
  return before - state.lines.length;
}
