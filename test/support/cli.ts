import { spawn } from 'node:child_process';
import { once } from 'node:events';

/** Runs a Node script of the repository to its end, in this environment only (and PATH). */
async function runScript(script: string, env: Record<string, string>, args: string[]) {
  const child = spawn(process.execPath, [script, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // 'close', not 'exit': only then has all of its output been read (see app-process.ts).
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, output };
}

/** Runs a built CLI (`node dist/src/cli/<name>.js …`, made by the pretest build) to its end. */
const runCli = (name: string, env: Record<string, string>, args: string[]) =>
  runScript(`dist/src/cli/${name}.js`, env, args);

/** `npm run seed -- …` (bench/seed.mjs, on the pretest build). */
export const runSeed = (env: Record<string, string>, args: string[]) =>
  runScript('bench/seed.mjs', env, args);

/** `npm run staff:create -- …`. */
export const createStaff = (env: Record<string, string>, args: string[]) =>
  runCli('create-staff', env, args);

/** `npm run projections:rebuild -- …`. */
export const runRebuild = (env: Record<string, string>, args: string[] = []) =>
  runCli('rebuild-projections', env, args);
