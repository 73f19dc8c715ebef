/**
 * NestJS 12 is ESM-only, so jest runs our TypeScript as ESM: ts-jest with useESM,
 * and the `.js` suffix of relative imports mapped back to the `.ts` source.
 * Type checking is done once by `npm run build` / lint, not per test file.
 */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  testTimeout: 30000,
};
