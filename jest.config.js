// ESM mode: run through `npm test`, which starts node with --experimental-vm-modules.
export default {
  testEnvironment: 'node',
  globalSetup: '<rootDir>/__tests__/fixtures/global-setup.js',
  setupFiles: ['<rootDir>/jest.setup.js'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.check.json' }]
  },
  testMatch: ['**/__tests__/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.build/'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.build/']
}
