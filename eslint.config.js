// Lint rules for Energy Ledger. Besides the usual checks, no-restricted-imports
// holds the architecture's boundaries (see README's map): shared/ and
// main/engine/ stay pure, only main/electron/ touches Electron, the store and
// the importers never reach up into the API, the demo or a transport, the
// store computes nothing (no value import of the engine), and the renderer
// never reaches into main/. Each folder of main/ is a floor of the house
// (docs/development.md) and may import only the floors below it; only main/store/
// imports sqlite3. import/no-cycle fails any import circle.
import js from '@eslint/js';
import importPlugin from 'eslint-plugin-import';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'stream', 'child_process'];
const electronOnly = { name: 'electron', message: 'Only main/electron/ may import electron.' };
/** Import patterns naming the folders of main/ a floor may not reach (docs/development.md). */
const above = (message, ...folders) => ({ group: folders.flatMap((f) => [`**/${f}/*`, `**/${f}`]), message });
const transports = ['demo', 'http', 'cli', 'electron'];
const upward = [
  above(
    'The store and the importers sit below the API, the demo and the transports: pass what they need down instead.',
    'api',
    'audit',
    'settlement',
    'accounts',
    ...transports,
  ),
];
const noSqlite = {
  group: ['sqlite3'],
  message: 'Only main/store/ talks to SQLite: add a repository function there.',
};
/** The rule of one floor of main/: no Electron, no SQLite, nothing of the floors above. */
const floor = (...patterns) => ({
  'no-restricted-imports': ['error', { paths: [electronOnly], patterns: [noSqlite, ...patterns] }],
});
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
  { files: ['main/**/*.ts'], rules: floor() },
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
    rules: floor(
      ...upward,
      above(
        'Reports read the store: the statements build on them, not the other way round.',
        'statements',
        'importers',
      ),
    ),
  },
  { files: ['main/importers/**/*.ts'], rules: floor(...upward) },
  {
    files: ['main/statements/**/*.ts'],
    rules: floor(
      above(
        'Statements build on the reports and the store; the settlement, the audit pack and the API build on them.',
        'api',
        'audit',
        'settlement',
        'accounts',
        'importers',
        ...transports,
      ),
    ),
  },
  {
    files: ['main/settlement/**/*.ts', 'main/accounts/**/*.ts'],
    rules: floor(
      above(
        'The settlement and the accounts sit below the audit pack and the API: the API calls them.',
        'api',
        'audit',
        ...transports,
      ),
    ),
  },
  {
    files: ['main/audit/**/*.ts'],
    rules: floor(above('The audit pack sits below the API: the API calls it.', 'api', ...transports)),
  },
  {
    files: ['main/api/**/*.ts'],
    rules: floor(above('The API sits below the transports and the demo: they call it.', ...transports)),
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
