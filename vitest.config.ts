import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // OCR workers are threads of their own; two test files at a time fit two cores.
    maxWorkers: 2,
  },
});
