// One style and one set of rules over src/, emulator/, scripts/ and __tests__/ (Prettier owns the layout).
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/', '.build/', 'coverage/', 'node_modules/', 'examples/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/no-non-null-assertion': 'off'
    }
  },
  {
    // Wire requests and the call log are JSON of AWS's shapes, read loosely by the emulator and the tests that inspect them.
    files: ['emulator/**/*.ts', '__tests__/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' }
  },
  prettier
)
