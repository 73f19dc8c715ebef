/**
 * `node tools/clean-dist.mjs`: removes the app's compiled output (dist/src, dist/ormconfig.*)
 * before a build. tsc never deletes an output whose source is gone, and a left-over
 * `*.projection.js` would be found by `projections:rebuild` (it finds projections by file
 * name), rebuilding a view with code that no longer exists.
 */
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');

export function cleanDist() {
  rmSync(path.join(DIST, 'src'), { recursive: true, force: true });
  for (const file of readdirSync(DIST, { withFileTypes: true })) {
    if (file.isFile() && file.name.startsWith('ormconfig.')) rmSync(path.join(DIST, file.name));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    cleanDist();
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'ENOENT') throw error;
  }
}
