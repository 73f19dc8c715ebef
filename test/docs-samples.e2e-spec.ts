import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The code samples of docs/*.md are copies of regions of the compiled, tested source
 * (tools/docs/samples.mjs): a sample that no longer matches its source fails here. Fix it
 * with `npm run docs:samples`.
 */
describe('code samples in the docs', () => {
  it('are the source they quote, as it is', () => {
    const check = spawnSync(process.execPath, ['tools/docs/samples.mjs', '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect({ status: check.status, output: check.stdout + check.stderr }).toEqual({
      status: 0,
      output: '',
    });
  });
});
