import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'integration',
    include: ['**/*.test.ts'],
    // Fixture workspaces hold files shaped like a project's, tests included; they are data.
    exclude: ['fixtures/**', '**/node_modules/**'],
    testTimeout: 60_000,
  },
});
