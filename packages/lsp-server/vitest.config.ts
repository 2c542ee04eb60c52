import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'lsp-server',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
