import { defineProject } from 'vitest/config';

export default defineProject({
  define: { __PACKAGE_VERSION__: JSON.stringify('0.0.0-test') },
  test: { name: 'provider-azure', include: ['src/**/*.test.ts'] },
});
