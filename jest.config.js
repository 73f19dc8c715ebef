/**
 * NestJS 12 is ESM-only, so jest runs our TypeScript as ESM: ts-jest with useESM,
 * and the `.js` suffix of relative imports mapped back to the `.ts` source.
 * Type checking is done once by `npm run build` / lint, not per test file.
 *
 * `npm run test:pg` (TEST_DB=postgres) runs the end-to-end suite in test/ on PostgreSQL, the
 * database handle specs (the read-only handle must refuse writes there too) and the
 * projection specs (their SQL writes the views, several rows per statement); the other
 * handler specs next to the code run on SQLite only.
 */
const onPostgres = process.env.TEST_DB === 'postgres';

export default {
  testEnvironment: 'node',
  roots: onPostgres
    ? ['<rootDir>/test', '<rootDir>/src/shared/database', '<rootDir>/src/modules']
    : ['<rootDir>/src', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  testPathIgnorePatterns: onPostgres
    ? ['/node_modules/', '/src/modules/(?!.*/projections/)']
    : ['/node_modules/'],
  // The default summary, then one line per skipped test file saying why.
  reporters: ['default', '<rootDir>/test/support/skipped-files-reporter.cjs'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  // Child-process tests start real apps; on a loaded shared machine that can take a while.
  testTimeout: 120_000,
};
