import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../../dist/src/shared/auth/access-token.service.js';

/** The JWT_SECRET every app of the benchmark runs with, so it can sign its own staff token. */
export const BENCH_JWT_SECRET = 'bench-only-secret-0123456789abcdefghijklmnop';

/** The staff account every seeded benchmark database has (seed-core.mjs inserts it). */
export const BENCH_STAFF_ID = '00000000-0000-4000-8000-0000000be7c4';

/**
 * `Authorization` of that staff account, signed as the app signs (HS256 with BENCH_JWT_SECRET,
 * its issuer and audience), valid for an hour: the longest life the app accepts by default.
 */
export function staffAuthorization() {
  const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iat: now,
    exp: now + 3600,
    iss: TOKEN_ISSUER,
    aud: TOKEN_AUDIENCE,
    sub: BENCH_STAFF_ID,
    role: 'staff',
  };
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  const signature = createHmac('sha256', BENCH_JWT_SECRET).update(unsigned).digest('base64url');
  return `Bearer ${unsigned}.${signature}`;
}

export async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

/** Resident memory of a process in MB (VmRSS), or null once it has gone. */
export function rssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return kb / 1024;
  } catch {
    return null;
  }
}

/**
 * Starts `node <script>` and waits until `probe` answers HTTP (any status).
 * Answers { url, pid, startupMs, sampleRss(), stop() }.
 */
export async function startServer(script, env, probe, { nodeArgs = [] } = {}) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, script], {
    env: {
      PATH: process.env.PATH ?? '',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '0',
      NODE_ENV: 'production',
      JWT_SECRET: BENCH_JWT_SECRET,
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const exited = once(child, 'exit');
  let ended = false;
  void exited.then(() => (ended = true));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (ended || Date.now() > deadline) throw new Error(`${script} did not start:\n${output}`);
    try {
      await fetch(url + probe);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  const startupMs = performance.now() - started;
  return {
    url,
    pid: child.pid,
    startupMs,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Samples a process's RSS every 100 ms while `work` runs; answers [result, maxRssMb]. */
export async function withRss(pid, work) {
  let max = rssMb(pid) ?? 0;
  const timer = setInterval(() => (max = Math.max(max, rssMb(pid) ?? 0)), 100);
  try {
    const result = await work();
    return [result, Math.round(Math.max(max, rssMb(pid) ?? 0))];
  } finally {
    clearInterval(timer);
  }
}

/** Runs a child node script to completion; answers its stdout. */
export async function runScript(args, env, { inherit = false } = {}) {
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', inherit ? 'inherit' : 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr?.on('data', (c) => (err += c));
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`${args.join(' ')} exited ${code}:\n${out}\n${err}`);
  return out;
}
