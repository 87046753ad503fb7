// @ts-check
// ESLint 9 flat config. eslint-config-taro (Taro's template) still needs ESLint 8, so this takes
// typescript-eslint and the hooks plugin directly and borrows the Taro rules that fit.
// The layers (who may import whom, see README "How it is put together") are written below as
// no-restricted-imports patterns per folder, so a wrong arrow fails `npm run lint`.
import { builtinModules } from 'node:module'
import comments from '@eslint-community/eslint-plugin-eslint-comments/configs'
import js from '@eslint/js'
import { defineConfig, globalIgnores } from 'eslint/config'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

// ---- Layers ---------------------------------------------------------------------------------
// Patterns see the import specifier as written, so each one covers the `@/` alias and relative
// paths (`../stores/x`, `../../src/stores/x`). Options of one rule do not merge across config
// objects, so every folder's list repeats the rules that apply to all of src.

/** An import of the top-level src folder(s) `folders` (a regex alternation), by alias or relative path. */
const srcFolder = (folders) => `^(@/|(\\.{1,2}/)+(src/)?)(${folders})(/|$)`
const pattern = (regex, message, extra = {}) => ({ regex, message, caseSensitive: true, ...extra })

const noMock = pattern(
  '^(@mock|(\\.{1,2}/)+mock)(/|$)',
  'Only src/backend imports the mock backend; everything else reaches it through the transport.',
)
// The app runs in the mini-program and the browser, where Node's modules do not exist.
const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_')).join('|')
const noNode = pattern(
  `^(node:|(${nodeBuiltins})(/|$))`,
  "Node's built-in modules do not exist in the mini-program; only mock/server runs on Node.",
)
// A native module cannot be bundled into the app: the SQLite store is mock:server's alone.
const noNative = pattern(
  '^better-sqlite3(/|$)',
  'better-sqlite3 is native and Node-only: only mock/server (the SQLite store) may import it.',
)
const noPlatform = (who) => [
  pattern('^@tarojs/', `${who} runs unchanged in Node and jest: no Taro.`),
  pattern('^react(-dom)?(/|$)', `${who} holds no UI: no React.`),
  pattern('^zustand(/|$)', `${who} holds no app state: no zustand.`),
]
const noBackend = pattern(srcFolder('backend'), 'Only the stores reach src/backend (the composition root).')

// mock/ is the backend: it implements the contract on the domain rules, and nothing of the app.
const mockPatterns = [
  ...noPlatform('The mock backend'),
  pattern(
    '^(@/|(\\.{1,2}/)+src/)(?!(domain|api/contract|api/schemas|api/transport)(/|$))',
    'The mock backend imports only the contract (src/api/contract, src/api/schemas), the Transport type (src/api/transport) and src/domain.',
  ),
]

const layers = [
  {
    name: 'layers/src',
    files: ['src/**'],
    patterns: [noMock, noNode],
  },
  {
    name: 'layers/domain',
    files: ['src/domain/**'],
    patterns: [
      noMock,
      noNode,
      ...noPlatform('src/domain'),
      pattern(
        srcFolder('api|stores|adapters|backend|pages|packages|components'),
        'src/domain is the bottom layer: pure rules that import nothing from the app above them.',
      ),
    ],
  },
  {
    name: 'layers/api',
    files: ['src/api/**'],
    patterns: [
      noMock,
      noNode,
      pattern(
        srcFolder('stores|backend|pages|packages|components'),
        'src/api sits below the stores and pages: it imports only src/domain.',
      ),
    ],
  },
  {
    name: 'layers/stores',
    files: ['src/stores/**'],
    patterns: [
      noMock,
      noNode,
      pattern(srcFolder('pages|packages|components'), 'Stores sit below pages and components.'),
    ],
  },
  {
    name: 'layers/components',
    files: ['src/components/**'],
    patterns: [
      noMock,
      noNode,
      noBackend,
      pattern(
        srcFolder('api'),
        'Components never import the API: a page passes the data in as props (types from src/domain).',
      ),
      pattern(srcFolder('pages|packages'), 'Components are shared below the pages and import none of them.'),
    ],
  },
  {
    name: 'layers/pages',
    files: ['src/pages/**', 'src/packages/**'],
    patterns: [
      noMock,
      noNode,
      noBackend,
      pattern(
        '^(@/|(\\.{1,2}/)+(src/)?)api/contract$',
        'Pages take only types from the contract (`import type`); data comes through the stores.',
        { allowTypeImports: true },
      ),
      pattern(
        '^(@/|(\\.{1,2}/)+(src/)?)api(/(?!contract$).*)?$',
        'Pages never import the API client, its errors or transports: call a store (src/stores).',
      ),
    ],
  },
  {
    name: 'layers/backend',
    files: ['src/backend/**'],
    patterns: [noNode],
  },
  {
    // The engine and router are compiled into the app in local mode; only mock/server runs on Node.
    name: 'layers/mock',
    files: ['mock/**'],
    ignores: ['mock/server/**'],
    patterns: [...mockPatterns, noNode],
  },
  {
    name: 'layers/mock-server',
    files: ['mock/server/**'],
    patterns: mockPatterns,
  },
]

/** @type {import('eslint').Linter.Config[]} */
const layerConfigs = layers.map(({ name, files, ignores = [], patterns }) => ({
  name,
  files,
  ignores,
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: name === 'layers/mock-server' ? patterns : [...patterns, noNative] },
    ],
  },
}))

// ---- Taro rules that fit (from eslint-config-taro) ------------------------------------------
// Lower-case JSX tags are HTML elements, which render nothing in the mini-program.
const noHtmlTags = {
  selector: 'JSXOpeningElement > JSXIdentifier[name=/^[a-z]/]',
  message: 'HTML tags do not render in the mini-program: use @tarojs/components (View, Text, Image…).',
}
// Browser globals that read like local names (Taro's and create-react-app's list, the ones that exist in lib.dom).
const confusingGlobals = [
  'event',
  'name',
  'length',
  'status',
  'top',
  'parent',
  'self',
  'close',
  'open',
  'closed',
  'history',
  'location',
]

/** The state's records keyed by ids and tokens (mock/engine/db.ts). */
const stateRecords = '/^(members|bySubject|sessions|receipts|idempotency)$/'

export default defineConfig(
  globalIgnores([
    '**/dist/',
    'node_modules/',
    'coverage/',
    '.cache/',
    '.swc/',
    '.mock-data/',
    'test-results/',
    '.tmp/',
    '.bench/',
  ]),
  {
    name: 'base',
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    extends: [js.configs.recommended, comments.recommended],
    rules: {
      // An eslint-disable is a decision: it names its rule and says why (`-- reason`).
      '@eslint-community/eslint-comments/require-description': ['error', { ignore: ['eslint-enable'] }],
      '@eslint-community/eslint-comments/no-unused-disable': 'off', // reportUnusedDisableDirectives does it
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-undef-init': 'error',
      'no-label-var': 'error',
      'no-restricted-globals': ['error', 'isNaN', 'isFinite'],
      'no-var': 'error',
      'prefer-const': 'error',
    },
  },
  {
    name: 'typescript',
    files: ['**/*.{ts,tsx,mts,cts}'],
    extends: [tseslint.configs.recommended],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrors: 'all',
          caughtErrorsIgnorePattern: '^_',
          // `const { id: _id, ...rest } = x` is how an object is copied without some keys.
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        // `typeof import('./x')` types a require() or a lazy module without importing it.
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
    },
  },
  {
    name: 'app',
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': ['error', noHtmlTags],
      'no-restricted-globals': ['error', 'isNaN', 'isFinite', ...confusingGlobals],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // index.html's start script runs inline before the app, in every browser the H5 build supports:
    // ES5, a plain script, `catch (e)` bindings it cannot leave out.
    name: 'app/start-script',
    files: ['src/adapters/card-snapshot/show.js'],
    languageOptions: { ecmaVersion: 5, sourceType: 'script', globals: globals.browser },
    rules: { 'no-var': 'off', 'prefer-const': 'off', 'no-unused-vars': ['error', { caughtErrors: 'none' }] },
  },
  {
    // A `.h5.tsx` file is taken only by the H5 build (Taro resolves it before the plain one), where
    // HTML tags render as they are.
    name: 'app/h5-only',
    files: ['src/**/*.h5.tsx'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  ...layerConfigs,
  {
    // Ids and tokens from requests key these records; a plain object answers to `__proto__`,
    // `constructor`… as if they were stored, so every read and write goes through mock/engine/records.ts.
    name: 'mock/records',
    files: ['mock/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: `MemberExpression[computed=true][object.property.name=${stateRecords}]`,
          message:
            'Keyed state records are read with own()/has() and written with put()/drop() (mock/engine/records.ts).',
        },
        {
          selector: `BinaryExpression[operator='in'][right.property.name=${stateRecords}]`,
          message: 'Use has() from mock/engine/records.ts: `in` also finds inherited names such as constructor.',
        },
      ],
    },
  },
  {
    name: 'tests',
    files: ['tests/**'],
    // Page tests run in jsdom and e2e callbacks in chromium, beside Node.
    languageOptions: { globals: { ...globals.jest, ...globals.node, ...globals.browser } },
    rules: {
      // jest.mock factories are hoisted above imports and must require() what they use; page tests
      // load the app after the Taro runtime is set up.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    name: 'node-scripts',
    files: ['**/*.{js,mjs,cjs}', 'scripts/**', 'config/**', 'mock/server/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    name: 'commonjs',
    files: ['**/*.{js,cjs}'],
    languageOptions: { sourceType: 'commonjs' },
  },
)
