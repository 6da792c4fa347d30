import next from 'eslint-config-next';
import nextTypescript from 'eslint-config-next/typescript';

const config = [
  {
    ignores: ['node_modules/**', '.next*/**', 'out/**', 'content/*.generated.ts', 'components/**/*.generated.ts', 'public/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'],
  },
  ...next,
  ...nextTypescript,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
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
      'no-restricted-imports': ['error', { patterns: ['react', 'react-dom', 'next/*', '@/components/*', '@/app/*', '@/server/*'] }],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@/components/*', '@/app/*'] }],
    },
  },
];

export default config;
