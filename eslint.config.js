import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

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
      // House rules (DEVELOPERS guide): no `any` without a reason, no default exports.
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
        { selector: 'ExportSpecifier[exported.name="default"]', message: 'Use named exports.' },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      // Recovery code forwards whatever a caller's operation rejected with, unchanged.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },
  {
    // ARCHITECTURE.md, "The language server": the main thread never parses a program or builds
    // a parser. Only the worker (analysis/, and the index it builds) may call these.
    files: ['packages/lsp-server/src/**/*.ts'],
    ignores: ['packages/lsp-server/src/analysis/**', 'packages/lsp-server/src/index/build-index.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@parsercraft/language',
              importNames: [
                'analyze',
                'loadLanguageConfig',
                'parseLanguageConfig',
                'prebuildParserTables',
                'generateC',
                'checkProtocols',
                'scanLexemes',
                'formatText',
                'SymbolTable',
              ],
              allowTypeImports: true,
              message:
                'The main thread never parses: run it in the analysis worker (ARCHITECTURE.md, "The language server").',
            },
          ],
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
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: globals.node },
  },
);
