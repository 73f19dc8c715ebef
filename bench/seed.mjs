// npm run seed -- --customers N --orders-per-customer M --lines-per-order K [--products P]
// SQLite at SQLITE_PATH (default data/app.sqlite), or PostgreSQL at DATABASE_URL.
// Writes straight into the tables and the event log, then rebuilds the read view from the log.
import { parseArgs } from 'node:util';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Presets, SingleBar } from 'cli-progress';
import { SEEDED_CUSTOMER_PASSWORD, seed } from './lib/seed-core.mjs';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000' },
    'orders-per-customer': { type: 'string', default: '100' },
    'lines-per-order': { type: 'string', default: '10' },
    products: { type: 'string', default: '200' },
    'no-rebuild': { type: 'boolean', default: false },
  },
});
const shape = {
  customers: Number(values.customers),
  ordersPerCustomer: Number(values['orders-per-customer']),
  linesPerOrder: Number(values['lines-per-order']),
  products: Number(values.products),
};
for (const [key, value] of Object.entries(shape)) {
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${key} must be a positive integer`);
    process.exit(2);
  }
}
if (shape.linesPerOrder > 100) {
  console.error('--lines-per-order: an order has at most 100 lines');
  process.exit(2);
}

const env = { ...process.env };
if (!env.DATABASE_URL) {
  env.SQLITE_PATH ??= 'data/app.sqlite';
  mkdirSync(dirname(env.SQLITE_PATH), { recursive: true });
}
const target = env.DATABASE_URL ? env.DATABASE_URL.replace(/:[^:@/]*@/, ':***@') : env.SQLITE_PATH;
console.log(
  `seeding ${target}: ${shape.customers} customers x ${shape.ordersPerCustomer} orders x ${shape.linesPerOrder} lines, ${shape.products} products`,
);
const bar = new SingleBar(
  { format: 'order lines [{bar}] {percentage}% | {value}/{total} | {eta}s left' },
  Presets.shades_classic,
);
const started = performance.now();
bar.start(shape.customers * shape.ordersPerCustomer * shape.linesPerOrder, 0);
const result = await seed(env, shape, (done) => bar.update(done));
bar.stop();
const seconds = (performance.now() - started) / 1000;
console.log(
  `wrote ${result.orders} orders, ${result.lines} lines, ${result.events} events in ${seconds.toFixed(1)} s (${Math.round(result.lines / seconds)} lines/s)`,
);
console.log(
  `customers log in as customer0@bench.example ... customer${shape.customers - 1}@bench.example, password ${SEEDED_CUSTOMER_PASSWORD}`,
);
if (!values['no-rebuild']) {
  const child = spawn(process.execPath, ['dist/src/cli/rebuild-projections.js'], {
    env: { LOG_LEVEL: 'warn', ...env },
    stdio: 'inherit',
  });
  const [code] = await once(child, 'exit');
  process.exit(code ?? 1);
}
