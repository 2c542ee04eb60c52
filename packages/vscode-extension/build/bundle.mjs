// Bundles the extension for the .vsix (`npm run build -w parsercraft-vscode`, after tsc has
// type-checked and built the workspace):
// - out/extension.cjs: the client, CommonJS as VS Code's extension host requires, `vscode` external;
// - out/server.mjs and out/analysis-worker.mjs: the language server and its worker thread, ESM,
//   started by the client as a separate Node process.
// RUNBOOK.md, which Open Runbook and the server's diagnostics link to, is copied into the
// package folder by scripts/copy-runbook.mjs, as for every package.
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url));
rmSync(here('out'), { recursive: true, force: true });
mkdirSync(here('out'));

// Entry points are given relative to the package: esbuild reads an absolute path with a '*'
// in it (a checkout in such a folder) as a glob of several entry points.
const common = {
  absWorkingDir: here(''),
  bundle: true,
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'linked',
  logLevel: 'warning',
};
// CommonJS dependencies of the ESM bundles still call require() for Node's own modules.
const requireShim = {
  js: "import { createRequire as __pcCreateRequire } from 'node:module'; const require = __pcCreateRequire(import.meta.url);",
};

await Promise.all([
  build({
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: here('out/extension.cjs'),
    format: 'cjs',
    external: ['vscode'],
  }),
  build({
    ...common,
    entryPoints: ['src/server/main.ts'],
    outfile: here('out/server.mjs'),
    format: 'esm',
    banner: requireShim,
  }),
  build({
    ...common,
    entryPoints: ['../lsp-server/dist/analysis/analysis-worker.js'],
    outfile: here('out/analysis-worker.mjs'),
    format: 'esm',
    banner: requireShim,
  }),
]);

for (const file of ['out/extension.cjs', 'out/server.mjs', 'out/analysis-worker.mjs']) {
  console.log(`${file}: ${(statSync(here(file)).size / 1024).toFixed(0)} KB`);
}
