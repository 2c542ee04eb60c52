// The house's import rules, checked by `npm run lint:imports` (scripts/lint-imports.mjs runs
// dependency-cruiser over every file git knows). The package graph is not written here: it
// is read from each workspace's package.json (what it declares) and from the root
// package.json's `workspaceLayers` (ARCHITECTURE.md's picture, bottom up), and an import is
// allowed only where both agree. See ARCHITECTURE.md ("Invariant: dependencies only point
// down the picture").
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.env.PARSERCRAFT_DEPCRUISE_ROOT ?? import.meta.dirname;
const readJson = (path) => JSON.parse(readFileSync(join(root, path), 'utf8'));
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const rootManifest = readJson('package.json');
const workspaces = rootManifest.workspaces.map((dir) => ({ dir, manifest: readJson(join(dir, 'package.json')) }));
const byName = new Map(workspaces.map((w) => [w.manifest.name, w]));
const layers = rootManifest.workspaceLayers ?? [];
const layerOf = (dir) => layers.findIndex((layer) => layer.includes(dir));

/** What a package.json says a package uses at run time: what an install of it brings or expects. */
const runtimeDeps = (m) => ({ ...m.dependencies, ...m.optionalDependencies, ...m.peerDependencies });

// Every workspace has its layer, and a package.json that declares a workspace of its own or a
// higher layer contradicts the picture: both are mistakes in the declarations, reported
// before any import is looked at.
const misdeclared = [
  ...workspaces.filter(({ dir }) => layerOf(dir) === -1).map(({ dir }) => `${dir} has no layer in workspaceLayers`),
  ...workspaces.flatMap(({ dir, manifest }) =>
    Object.keys({ ...runtimeDeps(manifest), ...manifest.devDependencies })
      .filter((name) => byName.has(name) && layerOf(dir) !== -1 && layerOf(byName.get(name).dir) >= layerOf(dir))
      .map((name) => `${manifest.name} declares ${name}, which is not in a lower layer`),
  ),
];
if (misdeclared.length > 0) {
  throw new Error(
    `The package graph breaks the layers (workspaceLayers in package.json):\n  ${misdeclared.join('\n  ')}`,
  );
}

/**
 * For each package: it may import itself and the workspaces it declares, sources only what
 * it uses at run time (`dependencies`, optional and peer ones), everything else its
 * devDependencies too.
 */
const packageGraph = workspaces.flatMap(({ dir, manifest }) => {
  const workspacesIn = (deps) => Object.keys(deps ?? {}).filter((name) => byName.has(name));
  const rule = (from, allowed, what) => ({
    name: 'package-graph',
    severity: 'error',
    comment: `${what} of ${manifest.name} import only their package and what it declares (${allowed.join(', ') || 'no other workspace'}).`,
    from,
    to: {
      path: '^packages/',
      pathNot: [dir, ...allowed.map((name) => byName.get(name).dir)].map((d) => `^${escape(d)}/`),
    },
  });
  const sources = `^${escape(dir)}/src/`;
  return [
    rule({ path: sources }, workspacesIn(runtimeDeps(manifest)), 'Sources'),
    rule(
      { path: `^${escape(dir)}/`, pathNot: sources },
      workspacesIn({ ...runtimeDeps(manifest), ...manifest.devDependencies }),
      'Tests, benchmarks and builds',
    ),
  ];
});

// Modules of the language server that run in its analysis worker, not on the main thread.
const WORKER_ONLY = [
  '^packages/lsp-server/src/analysis/analysis-worker\\.ts$',
  '^packages/lsp-server/src/index/build-index\\.ts$',
];

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    ...packageGraph,
    {
      name: 'through-the-front-door',
      severity: 'error',
      comment:
        'Another workspace is imported by its name, which lands on its built exports; never by a path into its folder.',
      from: { path: '^packages/([^/]+)/' },
      to: { path: '^packages/[^/]+/', pathNot: '^packages/$1/', dependencyTypesNot: ['aliased-workspace'] },
    },
    {
      name: 'through-the-front-door',
      severity: 'error',
      comment:
        "The repository's own tests, benchmarks and scripts import packages by name; by path only other packages' test helpers.",
      from: { path: '^(test|bench|scripts)/' },
      to: { path: '^packages/[^/]+/', pathNot: '^packages/[^/]+/test/', dependencyTypesNot: ['aliased-workspace'] },
    },
    {
      name: 'worker-only',
      severity: 'error',
      comment:
        "The language server's main thread never parses: what the analysis worker runs is not imported elsewhere (ARCHITECTURE.md).",
      from: { path: '^packages/lsp-server/src/', pathNot: WORKER_ONLY },
      to: { path: WORKER_ONLY, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'undeclared-dependency',
      severity: 'error',
      comment:
        "An npm package the importing file's package.json does not declare: it resolves here only because npm hoisted someone else's.",
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'dev-dependency-in-sources',
      severity: 'error',
      comment:
        'Sources run where only dependencies are installed; a devDependency is for tests, benchmarks and builds (types alone are fine).',
      from: { path: '^packages/[^/]+/src/' },
      // `vscode` itself is the extension host's; @types/vscode is all there is of it on disk.
      // With the root's package.json combined in, a package can be both (a dependency here, shared tooling there): that one is fine.
      to: {
        dependencyTypes: ['npm-dev'],
        dependencyTypesNot: ['type-only', 'npm'],
        pathNot: '^node_modules/@types/vscode/',
      },
    },
    {
      name: 'unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing on disk.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-runtime-cycles',
      severity: 'error',
      comment:
        'Modules that import each other at load time load in an order that depends on who came first; types, and imports made later, may refer both ways.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only', 'dynamic-import'] } },
    },
    {
      name: 'no-folder-cycles',
      severity: 'error',
      comment:
        'Folders inside a package form layers (a subfolder counts as part of its parent): if a imports b, b must not import a, directly or through others.',
      scope: 'folder',
      from: { path: '^packages/[^/]+/src/' },
      to: { circular: true },
    },
  ],
  options: {
    // Built output is where an import of another workspace lands (its package.json's
    // exports), so it is recorded, never cruised into.
    doNotFollow: { path: ['node_modules', '^packages/[^/]+/dist/'] },
    exclude: {
      path: ['^packages/vscode-extension/out/', '^packages/[^/]+/test/(code-server|verdaccio)/', '^test/fixtures/'],
    },
    // A package's own package.json plus the root's, whose devDependencies are the shared
    // tooling (vitest, esbuild, TypeScript); sources may use neither's devDependencies.
    combinedDependencies: true,
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.tests.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
