import { defineConfig } from 'vitest/config';

// One fork per test file; each file gets its own fresh database (see src/core/testing.ts).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['src/core/testing/global-setup.ts'],
    reporters: ['default', './src/core/testing/summary-reporter.ts'],
  },
});
