// The house's import rules, checked by `npm run lint` (dependency-cruiser). The package
// graph is not written here: it is read from each workspace's package.json, so declaring a
// dependency there is what allows the import, and an import nobody declared fails the lint.
// See ARCHITECTURE.md ("Invariant: dependencies only point down the picture").
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.env.PARSERCRAFT_DEPCRUISE_ROOT ?? import.meta.dirname;
const readJson = (path) => JSON.parse(readFileSync(join(root, path), 'utf8'));
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const workspaces = readJson('package.json').workspaces.map((dir) => ({
  dir,
  manifest: readJson(join(dir, 'package.json')),
}));
const byName = new Map(workspaces.map((w) => [w.manifest.name, w]));

/** For each package: it may import its own folder and the workspaces its package.json depends on, nothing else of ours. */
const packageGraph = workspaces.map(({ dir, manifest }) => {
  const allowed = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }).filter((name) =>
    byName.has(name),
  );
  return {
    name: 'package-graph',
    severity: 'error',
    comment: `${manifest.name} imports only itself and what its package.json declares (${allowed.join(', ') || 'no other workspace'}).`,
    from: { path: `^${escape(dir)}/` },
    to: {
      path: '^packages/',
      pathNot: [dir, ...allowed.map((name) => byName.get(name).dir)].map((d) => `^${escape(d)}/`),
    },
  };
});

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    ...packageGraph,
    {
      name: 'through-the-front-door',
      severity: 'error',
      comment:
        'Another workspace is imported by its name, which lands on its built exports; never by a path into its sources or tests.',
      from: { path: '^packages/([^/]+)/' },
      to: { path: '^packages/[^/]+/', pathNot: ['^packages/$1/', '^packages/[^/]+/dist/'] },
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
        'Modules that import each other at run time load in an order that depends on who came first; types alone may refer both ways.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-folder-cycles',
      severity: 'error',
      comment: 'Folders inside a package form layers: if a imports b, b must not import a, directly or through others.',
      scope: 'folder',
      from: { path: '^packages/[^/]+/src/' },
      to: { circular: true },
    },
  ],
  options: {
    // Built output is where an import of another workspace lands (its package.json's
    // exports), so it is recorded, never cruised into.
    doNotFollow: { path: ['node_modules', '(^|/)dist/'] },
    exclude: { path: ['(^|/)out/', '^packages/[^/]+/test/(code-server|verdaccio)/', '^test/fixtures/'] },
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
