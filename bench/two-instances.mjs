// [BENCH_APP=path/to/main.js] npm run bench:instances [-- --duration seconds] [--concurrency n,n,...] [--pg-url url]
// PostgreSQL only: two app instances on one database, as behind a load balancer.
//   1. read-your-writes across instances: each client places an order on A, then reads its
//      orders on B with minPosition; the order must be there. Both instances project. Run at
//      each concurrency given (default 4, 8 and 16: where the machine saturates shows).
//   2. NOTIFY alone, at the highest concurrency: A does not project (READ_VIEW=false) and B
//      polls only every minute, so B learns of A's orders only through LISTEN/NOTIFY.
// Projection lag: from A's 201 until the shared view's checkpoint covers the order's event,
// after a 2 s warm-up of the same load (the first second of a fresh process runs unoptimised
// code).
// Writes bench/results/<date>-two-instances.json and .md. See README "Scaling out".
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createPgDatabase, seed } from './lib/seed-core.mjs';
import { checkpointPoller, lagStats } from './lib/lag.mjs';
import { runScript, staffAuthorization, startServer } from './lib/procs.mjs';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '4,8,16' },
    'pg-url': {
      type: 'string',
      default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    },
  },
});
const durationMs = Number(values.duration) * 1000;
const WARM_UP_MS = 2000;
const concurrencies = values.concurrency
  .split(',')
  .map(Number)
  .sort((a, b) => a - b);
const concurrency = Math.max(...concurrencies);
// BENCH_APP: another build of the app, to compare two versions side by side.
const APP = process.env.BENCH_APP ?? 'dist/src/main.js';
const AUTHORIZATION = staffAuthorization();
const log = (...args) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...args);

const quantile = (sorted, p) =>
  sorted.length
    ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] * 10) / 10
    : null;
const stats = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    samples: sorted.length,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    max: quantile(sorted, 1),
  };
};

async function call(url, method, path, body) {
  const response = await fetch(url + path, {
    method,
    headers: {
      authorization: AUTHORIZATION,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/**
 * `clients` clients for `ms`: each places an order on A and, if `readOn` is given, then
 * reads its customer's orders there with minPosition.
 */
async function drive(a, readOn, seeded, env, ms, clients) {
  const poller = await checkpointPoller('postgres', env);
  const acks = [];
  const writeLatenciesMs = [];
  const reads = { latenciesMs: [], fromView: 0, fromWriteModel: 0, missing: 0, failed: 0 };
  let writeFailures = 0;
  let n = 0;
  const deadline = performance.now() + ms;
  const client = async () => {
    while (performance.now() < deadline) {
      const i = n++;
      const customerId = seeded.customerIds[i % seeded.customerIds.length];
      const writeStarted = performance.now();
      const placed = await call(a.url, 'POST', '/orders', {
        customerId,
        lines: [{ productId: seeded.productIds[i % seeded.productIds.length], quantity: 1 }],
      });
      if (placed.status !== 201) {
        writeFailures++;
        continue;
      }
      acks.push([performance.now(), placed.body.position]);
      writeLatenciesMs.push(performance.now() - writeStarted);
      if (!readOn) continue;
      const started = performance.now();
      const page = await call(
        readOn.url,
        'GET',
        `/customers/${customerId}/orders?limit=5&minPosition=${placed.body.position}`,
      );
      reads.latenciesMs.push(performance.now() - started);
      if (page.status !== 200) reads.failed++;
      else if (!page.body.items.some((item) => item.orderId === placed.body.id)) reads.missing++;
      if (page.headers.get('x-read-source') === 'view') reads.fromView++;
      else reads.fromWriteModel++;
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  await poller.stop();
  return {
    writes: {
      acknowledged: acks.length,
      failed: writeFailures,
      perSecond: Math.round(acks.length / (ms / 1000)),
      latencyMs: { ...stats(writeLatenciesMs), samples: undefined },
    },
    lagMs: lagStats(acks, poller.observations),
    ...(readOn
      ? { readYourWrites: { ...stats(reads.latenciesMs), ...reads, latenciesMs: undefined } }
      : {}),
  };
}

async function scenario(name, clients, envA, envB, readOnB) {
  const db = await createPgDatabase(values['pg-url']);
  try {
    const env = { DATABASE_URL: db.url };
    const seeded = await seed(env, { customers: 200, ordersPerCustomer: 5, linesPerOrder: 3 });
    await runScript(['dist/src/cli/rebuild-projections.js'], env);
    const a = await startServer(APP, { ...env, ...envA }, '/health');
    const b = await startServer(APP, { ...env, ...envB }, '/health');
    try {
      await drive(a, readOnB ? b : null, seeded, env, WARM_UP_MS, clients);
      const result = await drive(a, readOnB ? b : null, seeded, env, durationMs, clients);
      log(`${name}, c=${clients}: ${JSON.stringify(result)}`);
      return { concurrency: clients, ...result };
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  } finally {
    await db.drop();
  }
}

// The machine is shared: its load says how far the figures can be trusted.
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const loadAtStart = loadavg();
const results = {
  date: new Date().toISOString(),
  durationSeconds: durationMs / 1000,
  readYourWritesAcrossInstances: [],
};
for (const clients of concurrencies) {
  results.readYourWritesAcrossInstances.push(
    await scenario(
      'writes on A, minPosition reads on B',
      clients,
      { READ_VIEW: 'true' },
      { READ_VIEW: 'true' },
      true,
    ),
  );
}
results.notifyOnly = await scenario(
  'writes on A (not projecting), B woken only by NOTIFY (poll 60 s)',
  concurrency,
  { READ_VIEW: 'false' },
  { READ_VIEW: 'true', PROJECTION_POLL_MS: '60000' },
  false,
);
results.loadavg = { atStart: loadAtStart, atEnd: loadavg() };
const rw = results.readYourWritesAcrossInstances.at(-1); // the highest concurrency
const lagTargetMet = [rw.lagMs.p99, results.notifyOnly.lagMs.p99].every(
  (p99) => p99 !== null && p99 <= 50,
);
results.targets = [
  {
    name: `projection lag p99 <= 50 ms at c=${concurrency}, both scenarios`,
    met: lagTargetMet,
  },
  {
    name: 'every minPosition read on B includes the order placed on A',
    met: results.readYourWritesAcrossInstances.every(
      (r) => r.readYourWrites.missing === 0 && r.readYourWrites.failed === 0,
    ),
  },
];
const outDir = 'bench/results';
mkdirSync(outDir, { recursive: true });
const base = join(outDir, `${results.date.slice(0, 10)}-two-instances`);
writeFileSync(`${base}.json`, JSON.stringify(results, null, 2) + '\n');
const row = (label, r) =>
  `| ${label} | ${r.concurrency} | ${r.writes.perSecond} | ${r.writes.latencyMs.p50} / ${r.writes.latencyMs.p99} | ${r.lagMs.p50} | ${r.lagMs.p99} | ${r.lagMs.max} | ${r.readYourWrites ? `${r.readYourWrites.p50} / ${r.readYourWrites.p99}` : '–'} | ${r.readYourWrites ? `${r.readYourWrites.fromView} / ${r.readYourWrites.fromWriteModel} / ${r.readYourWrites.missing}` : '–'} |`;
writeFileSync(
  `${base}.md`,
  [
    `# Two instances on one PostgreSQL (${results.date})`,
    '',
    `${results.durationSeconds} s per scenario after a ${WARM_UP_MS / 1000} s warm-up of the same load. Lag is from A's 201 to the view's checkpoint covering the event (0 if it already did), polled every ~1 ms in a thread of its own. Load average (1, 5, 15 min) ${results.loadavg.atStart} at the start, ${results.loadavg.atEnd} at the end, on ${cpus().length} cores.`,
    '',
    '| scenario | clients | orders/s on A | POST /orders p50 / p99 ms | lag p50 ms | lag p99 ms | lag max ms | read on B p50 / p99 ms | reads from view / write model / missing the order |',
    '| --- | --: | --: | --: | --: | --: | --: | --: | --: |',
    ...results.readYourWritesAcrossInstances.map((r) =>
      row('writes on A, `minPosition` reads on B (both project)', r),
    ),
    row('writes on A (`READ_VIEW=false`), B woken by NOTIFY only (poll 60 s)', results.notifyOnly),
    '',
    ...results.targets.map((t) => `- ${t.met ? 'MET' : 'MISSED'}: ${t.name}`),
    '',
  ].join('\n'),
);
log(`wrote ${base}.json and ${base}.md`);
for (const t of results.targets) log(`  ${t.met ? 'MET   ' : 'MISSED'} ${t.name}`);
process.exit(0);
