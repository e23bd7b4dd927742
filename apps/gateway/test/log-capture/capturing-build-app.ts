import type { buildApp } from '../../src/app.js';
import { LEVELS } from '../../src/workers/primary-log.js';
import { captureLine, countAppBuilt, registerCredentials } from './log-capture.js';
import { credentialsOfBuildOptions } from './test-credentials.js';

/** The level every app of the test suite logs at, whatever its options say: everything a gateway can write. */
export const CAPTURE_LEVEL = 'trace';

function levelOf(line: string): number {
  const match = /"level":(\d+)/.exec(line);
  return match === null ? Number.POSITIVE_INFINITY : Number(match[1]);
}

/**
 * `buildApp` as the test suite gets it: every app logs at `CAPTURE_LEVEL` into the capture (never stdout), even one
 * built with `logger: false` or `log_level = "silent"`, and its config's credentials are registered for the scan. A
 * test's own `logStream` still gets the lines at the level its config asks for.
 */
export function capturingBuildApp(original: typeof buildApp): typeof buildApp {
  return (options) => {
    registerCredentials(credentialsOfBuildOptions(options));
    if (options.loggerInstance !== undefined) {
      throw new Error(
        'log capture: a test passed its own loggerInstance, whose lines the credential scan cannot see',
      );
    }
    countAppBuilt();
    const { logger, logStream: forward, ...rest } = options;
    const wanted = logger === false ? Number.POSITIVE_INFINITY : LEVELS[options.config.server.log_level];
    return original({
      ...rest,
      config: { ...options.config, server: { ...options.config.server, log_level: CAPTURE_LEVEL } },
      logStream: {
        write(line: string) {
          captureLine(line);
          if (forward !== undefined && levelOf(line) >= wanted) forward.write(line);
        },
      },
    });
  };
}
