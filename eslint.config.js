// Lint rules, including the layer rules of STYLE.md enforced by the tool rather than by goodwill:
// every folder imports only what the README's layer table allows (src-main/tools/lint/layer-table.js),
// no import cycle anywhere (type-only imports included), the engine and the contract import nothing
// from Node, Electron, SQLite or the DOM, and the renderer reaches main only through the contract.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import layers from './src-main/tools/lint/layers-plugin.js';
import { LAYERS } from './src-main/tools/lint/layer-table.js';

const root = path.dirname(fileURLToPath(import.meta.url));

const nodeOnly = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'url'];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'build/',
      'dist/',
      'test-results/',
      'playwright-report/',
      'e2e/artifacts/',
      // Files that MUST fail lint (lint/layers-plugin.test.ts lints them on purpose).
      'src-main/tools/lint/fixtures/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['src-main/**/*.ts', 'src-main/**/*.js', 'src-renderer/**/*.ts', 'src-renderer/**/*.svelte'],
    plugins: { layers },
    rules: {
      'layers/allowed-imports': ['error', { root, layers: LAYERS }],
      'layers/no-cycle': ['error', { root }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['src-main/engine/**/*.ts', 'src-main/contract/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeOnly, message: 'The engine and contract are pure TypeScript: no Node APIs.' },
            { group: ['electron', 'better-sqlite3', 'ws'], message: 'The engine and contract are pure.' },
            {
              group: [
                '**/store/**',
                '**/services/**',
                '**/electron/**',
                '**/host/**',
                '**/cli/**',
                '**/scenarios/**',
                '**/training/**',
              ],
              message: 'The engine imports nothing above it.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'window', message: 'No DOM in the engine.' },
        { name: 'document', message: 'No DOM in the engine.' },
        { name: 'process', message: 'No Node in the engine.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded PRNG (engine/random.ts).' },
        { object: 'Date', property: 'now', message: 'The engine is deterministic: no wall clock.' },
      ],
    },
  },
  {
    // The engine's shape (issue 11): files a new engineer can read, functions that fit a screen or
    // three; counted with comments, as read.
    files: ['src-main/engine/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'max-lines': ['error', { max: 600, skipBlankLines: false, skipComments: false }],
      'max-lines-per-function': ['error', { max: 150, skipBlankLines: false, skipComments: false }],
    },
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.svelte'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Tests may compare the renderer with main's answers (they run in Node, never in the app).
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.svelte'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeOnly, message: 'The renderer has no Node.' },
            {
              group: ['electron', 'better-sqlite3'],
              message: 'The renderer talks to main only through lib/api.ts.',
            },
            {
              group: [
                '**/src-main/store/**',
                '**/src-main/services/**',
                '**/src-main/electron/**',
                '**/src-main/host/**',
              ],
              message: 'The renderer talks to main only through lib/api.ts.',
            },
          ],
        },
      ],
    },
  },
);
