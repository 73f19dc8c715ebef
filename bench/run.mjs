// npm run bench [-- --db sqlite|postgres|both] [--quick] [--duration seconds]
// Measures, in one run per database, everything issue 5 asks for, and writes
// bench/results/<date>-<db>.json, .md and -reads.svg. See README "Benchmarks".
import { parseArgs } from 'node:util';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { execSync } from 'node:child_process';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import pg from 'pg';
import { seed, createPgDatabase } from './lib/seed-core.mjs';
import { startServer, withRss, runScript, staffAuthorization } from './lib/procs.mjs';
import { renderReadsChart } from './lib/chart.mjs';
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

/** Polls the checkpoint as fast as the driver allows; answers { observations, stop() }. */
function checkpointPoller(kind, env) {
  const observations = []; // [time, position], only when it changes
  let last = -1;
  let running = true;
  const note = (position) => {
    if (position !== last) {
      observations.push([performance.now(), position]);
      last = position;
    }
  };
  let done;
  if (kind === 'sqlite') {
    const db = new Database(env.SQLITE_PATH, { readonly: true });
    const statement = db.prepare(
      "SELECT position FROM projection_checkpoints WHERE name = 'order_list_by_customer'",
    );
    const timer = setInterval(() => note(Number(statement.get()?.position ?? 0)), 1);
    done = async () => {
      clearInterval(timer);
      db.close();
    };
  } else {
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    const loop = (async () => {
      await client.connect();
      while (running) {
        const { rows } = await client.query(
          "SELECT position FROM projection_checkpoints WHERE name = 'order_list_by_customer'",
        );
        note(Number(rows[0]?.position ?? 0));
        await new Promise((r) => setTimeout(r, 1));
      }
      await client.end();
    })();
    done = async () => {
      running = false;
      await loop;
    };
  }
  return {
    observations,
    async stop() {
      await new Promise((r) => setTimeout(r, 300)); // let the last events be applied
      await done();
    },
  };
}

function lagStats(acks, observations) {
  const lags = [];
  let j = 0;
  const sorted = [...acks].sort((a, b) => a[0] - b[0]);
  for (const [t, position] of sorted) {
    // first observation at or after the 201 whose checkpoint has passed the position
    let k = 0;
    while (k < observations.length && observations[k][0] < t) k++;
    while (k < observations.length && observations[k][1] < position) k++;
    j = k;
    if (k < observations.length) lags.push(observations[k][0] - t);
  }
  void j;
  lags.sort((a, b) => a - b);
  const q = (p) =>
    lags.length
      ? Math.round(lags[Math.min(lags.length - 1, Math.floor(p * lags.length))] * 10) / 10
      : null;
  return { samples: lags.length, acked: acks.length, p50: q(0.5), p99: q(0.99), max: q(1) };
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
    const app = await startServer(APP, { ...db.env, READ_VIEW: 'true' }, '/health');
    results.startup = { appMs: Math.round(app.startupMs) };
    try {
      for (const c of WRITE_CONCURRENCY) {
        let poller;
        const acks = [];
        const onResponse =
          c === 16
            ? (status, text) => {
                if (status === 201) acks.push([performance.now(), JSON.parse(text).position]);
              }
            : undefined;
        if (c === 16) poller = checkpointPoller(kind, db.env);
        const [result, rss] = await withRss(app.pid, () =>
          cannon({ url: app.url, connections: c, ...post('/orders', onResponse) }),
        );
        results.writes.app[c] = { ...summary(result), rssMb: rss };
        if (poller) {
          await poller.stop();
          results.lag = lagStats(acks, poller.observations);
        }
        log(
          `POST /orders c${c}: ${results.writes.app[c].rps} req/s p50 ${result.latency.p50} p99 ${result.latency.p99} non2xx ${result.non2xx} rss ${rss} MB`,
        );
      }
      log(
        `projection lag at c16: p50 ${results.lag.p50} ms p99 ${results.lag.p99} ms (${results.lag.samples} samples)`,
      );
    } finally {
      await app.stop();
    }
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
    const raw = await startServer(CEILING, db.env, '/bare');
    try {
      for (const c of WRITE_CONCURRENCY) {
        const [result] = await withRss(raw.pid, () =>
          cannon({ url: raw.url, connections: c, ...post('/raw-orders') }),
        );
        results.writes.raw[c] = summary(result);
        log(
          `raw write c${c}: ${results.writes.raw[c].rps} req/s p50 ${result.latency.p50} p99 ${result.latency.p99} non2xx ${result.non2xx}`,
        );
      }
    } finally {
      await raw.stop();
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
    const m = /rebuilt \S+: (\d+) events in ([\d.]+) s \((\d+) events\/s\)/.exec(out);
    results.rebuild = {
      events: Number(m[1]),
      seconds: Number(m[2]),
      eventsPerSecond: Number(m[3]),
      linesPerOrder: 3,
    };
    log(
      `rebuild: ${results.rebuild.events} events in ${results.rebuild.seconds} s = ${results.rebuild.eventsPerSecond} events/s`,
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
