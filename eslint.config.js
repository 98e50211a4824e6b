// Lint rules for Energy Ledger. Besides the usual checks, no-restricted-imports
// holds the architecture's boundaries (see README's map): shared/ and
// main/engine/ stay pure, only main/electron/ touches Electron, the store and
// the importers never reach up into the API, the demo or a transport, the
// store computes nothing (no value import of the engine), and the renderer
// never reaches into main/. import/no-cycle fails any import circle, type-only
// ones included.
import js from '@eslint/js';
import importPlugin from 'eslint-plugin-import';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'stream', 'child_process'];
const upward = [
  {
    group: ['**/api/*', '**/api', '**/demo/*', '**/http/*', '**/cli/*', '**/electron/*', '**/audit/*'],
    message:
      'The store and the importers sit below the API, the demo and the transports: pass what they need down instead.',
  },
];
const pure = (extra = []) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { group: nodeBuiltins, message: 'shared/ and main/engine/ are pure: no Node APIs.' },
        { group: ['electron'], message: 'Only main/electron/ may import electron.' },
        { group: ['sqlite3', '**/store/*', '**/store'], message: 'Pure code does not touch the database.' },
        {
          group: ['react', 'react-dom', 'echarts', 'echarts/*'],
          message: 'Pure code does not touch the UI.',
        },
        ...extra,
      ],
    },
  ],
});

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { import: importPlugin },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'import/order': [
        'error',
        {
          groups: ['builtin', 'external', 'internal', 'parent', ['sibling', 'index']],
          'newlines-between': 'always',
          alphabetize: { order: 'asc', caseInsensitive: true },
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only main/electron/ may import electron.' }] },
      ],
    },
  },
  { files: ['shared/**/*.ts', 'main/engine/**/*.ts'], rules: pure() },
  {
    files: ['main/**/*.ts', 'shared/**/*.ts'],
    settings: {
      'import/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs'] } },
    },
    rules: { 'import/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['main/reports/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only main/electron/ may import electron.' }],
          patterns: [
            ...upward,
            {
              group: ['**/statements/*', '**/importers/*'],
              message: 'Reports read the store: the statements build on them, not the other way round.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/importers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only main/electron/ may import electron.' }],
          patterns: upward,
        },
      ],
    },
  },
  {
    files: ['main/store/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only main/electron/ may import electron.' }],
          patterns: [
            ...upward,
            {
              group: ['**/engine/*'],
              allowTypeImports: true,
              message: 'The store stores: evaluation happens in the engine, called from main/api/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'The renderer runs sandboxed: no Node APIs.' },
            { group: ['electron'], message: 'The renderer reaches main only through window.api.' },
            {
              group: ['**/main/**', '../../main/*'],
              message: 'The renderer talks to main only through the contract.',
            },
          ],
        },
      ],
    },
  },
  { files: ['main/electron/**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
  // Tests read JSON answers whose shape the assertions themselves check.
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
);
