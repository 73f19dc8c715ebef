// @ts-check
const path = require('node:path');

/**
 * A jest reporter (next to the default one, jest.config.js) that ends a run with one line per
 * test file whose tests were all skipped, and its title, which says why (no Chromium, no
 * PostgreSQL under TEST_DB=sqlite, no Redis...): jest's summary only counts them.
 */
class SkippedFilesReporter {
  /**
   * @param {unknown} _contexts
   * @param {{ testResults: { testFilePath: string, numPassingTests: number, numFailingTests: number, numPendingTests: number, testExecError?: unknown, testResults: { ancestorTitles: string[] }[] }[] }} results
   */
  onRunComplete(_contexts, results) {
    const skipped = results.testResults.filter(
      (file) =>
        !file.testExecError &&
        file.numPassingTests === 0 &&
        file.numFailingTests === 0 &&
        file.numPendingTests > 0,
    );
    if (skipped.length === 0) return;
    const lines = skipped.map(
      (file) =>
        `  ${path.relative(process.cwd(), file.testFilePath)}: ${file.testResults[0]?.ancestorTitles[0] ?? ''}`,
    );
    process.stderr.write(
      `\nSkipped test files (each skips on a condition at its top: the database of this run, ` +
        `Chromium, Redis, a private PostgreSQL; npm run test:pg runs the PostgreSQL ones):\n` +
        `${lines.join('\n')}\n`,
    );
  }
}

module.exports = SkippedFilesReporter;
