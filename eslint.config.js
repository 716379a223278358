import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Workflow code runs in Temporal's deterministic sandbox: anything that reaches the
// network, the file system, the clock or randomness outside the SDK breaks replay.
const workflowOnlyImports = {
  patterns: [
    {
      group: ['node:*', 'fs', 'path', 'http', 'https', 'net', 'crypto', 'child_process', 'os'],
      message: 'Workflow code must stay deterministic: no Node built-ins.',
    },
    {
      group: [
        'openai',
        'hono',
        '@hono/*',
        'pino',
        '@temporalio/client',
        '@temporalio/worker',
        '@temporalio/activity',
      ],
      message: 'Workflow code must stay deterministic: no I/O libraries.',
    },
    {
      group: [
        '../activities/*',
        '../activities',
        '../web/*',
        '../client/*',
        './activities/*',
        './web/*',
        './client/*',
      ],
      allowTypeImports: true,
      message: 'Workflows import activities as types only.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules', 'dist', '.data', 'test-output', '.tools', 'src/web/static/vendor'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The workflows and the modules they share with their callers run in the sandbox.
    files: [
      'src/workflows/**/*.ts',
      'src/shared.ts',
      'src/failure-info.ts',
      'scripts/bench/floor/workflows.ts',
    ],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', workflowOnlyImports],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'No environment reads in workflow code.' },
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
      ],
    },
  },
  {
    files: ['src/cast/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'process', message: 'src/cast is pure.' }],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            // node:crypto only for hashing (castKey), which is pure; node:module only to load
            // the TypeScript compiler on first use (type-expression/typescript.ts).
            {
              group: ['@temporalio/*', 'openai', 'hono', 'node:*', '!node:crypto', '!node:module'],
              message: 'src/cast is pure.',
            },
          ],
        },
      ],
    },
  },
);
