import { defineProject } from 'vitest/config';

export default defineProject({
  define: { __PACKAGE_VERSION__: JSON.stringify('0.0.0-test') },
  test: {
    name: 'example-ollama-provider',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // CI runs every package's tests at once on two cores: generous limits, so load never fails a test.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
