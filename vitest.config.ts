import { defineConfig } from 'vitest/config';

/** Every project seeds fast-check the same way and quiets the SDK's Node notice (see the file). */
const setupFiles = ['test/support/setup.ts'];

export default defineConfig({
  test: {
    coverage: {
      provider: 'v8',
      include: ['shared/**/*.ts', 'functions/**/*.ts', 'infra/**/*.ts'],
      exclude: ['shared/data/**', '**/*.d.ts'],
      reporter: ['text-summary', 'json-summary', 'html'],
    },
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          setupFiles,
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
    ],
  },
});
