// SQLite under overload (the write queue): health probes while 256 writers pour in, what
// 1,024 writers get with and without load shedding, and how many fsyncs back each
// acknowledged write (strace), with synchronous=FULL (the default) and NORMAL.
import autocannon from 'autocannon';
import { execFile, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, withRss } from './procs.mjs';

const APP = 'dist/src/main.js';
const PROBER = new URL('./health-prober.mjs', import.meta.url).pathname;

/** Probes /health for `seconds` from another process (see health-prober.mjs). */
async function runProber(url, seconds) {
  const { stdout } = await promisify(execFile)(process.execPath, [PROBER, url, String(seconds)]);
  return JSON.parse(stdout);
}

function load({ url, authorization, body, connections, seconds }) {
  return autocannon({
    url: `${url}/orders`,
    connections,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        setupRequest: (req) => ({ ...req, body: body() }),
      },
    ],
  });
}

const quantile = (sorted, p) =>
  sorted.length
    ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)] * 10) / 10
    : null;

async function healthUnderLoad(ctx) {
  const app = await startServer(APP, ctx.env, '/health');
  try {
    // The probes are measured once the 256 writers are all connected.
    const ramp = Math.min(5, Math.max(1, ctx.seconds / 4));
    const writers = load({ ...ctx, url: app.url, connections: 256, seconds: ctx.seconds + ramp });
    const finished = new Promise((resolve) => writers.on('done', resolve));
    await new Promise((resolve) => setTimeout(resolve, ramp * 1000));
    const probes = await runProber(app.url, ctx.seconds);
    const result = await finished;
    const ms = probes.map((p) => p.ms).sort((a, b) => a - b);
    return {
      writers: 256,
      seconds: ctx.seconds,
      probes: probes.length,
      p50: quantile(ms, 0.5),
      p99: quantile(ms, 0.99),
      max: quantile(ms, 1),
      probesNot200: probes.filter((p) => p.status !== 200).length,
      writesPerSecond: Math.round(result.requests.average),
    };
  } finally {
    await app.stop();
  }
}

async function overload(ctx, label, extraEnv) {
  const app = await startServer(APP, { ...ctx.env, ...extraEnv }, '/health');
  try {
    const [[result, probes], rssMb] = await withRss(app.pid, () =>
      Promise.all([
        load({ ...ctx, url: app.url, connections: 1024, seconds: ctx.seconds }),
        runProber(app.url, ctx.seconds),
      ]),
    );
    const probeMs = probes.map((p) => p.ms).sort((a, b) => a - b);
    const out = {
      label,
      connections: 1024,
      rps: Math.round(result.requests.average),
      p50: result.latency.p50,
      p99: result.latency.p99,
      max: result.latency.max,
      acknowledged: result['2xx'],
      refused503: result.statusCodeStats?.['503']?.count ?? 0,
      otherNon2xx: result.non2xx - (result.statusCodeStats?.['503']?.count ?? 0),
      timeouts: result.timeouts,
      errors: result.errors,
      rssMb,
      healthP50: quantile(probeMs, 0.5),
      healthP99: quantile(probeMs, 0.99),
      healthNot200: probes.filter((p) => p.status !== 200).length,
    };
    ctx.log(
      `c1024 ${label}: ${out.rps} req/s p50 ${out.p50} p99 ${out.p99} max ${out.max} ms, ${out.refused503} x 503, ${out.timeouts} timeouts, rss ${rssMb} MB; /health p50 ${out.healthP50} p99 ${out.healthP99} ms`,
    );
    return out;
  } finally {
    await app.stop();
  }
}

/** fsync/fdatasync calls per acknowledged write, counted by strace attached to the app. */
async function fsyncsPerWrite(ctx, synchronous) {
  const app = await startServer(APP, { ...ctx.env, SQLITE_SYNCHRONOUS: synchronous }, '/health');
  const traceFile = join(tmpdir(), `bench-fsync-${process.pid}-${synchronous}.txt`);
  try {
    const strace = spawn(
      'strace',
      ['-f', '-p', String(app.pid), '-e', 'trace=fsync,fdatasync', '-o', traceFile],
      { stdio: 'ignore' },
    );
    await new Promise((resolve) => setTimeout(resolve, 1000)); // attached to every thread
    const result = await load({
      ...ctx,
      url: app.url,
      connections: 16,
      seconds: Math.max(1, ctx.seconds / 2),
    });
    strace.kill('SIGINT');
    await once(strace, 'exit');
    const calls = readFileSync(traceFile, 'utf8')
      .split('\n')
      .filter((line) => /\bf(data)?sync\(/.test(line)).length;
    const acknowledged = result['2xx'];
    return {
      synchronous,
      acknowledged,
      fsyncCalls: calls,
      perWrite: acknowledged ? Math.round((calls / acknowledged) * 1000) / 1000 : null,
    };
  } finally {
    rmSync(traceFile, { force: true });
    await app.stop();
  }
}

export async function measureSqliteOverload(ctx) {
  const out = {};
  out.health = await healthUnderLoad(ctx);
  ctx.log(
    `/health under 256 writers: p50 ${out.health.p50} ms p99 ${out.health.p99} ms max ${out.health.max} ms (${out.health.probes} probes, ${out.health.probesNot200} not 200)`,
  );
  out.c1024 = [
    await overload(ctx, 'default limits (shedding on)', {}),
    await overload(ctx, 'shedding off', {
      WRITE_QUEUE_MAX_WAIT_MS: '60000',
      WRITE_QUEUE_MAX_LENGTH: '100000',
    }),
  ];
  const hasStrace = spawnSync('strace', ['-V']).status === 0;
  if (hasStrace) {
    out.fsync = [await fsyncsPerWrite(ctx, 'full'), await fsyncsPerWrite(ctx, 'normal')];
    for (const f of out.fsync) {
      ctx.log(
        `fsync with synchronous=${f.synchronous}: ${f.fsyncCalls} calls for ${f.acknowledged} acknowledged writes (${f.perWrite} per write)`,
      );
    }
  } else {
    ctx.log('strace not installed (apt-get install strace): fsync counts skipped');
    out.fsync = null;
  }
  return out;
}
