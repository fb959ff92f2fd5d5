// One style and one set of rules over src/, emulator/, scripts/ and __tests__/ (Prettier owns the layout).
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import importX from 'eslint-plugin-import-x'
import tseslint from 'typescript-eslint'

/** The release ways: one folder each under src/ways/; none imports another. */
const WAYS = ['codedeploy', 'ecs-native', 'rolling', 'alb-weighted']
/** The files above the ways: the composition root and the entry point. */
const ROOT_FILES = ['./src/main.ts', './src/post.ts', './src/registry.ts', './src/index.ts']

/**
 * The layers of src/, bottom first; a layer may import the ones below it and itself, never one
 * above (src/README.md draws them).
 */
const LAYERS = [['./src/core'], ['./src/aws', './src/report', './src/github'], ['./src/kit'], ['./src/ways'], ROOT_FILES]
const upward = LAYERS.slice(0, -1).flatMap((layer, i) =>
  layer.map((target) => ({
    target,
    from: LAYERS.slice(i + 1).flat(),
    message: 'imports upward: a layer of src/ may import only the layers below it (src/README.md)'
  }))
)
const acrossWays = WAYS.map((way) => ({
  target: `./src/ways/${way}`,
  from: './src/ways',
  except: [`./${way}`],
  message: 'imports another way: a way never imports another way; what two ways share belongs in src/kit/'
}))

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
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // The rules read the modules an import names: they are TypeScript.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts', '.js'],
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })]
    },
    rules: {
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': ['error', { zones: [...acrossWays, ...upward] }]
    }
  },
  {
    // Wire requests and the call log are JSON of AWS's shapes, read loosely by the emulator and the tests that inspect them.
    files: ['emulator/**/*.ts', '__tests__/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' }
  },
  prettier
)
