import { defineConfig } from 'vitest/config';

/** Every project seeds fast-check the same way and quiets the SDK's Node notice (see the file). */
const setupFiles = ['test/support/setup.ts'];

export default defineConfig({
  test: {
    // `npm test` measures the unit and infra projects with coverage and fails below these, then runs the
    // integration project without it (its CLIs run in child processes coverage does not follow, and
    // instrumenting its in-process handlers only makes the slowest project slower). Measured on 2026-11-30
    // (lines 77.7 %, statements 76.9 %, functions 77.5 %, branches 70.5 %; shared/core 98.2 % lines) and
    // rounded down. Raise them when the suite reaches more.
    coverage: {
      provider: 'v8',
      include: ['shared/**/*.ts', 'functions/**/*.ts', 'infra/**/*.ts'],
      // shared/data is tables (the sensitive lexicon, ISO lists), not logic.
      exclude: ['shared/data/**', '**/*.d.ts', 'test/**', 'bench/**', 'scripts/**'],
      reporter: ['text-summary', 'json-summary', 'html'],
      thresholds: {
        lines: 75,
        statements: 74,
        functions: 75,
        branches: 68,
        'shared/core/**': { lines: 95, statements: 94, functions: 95, branches: 88 },
      },
    },
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          // The console's pure modules are tested beside it (console/test, typed by console/tsconfig.json).
          include: ['test/unit/**/*.test.ts', 'console/test/**/*.test.ts'],
          environment: 'node',
          setupFiles,
          // Property tests take seconds; under coverage on a busy two-core machine, more than vitest's 5 s.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          // After the other projects: it has its own worker limit, which vitest runs as a separate group.
          sequence: { groupOrder: 2 },
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          setupFiles,
          testTimeout: 60_000,
          hookTimeout: 90_000,
          // Each file starts its own DynamoDB Local (a JVM); two cores, so not too many at once.
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'infra',
          sequence: { groupOrder: 1 },
          include: ['test/infra/**/*.test.ts'],
          environment: 'node',
          setupFiles,
          testTimeout: 120_000,
        },
      },
      {
        test: {
          // `npm run test:e2e` (not in `npm test`): the console in Debian's Chromium against a real
          // `npm start` per file (test/e2e/support). A start with its demo takes minutes on a busy machine.
          name: 'e2e',
          sequence: { groupOrder: 3 },
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          setupFiles,
          globalSetup: ['test/e2e/support/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 600_000,
          // Each file runs its own npm start (a JVM, the pipeline, a browser): two cores, two at a time.
          maxWorkers: 2,
        },
      },
    ],
  },
});
