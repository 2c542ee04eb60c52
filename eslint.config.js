import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// House rules (DEVELOPERS guide): no default exports. And a re-export of types only is
// `export type { A } from 'x'`: `export { type A } from 'x'` still loads x at run time, where
// neither a devDependency nor a cycle shows.
const NAMED_EXPORTS = [
  { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
  { selector: 'ExportSpecifier[exported.name="default"]', message: 'Use named exports.' },
  {
    selector: "ExportNamedDeclaration[source][exportKind='value']:not(:has(ExportSpecifier[exportKind='value']))",
    message: "export { type A } from 'x' still loads x at run time: write export type { A } from 'x'.",
  },
];
// Sources load only what the import rules (.dependency-cruiser.mjs) can see: a literal specifier.
const VISIBLE_IMPORTS = [
  {
    selector:
      "ImportExpression:not([source.type='Literal']):not([source.type='TemplateLiteral'][source.expressions.length=0])",
    message: 'import() takes a string literal, so the import rules can check what it loads.',
  },
  {
    selector:
      "ImportSpecifier[imported.name='createRequire'], MemberExpression[property.name='createRequire'], MemberExpression[property.value='createRequire']",
    message: 'createRequire hides what a module loads from the import rules; import it instead.',
  },
];
// ARCHITECTURE.md, "The language server": the main thread never parses a program or builds a
// parser. Only the worker's modules may call these.
const PARSING = [
  'analyze',
  'loadLanguageConfig',
  'parseLanguageConfig',
  'prebuildParserTables',
  'generateC',
  'checkProtocols',
  'scanLexemes',
  'formatText',
  'SymbolTable',
];
const WORKER_MODULES = [
  'packages/lsp-server/src/analysis/analysis-worker.ts',
  'packages/lsp-server/src/index/build-index.ts',
];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/coverage/**',
      '.tmp/**',
      'packages/vscode-extension/out/**',
      'test/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: './tsconfig.tests.json',
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': ['error', ...NAMED_EXPORTS],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // `import { type A } from 'x'` still loads x at run time (verbatimModuleSyntax keeps the
      // import): all-type imports are `import type`, so a devDependency or a cycle cannot hide there.
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      // Recovery code forwards whatever a caller's operation rejected with, unchanged.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },
  {
    files: ['packages/*/src/**/*.{ts,mts,cts}'],
    rules: { 'no-restricted-syntax': ['error', ...NAMED_EXPORTS, ...VISIBLE_IMPORTS] },
  },
  {
    files: ['packages/lsp-server/src/**/*.{ts,mts,cts}'],
    ignores: WORKER_MODULES,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@parsercraft/language',
              importNames: PARSING,
              allowTypeImports: true,
              message:
                'The main thread never parses: run it in the analysis worker (ARCHITECTURE.md, "The language server").',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        ...NAMED_EXPORTS,
        ...VISIBLE_IMPORTS,
        {
          selector: "ImportExpression[source.value='@parsercraft/language']",
          message:
            'The main thread never parses: import the language package statically, for what it may use, or in the worker.',
        },
      ],
    },
  },
  {
    // Config files of tools that require a default export.
    files: ['**/vitest.config.ts', 'eslint.config.js', '.dependency-cruiser.mjs'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: globals.node },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
);
