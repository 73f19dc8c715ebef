// npm run bench [-- --db sqlite|postgres|both] [--quick] [--duration seconds]
// Measures, in one run per database, everything issue 5 asks for, and writes
// bench/results/<date>-<db>.json, .md and -reads.svg. See README "Benchmarks".
import { parseArgs } from 'node:util';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { execSync } from 'node:child_process';
import autocannon from 'autocannon';
import pg from 'pg';
import { seed, createPgDatabase } from './lib/seed-core.mjs';
import { startServer, withRss, runScript, staffAuthorization } from './lib/procs.mjs';
import { renderReadsChart } from './lib/chart.mjs';
import { measureSqliteOverload } from './lib/sqlite-overload.mjs';
import { checkpointPoller, lagStats } from './lib/lag.mjs';
import { evaluateTargets, markdown } from './lib/report.mjs';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    quick: { type: 'boolean', default: false },
    duration: { type: 'string' },
    'pg-url': {
      type: 'string',
      default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    },
  },
});
// --quick (the CI smoke run) measures SQLite only unless told otherwise, to stay under a minute.
values.db ??= values.quick ? 'sqlite' : 'both';
if (!['sqlite', 'postgres', 'both'].includes(values.db)) {
  console.error('--db must be sqlite, postgres or both');
  process.exit(2);
}
const quick = values.quick;
const duration = Number(values.duration ?? (quick ? 1 : 8));
const warmup = quick ? 0.25 : 2;
const READ_CONNECTIONS = 16;
const TOTAL_ORDERS = quick ? 1000 : 40_000; // per data shape
const SHAPES = quick
  ? [
      { orders: 25, lines: 3 },
      { orders: 200, lines: 10 },
    ]
  : [25, 200, 1000].flatMap((orders) => [3, 10].map((lines) => ({ orders, lines })));
const WRITE_CONCURRENCY = [1, 16, 64];
const REBUILD_EVENTS = quick ? 5_000 : 100_000;

const APP = 'dist/src/main.js';
const BASELINE = 'dist/bench/baseline/server.js';
const CEILING = 'dist/bench/ceiling/server.js';
const date = new Date().toISOString().slice(0, 10);
const outDir = 'bench/results';
mkdirSync(outDir, { recursive: true });
const log = (...args) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...args);

const dbs = values.db === 'both' ? ['sqlite', 'postgres'] : [values.db];
const tmp = mkdtempSync(join(tmpdir(), 'bench-'));

/** A fresh database of the given kind: { env, drop() }. */
async function freshDb(kind, label) {
  if (kind === 'sqlite') {
    const path = join(tmp, `${label}.sqlite`);
    return { env: { SQLITE_PATH: path }, drop: async () => rmSync(path + '*', { force: true }) };
  }
  const db = await createPgDatabase(values['pg-url']);
  return { env: { DATABASE_URL: db.url }, drop: db.drop };
}

function cannon(opts) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        duration,
        connections: READ_CONNECTIONS,
        warmup: { duration: warmup, connections: opts.connections ?? READ_CONNECTIONS },
        ...opts,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    autocannon.track; // no progress bar: keep logs readable
    void instance;
  });
}

const summary = (r) => ({
  rps: Math.round(r.requests.average),
  p50: r.latency.p50,
  p99: r.latency.p99,
  non2xx: r.non2xx,
  errors: r.errors + r.timeouts,
  total: r.requests.total,
});

// The app authenticates every route (issue 7): the benchmark calls it as staff.
const AUTHORIZATION = staffAuthorization();
const pick = (xs) => xs[Math.floor(Math.random() * xs.length)];
const ordersPath = (id) => `/customers/${id}/orders`;
const rawPagePath = (id) => `/raw-customer-orders/${id}`;
const readRequests = (customerIds, path = ordersPath) => [
  {
    method: 'GET',
    headers: { authorization: AUTHORIZATION },
    setupRequest: (req) => ({ ...req, path: path(pick(customerIds)) }),
  },
];

async function measureReads(kind, results) {
  results.reads = [];
  for (const shape of SHAPES) {
    const db = await freshDb(kind, `reads-${shape.orders}x${shape.lines}`);
    try {
      const customers = Math.max(1, Math.round(TOTAL_ORDERS / shape.orders));
      const t0 = performance.now();
      const seeded = await seed(db.env, {
        customers,
        ordersPerCustomer: shape.orders,
        linesPerOrder: shape.lines,
      });
      await runScript(['dist/src/cli/rebuild-projections.js'], db.env);
      log(
        `${kind} ${shape.orders}x${shape.lines}: seeded ${seeded.orders} orders / ${seeded.lines} lines + rebuilt in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
      const row = {
        shape: `${shape.orders}x${shape.lines}`,
        ordersPerCustomer: shape.orders,
        linesPerOrder: shape.lines,
        customers,
        orders: seeded.orders,
        lines: seeded.lines,
      };
      const variants = [
        ['view', APP, { READ_VIEW: 'true' }, ordersPath],
        ['join', APP, { READ_VIEW: 'false' }, ordersPath],
        ['baseline', BASELINE, {}, ordersPath],
        // The view's page straight from the driver on the same HTTP stack: the ceiling for it.
        ['rawView', CEILING, {}, rawPagePath],
      ];
      for (const [name, script, env, path] of variants) {
        const server = await startServer(
          script,
          { ...db.env, ...env },
          path(seeded.customerIds[0]),
        );
        try {
          const check = await fetch(`${server.url}${path(seeded.customerIds[1 % customers])}`, {
            headers: { authorization: AUTHORIZATION },
          });
          const page = await check.json();
          if (
            check.status !== 200 ||
            page.items.length !== Math.min(20, shape.orders) ||
            page.items[0].lines.length !== shape.lines
          ) {
            throw new Error(
              `${name} answered ${check.status} ${JSON.stringify(page).slice(0, 300)}`,
            );
          }
          const [result, rss] = await withRss(server.pid, () =>
            cannon({ url: server.url, requests: readRequests(seeded.customerIds, path) }),
          );
          row[name] = { ...summary(result), rssMb: rss, startupMs: Math.round(server.startupMs) };
          log(
            `  ${name.padEnd(8)} ${row[name].rps} req/s p50 ${row[name].p50} ms p99 ${row[name].p99} ms non2xx ${row[name].non2xx} rss ${rss} MB start ${row[name].startupMs} ms`,
          );
        } finally {
          await server.stop();
        }
      }
      results.reads.push(row);
    } finally {
      await db.drop();
    }
  }
}

async function measureBare(results) {
  const server = await startServer(CEILING, {}, '/bare');
  try {
    const [result] = await withRss(server.pid, () => cannon({ url: server.url + '/bare' }));
    results.bare = summary(result);
    log(
      `bare route: ${results.bare.rps} req/s p50 ${results.bare.p50} ms p99 ${results.bare.p99} ms`,
    );
  } finally {
    await server.stop();
  }
}

async function measureWrites(kind, results) {
  const db = await freshDb(kind, 'writes');
  try {
    const seeded = await seed(db.env, { customers: 200, ordersPerCustomer: 5, linesPerOrder: 3 });
    await runScript(['dist/src/cli/rebuild-projections.js'], db.env);
    let n = 0;
    const body = () => {
      n++;
      return JSON.stringify({
        customerId: seeded.customerIds[n % seeded.customerIds.length],
        lines: [0, 1, 2].map((i) => ({
          productId: seeded.productIds[(n * 3 + i * 11) % seeded.productIds.length],
          quantity: 1 + (i % 3),
        })),
      });
    };
    const post = (path, onResponse) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: AUTHORIZATION },
      requests: [
        {
          method: 'POST',
          path,
          headers: { 'content-type': 'application/json', authorization: AUTHORIZATION },
          setupRequest: (req) => ({ ...req, body: body() }),
          onResponse,
        },
      ],
    });
    results.writes = { app: {}, raw: {} };
    // SQLite: the same loads again with SQLITE_SYNCHRONOUS=normal, side by side (durability's
    // price), for the app and for the raw driver (one transaction and one fsync per request).
    const syncModes = kind === 'sqlite' ? ['full', 'normal'] : ['default'];
    for (const mode of syncModes) {
      const env = mode === 'normal' ? { SQLITE_SYNCHRONOUS: 'normal' } : {};
      const key = mode === 'normal' ? 'appNormal' : 'app';
      results.writes[key] ??= {};
      const app = await startServer(APP, { ...db.env, ...env, READ_VIEW: 'true' }, '/health');
      if (mode !== 'normal') results.startup = { appMs: Math.round(app.startupMs) };
      try {
        for (const c of WRITE_CONCURRENCY) {
          let poller;
          const acks = [];
          const measuringLag = c === 16 && mode !== 'normal';
          const onResponse = measuringLag
            ? (status, text) => {
                if (status === 201) acks.push([performance.now(), JSON.parse(text).position]);
              }
            : undefined;
          if (measuringLag) poller = await checkpointPoller(kind, db.env);
          const [result, rss] = await withRss(app.pid, () =>
            cannon({ url: app.url, connections: c, ...post('/orders', onResponse) }),
          );
          results.writes[key][c] = { ...summary(result), rssMb: rss };
          if (poller) {
            await poller.stop();
            results.lag = lagStats(acks, poller.observations);
          }
          log(
            `POST /orders c${c}${mode === 'normal' ? ' (synchronous=NORMAL)' : ''}: ${results.writes[key][c].rps} req/s p50 ${result.latency.p50} p99 ${result.latency.p99} non2xx ${result.non2xx} rss ${rss} MB`,
          );
        }
      } finally {
        await app.stop();
      }
    }
    log(
      `projection lag at c16: p50 ${results.lag.p50} ms p99 ${results.lag.p99} ms (${results.lag.samples} samples)`,
    );
    // The same c64 write load on an app told to favour memory over speed.
    const small = await startServer(APP, { ...db.env, READ_VIEW: 'true' }, '/health', {
      nodeArgs: ['--optimize-for-size'],
    });
    try {
      const [result, rss] = await withRss(small.pid, () =>
        cannon({ url: small.url, connections: 64, ...post('/orders') }),
      );
      results.writes.optimizeForSize = { ...summary(result), rssMb: rss, concurrency: 64 };
      log(
        `POST /orders c64 with --optimize-for-size: ${result.requests.average.toFixed(0)} req/s rss ${rss} MB`,
      );
    } finally {
      await small.stop();
    }
    for (const mode of syncModes) {
      const key = mode === 'normal' ? 'rawNormal' : 'raw';
      results.writes[key] ??= {};
      const env = mode === 'normal' ? { SQLITE_SYNCHRONOUS: 'normal' } : {};
      const raw = await startServer(CEILING, { ...db.env, ...env }, '/bare');
      try {
        for (const c of WRITE_CONCURRENCY) {
          const [result] = await withRss(raw.pid, () =>
            cannon({ url: raw.url, connections: c, ...post('/raw-orders') }),
          );
          results.writes[key][c] = summary(result);
          log(
            `raw write c${c}${mode === 'normal' ? ' (synchronous=NORMAL)' : ''}: ${results.writes[key][c].rps} req/s p50 ${result.latency.p50} p99 ${result.latency.p99} non2xx ${result.non2xx}`,
          );
        }
      } finally {
        await raw.stop();
      }
    }
    if (kind === 'sqlite') {
      results.overload = await measureSqliteOverload({
        env: db.env,
        body,
        authorization: AUTHORIZATION,
        seconds: quick ? 2 : 20,
        log,
      });
    }
    // (g) buses vs direct calls, on this database
    const rounds = quick ? 3 : 15;
    const iterations = quick ? 50 : 200;
    const out = await runScript(['bench/bus.mjs'], {
      ...db.env,
      BUS_CUSTOMERS: seeded.customerIds.slice(0, 50).join(','),
      BUS_PRODUCTS: seeded.productIds.join(','),
      BUS_ROUNDS: String(rounds),
      BUS_ITERATIONS: String(iterations),
    });
    results.bus = JSON.parse(out.trim().split('\n').at(-1));
    log(
      `bus overhead: query ${results.bus.query.overheadPct}% (${results.bus.query.overheadUs} µs), command ${results.bus.command.overheadPct}% (${results.bus.command.overheadUs} µs)`,
    );
  } finally {
    await db.drop();
  }
}

async function measureRebuild(kind, results) {
  const db = await freshDb(kind, 'rebuild');
  try {
    const customers = quick ? 100 : 1000;
    const ordersPerCustomer = Math.round((REBUILD_EVENTS - customers - 200) / customers);
    await seed(db.env, { customers, ordersPerCustomer, linesPerOrder: 3 });
    const out = await runScript(['dist/src/cli/rebuild-projections.js'], db.env);
    // src/cli/rebuild-summary.ts: milliseconds and no rate under a second, else seconds and rate.
    const m = /rebuilt \S+: (\d+) events? in ([\d.]+) (ms|s)/.exec(out);
    const seconds = m[3] === 'ms' ? Number(m[2]) / 1000 : Number(m[2]);
    results.rebuild = {
      events: Number(m[1]),
      seconds,
      eventsPerSecond: Math.round(Number(m[1]) / Math.max(seconds, 0.001)),
      linesPerOrder: 3,
    };
    log(
      `rebuild: ${results.rebuild.events} events in ${results.rebuild.seconds} s = ${results.rebuild.eventsPerSecond} events/s`,
    );
  } finally {
    await db.drop();
  }
}

/**
 * How long a CLI takes on a current build, spawn to exit: `projections:rebuild` on an empty
 * log (its work is then nothing but starting and stopping), median of 5 after one run that
 * creates the schema.
 */
async function measureCliStart(kind, results) {
  const db = await freshDb(kind, 'cli');
  try {
    await runScript(['dist/src/cli/rebuild-projections.js'], db.env);
    const runs = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await runScript(['dist/src/cli/rebuild-projections.js'], db.env);
      runs.push(Math.round(performance.now() - started));
    }
    results.cliStart = { ms: [...runs].sort((a, b) => a - b)[2], runs };
    log(
      `CLI start (projections:rebuild, empty log): median ${results.cliStart.ms} ms (${runs.join(', ')})`,
    );
  } finally {
    await db.drop();
  }
}

function machine() {
  let load = null;
  try {
    load = execSync('cat /proc/loadavg').toString().trim();
  } catch {}
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadavgAtStart: loadAtStart,
    loadavgAtEnd: load,
    postgres: null,
  };
}

const started = Date.now();
const loadAtStart = execSync('cat /proc/loadavg').toString().trim();
try {
  for (const kind of dbs) {
    log(
      `=== ${kind}${quick ? ' (quick)' : ''}: ${duration} s per measurement, ${warmup} s warm-up`,
    );
    const results = {
      db: kind,
      date: new Date().toISOString(),
      quick,
      durationSeconds: duration,
      warmupSeconds: warmup,
      readConnections: READ_CONNECTIONS,
      pageSize: 20,
    };
    await measureReads(kind, results);
    await measureBare(results);
    await measureWrites(kind, results);
    await measureRebuild(kind, results);
    await measureCliStart(kind, results);
    results.memory = {
      maxRssUnderLoadMb: Math.max(
        ...results.reads.map((r) => r.view.rssMb),
        ...Object.values(results.writes.app).map((w) => w.rssMb),
      ),
    };
    results.startup.viewAppMs = results.reads.map((r) => r.view.startupMs);
    results.machine = machine();
    if (kind === 'postgres') {
      const c = new pg.Client({ connectionString: values['pg-url'] });
      await c.connect();
      results.machine.postgres = (await c.query('SHOW server_version')).rows[0].server_version;
      await c.end();
    }
    results.targets = evaluateTargets(results);
    const base = join(outDir, `${date}-${kind}${quick ? '-quick' : ''}`);
    writeFileSync(`${base}.json`, JSON.stringify(results, null, 2) + '\n');
    await renderReadsChart(results, `${base}-reads.svg`);
    writeFileSync(`${base}.md`, markdown(results, `${base.split('/').at(-1)}-reads.svg`));
    log(`wrote ${base}.json, ${base}.md, ${base}-reads.svg`);
    for (const t of results.targets) log(`  ${t.met ? 'MET   ' : 'MISSED'} ${t.name}: ${t.actual}`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(0);
