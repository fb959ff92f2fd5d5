// ESM mode: run through `npm test`, which starts node with --experimental-vm-modules.
export default {
  // The end-to-end files mostly wait on the emulator's clock and on the action's polls, so more
  // files than cores run at once: 5 on the 2-core machines this project runs on (measured against
  // 3, 4 and 6). A number, not a share of the cores, so that a run is the same on every machine of
  // that kind.
  maxWorkers: 5,
  testEnvironment: 'node',
  globalSetup: '<rootDir>/__tests__/fixtures/global-setup.js',
  testSequencer: '<rootDir>/__tests__/fixtures/test-sequencer.js',
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
