// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'coverage/',
      'data/',
      '*.js',
      '*.cjs',
      'test/support/*.js',
      'test/support/*.cjs', // the jest reporter: plain CommonJS, as jest loads it
      // Benchmark scripts: plain ESM JavaScript, run by npm run bench / seed, not type-checked.
      'bench/**/*.mjs',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A promise nobody awaits hides its failure: every promise is awaited, returned or voided.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // validator.js's isLength does not count variation selectors: a limit it checks is not
      // the one PostgreSQL's varchar(n) or a person counts (docs/http-api.md, "Limits").
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'class-validator',
              importNames: [
                'Length',
                'MinLength',
                'MaxLength',
                'isLength',
                'minLength',
                'maxLength',
              ],
              message:
                'count characters as code points: MinCharacters, MaxCharacters or characterCount from src/shared/http/max-characters.ts',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
