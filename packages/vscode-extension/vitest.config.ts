import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'vscode-extension',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // Unit tests run outside VS Code: `vscode` is a small fake of the parts the status view uses.
    // The extension in a real VS Code is tested end to end (test/e2e).
    alias: { vscode: fileURLToPath(new URL('./test/fake-vscode.ts', import.meta.url)) },
  },
});
