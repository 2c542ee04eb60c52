import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'integration',
    include: ['**/*.test.ts'],
    testTimeout: 60_000,
  },
});
