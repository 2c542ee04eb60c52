import { defineConfig } from 'vitest/config';

// One project per package with tests, plus the cross-package suite in test/.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'test/vitest.config.ts'],
  },
});
