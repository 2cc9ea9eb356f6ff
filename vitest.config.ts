import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One test file per core. Left to itself, Vitest ran one file at a time on this 2-core machine
    // (the suite's wall time was the sum of its files': 892 s for 805 s of tests).
    maxWorkers: '100%',
  },
});
