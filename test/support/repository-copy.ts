import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A copy of the repository in a temporary folder, for tests that change source files the way
 * a developer would (the generators, the walkthrough): never this checkout. node_modules is
 * linked, not copied; build output, databases and git are left out.
 */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const NOT_COPIED = new Set(['node_modules', 'dist', 'data', 'coverage', '.git']);

export function copyRepository(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  cpSync(ROOT, dir, {
    recursive: true,
    filter: (source) => !NOT_COPIED.has(path.relative(ROOT, source)),
  });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Run {
  code: number | null;
  output: string;
}

export interface RunOptions {
  /** Added to this process's environment. */
  env?: Record<string, string>;
  /**
   * Past this, the command and everything it started are killed (it runs in a process group
   * of its own), so a hung step cannot outlive the test.
   */
  timeoutMs?: number;
}

/** Runs a command in `cwd`; never throws, so a failure shows its output in the assertion. */
export async function run(
  cwd: string,
  command: string,
  args: string[],
  { env: extra = {}, timeoutMs }: RunOptions = {},
): Promise<Run> {
  const env = { ...process.env, ...extra };
  // The outer jest's worker id and database choice are not the inner run's.
  delete env.JEST_WORKER_ID;
  delete env.TEST_DB;
  const detached = timeoutMs !== undefined;
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const hung = detached ? setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), timeoutMs) : 0;
  const [code] = (await once(child, 'close')) as [number | null];
  clearTimeout(hung);
  return { code, output };
}

/** `jest` on some spec files of a copy, as `npm test` runs it. */
export const jest = (cwd: string, specs: string[]) =>
  run(cwd, process.execPath, [
    '--experimental-vm-modules',
    'node_modules/jest/bin/jest.js',
    '--ci',
    ...specs,
  ]);

/** Runs a Node script of the copy with this Node. */
export const node = (cwd: string, script: string, args: string[]) =>
  run(cwd, process.execPath, [script, ...args]);
