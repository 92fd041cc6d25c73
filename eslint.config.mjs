// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';
import libsConfig from './libs.config.js';

const { libs } = libsConfig;

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      '.dist-next-*/**',
      'node_modules/**',
      '.data/**',
      '.data-demo/**',
      'coverage/**',
      'apps/dashboard/dist/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...pluginVue.configs['flat/recommended'],
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.vue'],
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // One door per room: other code imports a lib through @app/<lib> only, never a deep or relative path into it.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // The dashboard also reads the shown facts' type: @app/read-models/fact-columns (its tsconfig only).
              group: [
                '@app/*/*',
                '!@app/*/testing',
                '!@app/milestones/labels',
                '!@app/read-models/fact-columns',
              ],
              message:
                'Import a lib through its index: @app/<lib> (tests: @app/<lib>/testing; labels: @app/milestones/labels).',
            },
            {
              // By path from the root (…/libs/<lib>/…), or relative, climbing into a lib's src (../../<lib>/src/…).
              group: libs.flatMap((l) => [`**/libs/${l}/**`, `**/${l}/src`]),
              message: 'Import another lib through @app/<lib>, never by path.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // The dashboard's single-file components: vue-eslint-parser for the template, typescript-eslint (type-checked,
    // through apps/dashboard/tsconfig.json) for `<script setup lang="ts">`; TypeScript checks names, not no-undef.
    files: ['apps/dashboard/**/*.vue'],
    languageOptions: {
      parser: vueParser,
      parserOptions: {
        parser: tseslint.parser,
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.vue'],
      },
    },
    rules: {
      'no-undef': 'off',
      // The command form's field blocks edit the form's one draft in place (its fields, never the object itself).
      'vue/no-mutating-props': ['error', { shallowOnly: true }],
      // Layout is prettier's.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/html-indent': 'off',
      'vue/html-self-closing': 'off',
    },
  },
);
