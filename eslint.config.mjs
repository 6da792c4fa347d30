import { fileURLToPath } from 'node:url';
import next from 'eslint-config-next';
import nextTypescript from 'eslint-config-next/typescript';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The layers (docs/style.md): content -> app -> components -> lib, and server -> lib. An import
 * may point down, never up or across to server/. Checked on the resolved file, so `@/components/x`
 * and `../../components/x` are caught alike.
 */
const layers = [
  { target: './lib', from: ['./components', './app', './server', './content'], message: 'lib/ is pure and imports nothing above it.' },
  { target: './components', from: ['./app', './server', './content'], message: 'components/ import lib/ (and each other), never app/, server/ or content/.' },
  { target: './app', from: ['./server'], message: 'app/ renders pages; the server is a separate process layer (server/ imports lib/ only).' },
  { target: './server', from: ['./components', './app', './content'], message: 'server/ imports lib/ only.' },
];

// Schemas that reach the browser must be built by a zod configured for the CSP: a module that imports zod
// imports '@/lib/zod' before it (test/unit/zod-jitless.test.ts; z itself comes from 'zod', so the bundler
// can leave out what a page does not use).

const config = [
  {
    ignores: ['node_modules/**', '.next*/**', 'out/**', 'content/*.generated.ts', 'components/**/*.generated.ts', 'public/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'],
  },
  ...next,
  ...nextTypescript,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import/no-restricted-paths': ['error', { basePath: root, zones: layers }],
    },
  },
  {
    // lib/ is pure: the models take time and randomness as inputs, so they replay exactly.
    files: ['lib/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Pass an Rng from lib/random.ts instead.' },
        { object: 'Date', property: 'now', message: 'Pass the time in (nowMs) instead.' },
      ],
      'no-restricted-imports': ['error', { patterns: ['react', 'react-dom', 'next', 'next/*'] }],
    },
  },
];

export default config;
