import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'build/', 'scratch/', 'src/store/migrations/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Only src/teams may import the bot SDK, only src/graph the Graph client, only the scheduler node-cron.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'botbuilder', message: 'Only src/teams/ may import botbuilder.' },
            {
              name: '@microsoft/microsoft-graph-client',
              message: 'Only src/graph/ may import the Graph client.',
            },
            { name: 'node-cron', message: 'Only src/scheduler.ts may import node-cron.' },
          ],
        },
      ],
    },
  },
  { files: ['src/teams/**', 'tests/**'], rules: { 'no-restricted-imports': 'off' } },
  { files: ['src/graph/**', 'src/scheduler.ts'], rules: { 'no-restricted-imports': 'off' } },
  {
    files: ['tests/**'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  { files: ['*.js'], ...tseslint.configs.disableTypeChecked },
);
