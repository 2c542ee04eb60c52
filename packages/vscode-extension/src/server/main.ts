/**
 * The language server as the extension ships it: bundled with esbuild into `out/server.mjs`
 * (its analysis worker into `out/analysis-worker.mjs`), started by the client as a Node
 * module over IPC. The bundled languages apply where the workspace names none. Everything
 * the server reads from disk is named relative to this bundle, inside the extension folder:
 * the lsp-server package's own defaults would point beside the bundle.
 */
import { fileURLToPath } from 'node:url';
import { launchServerProcess } from '@parsercraft/lsp-server';

launchServerProcess('parsercraft-vscode server', {
  defaultLanguages: {
    pascal: { config: fileURLToPath(new URL('../languages/pascal.yaml', import.meta.url)), extensions: ['.pas'] },
  },
  workerUrl: new URL('./analysis-worker.mjs', import.meta.url),
  runbookFile: new URL('../RUNBOOK.md', import.meta.url),
});
