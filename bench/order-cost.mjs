// node bench/order-cost.mjs [--app label=path/to/main.js ...] [--rounds 3] [--duration 5]
// The cost of one POST /orders on SQLite, side by side for several builds of the app (for
// example the one before a change and the one after): orders per second, p50 latency, and
// the server's CPU time per order (from /proc, so load from other processes on the machine
// does not count). Rounds alternate the builds, each on a fresh seeded database; the medians
// are printed. Run `npm run bench:build` first (the seed uses dist/).
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { seed } from './lib/seed-core.mjs';
import { startServer, staffAuthorization } from './lib/procs.mjs';

const { values } = parseArgs({
  options: {
    app: { type: 'string', multiple: true, default: ['current=dist/src/main.js'] },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
  },
});
const apps = values.app.map((spec) => {
  const [label, path] = spec.includes('=') ? spec.split('=') : [spec, spec];
  return { label, path };
});
const CONCURRENCY = [1, 16];
const AUTHORIZATION = staffAuthorization();
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** utime + stime of a process, in ms. */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

async function measure(app, connections) {
  const dir = mkdtempSync(join(tmpdir(), 'order-cost-'));
  const env = { SQLITE_PATH: join(dir, 'app.sqlite') };
  try {
    const shop = await seed(env, { customers: 200, ordersPerCustomer: 1, linesPerOrder: 3 });
    const server = await startServer(app.path, env, '/health');
    try {
      let n = 0;
      const request = {
        method: 'POST',
        path: '/orders',
        headers: { 'content-type': 'application/json', authorization: AUTHORIZATION },
        setupRequest: (req) => {
          n++;
          const body = {
            customerId: shop.customerIds[n % shop.customerIds.length],
            lines: [0, 1, 2].map((i) => ({
              productId: shop.productIds[(n * 3 + i * 11) % shop.productIds.length],
              quantity: 1 + i,
            })),
          };
          return { ...req, body: JSON.stringify(body) };
        },
      };
      const run = (duration) =>
        new Promise((resolve, reject) =>
          autocannon(
            { url: server.url, connections, duration, requests: [request] },
            (error, result) => (error ? reject(error) : resolve(result)),
          ),
        );
      await run(1); // warm-up
      const before = cpuMs(server.pid);
      const result = await run(Number(values.duration));
      const cpu = cpuMs(server.pid) - before;
      const orders = result['2xx'];
      if (result.non2xx > 0) throw new Error(`${app.label}: ${result.non2xx} orders failed`);
      return {
        ordersPerSecond: orders / Number(values.duration),
        p50Ms: result.latency.p50,
        cpuUsPerOrder: (cpu * 1000) / orders,
      };
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const samples = new Map(); // `${label} c${c}` -> measurements
for (let round = 1; round <= Number(values.rounds); round++) {
  for (const app of apps) {
    for (const c of CONCURRENCY) {
      const m = await measure(app, c);
      const key = `${app.label} c${c}`;
      samples.set(key, [...(samples.get(key) ?? []), m]);
      console.log(
        `round ${round} ${key}: ${m.ordersPerSecond.toFixed(0)} orders/s, p50 ${m.p50Ms} ms, ${m.cpuUsPerOrder.toFixed(0)} µs CPU/order`,
      );
    }
  }
}
console.log('\n| build, concurrency | orders/s | p50 ms | server CPU µs per order |');
console.log('| --- | --- | --- | --- |');
for (const [key, ms] of samples) {
  console.log(
    `| ${key} | ${median(ms.map((m) => m.ordersPerSecond)).toFixed(0)} | ${median(ms.map((m) => m.p50Ms))} | ${median(ms.map((m) => m.cpuUsPerOrder)).toFixed(0)} |`,
  );
}
