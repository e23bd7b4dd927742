import { defineProject } from 'vitest/config';

export default defineProject({
  define: { __PACKAGE_VERSION__: JSON.stringify('0.0.0-test') },
  test: {
    name: 'gateway',
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // Every gateway app a test builds logs into a capture that is scanned for the test credentials (test/log-capture).
    setupFiles: ['test/log-capture/setup.ts'],
    globalSetup: ['test/log-capture/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
