/**
 * `node tools/build-if-stale.mjs [--bench] [--check]`: builds dist/ only when a source changed since its
 * last build, so that the CLIs (staff:create, projections:rebuild, seed) start in about a
 * second on a current build instead of compiling the project first (10 to 25 s).
 *
 * A build is current when every source (src/ and ormconfig.ts, and bench/ with --bench; specs
 * excluded, as tsconfig.build.json does) has its .js in dist/ written after it, and no
 * tsconfig or package.json changed since, and no output is left whose source is gone.
 * Otherwise the project's own `tsc` builds it from clean, as `npm run build` (and
 * `npm run bench:build`) would.
 */
import { spawnSync } from 'node:child_process';
import console from 'node:console';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { cleanDist } from './clean-dist.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const withBench = process.argv.includes('--bench');

/** @param {string} dir root-relative */
function typeScriptSources(dir) {
  if (!existsSync(path.join(ROOT, dir))) return [];
  return readdirSync(path.join(ROOT, dir), { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .filter((file) => !/\.(spec|e2e-spec)\.ts$/.test(file))
    .map((file) => path.join(dir, file));
}

/** @param {string} file root-relative */
const mtime = (file) => statSync(path.join(ROOT, file)).mtimeMs;

/** Why a build is needed, or undefined when dist/ is current. */
function staleness() {
  const sources = [...typeScriptSources('src'), 'ormconfig.ts'];
  if (withBench) sources.push(...typeScriptSources('bench'));
  let oldestOutput = Infinity;
  for (const source of sources) {
    const output = path.join('dist', source.replace(/\.ts$/, '.js'));
    if (!existsSync(path.join(ROOT, output))) return `${output} is missing`;
    const built = mtime(output);
    if (built < mtime(source)) return `${source} changed`;
    oldestOutput = Math.min(oldestOutput, built);
  }
  // An output whose source is gone (renamed, deleted): tsc would leave it there.
  const expected = new Set(sources.map((source) => source.replace(/\.ts$/, '.js')));
  const orphan = existsSync(path.join(ROOT, 'dist/src'))
    ? readdirSync(path.join(ROOT, 'dist/src'), { recursive: true })
        .map((file) => path.join('src', String(file)))
        .find((file) => file.endsWith('.js') && !expected.has(file))
    : undefined;
  if (orphan) return `dist/${orphan} has no source any more`;
  const configs = ['package.json', 'tsconfig.json', 'tsconfig.build.json'];
  if (withBench) configs.push('bench/tsconfig.json');
  const changed = configs.find((file) => mtime(file) > oldestOutput);
  return changed && `${changed} changed`;
}

/** @param {string} project */
function build(project) {
  const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', project], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const reason = staleness();
if (process.argv.includes('--check')) {
  // Says whether a build is due, and builds nothing (for tests that must not rebuild dist/).
  if (reason) console.error(`dist/ is not current (${reason}): run npm run build`);
  process.exit(reason ? 1 : 0);
}
if (reason) {
  // On stderr: a CLI's own output stays what it prints.
  console.error(`building dist/ first (${reason})...`);
  cleanDist();
  build('tsconfig.build.json');
  if (withBench) build('bench/tsconfig.json');
}
