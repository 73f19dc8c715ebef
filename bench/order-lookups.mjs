// node bench/order-lookups.mjs [--iterations 3000] [--blocks 10]   (after npm run bench:build)
// What PlaceOrder's two look-ups (GetCustomerQuery, ListProductsByIdsQuery of 3 products)
// cost on SQLite, through the QueryBus as PlaceOrder sends them: on the read-only connection
// (where they ran before ADR 0009) and inside a command's write transaction (where they run
// now). Blocks of both alternate in one process, so load from elsewhere hits both alike;
// the median per block is printed, in µs per pair of look-ups.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { QueryBus } from '@nestjs/cqrs';
import { seed } from './lib/seed-core.mjs';
import { AppModule } from '../dist/src/app.module.js';
import { loadConfig } from '../dist/src/shared/config/app-config.js';
import { UnitOfWork } from '../dist/src/shared/database/unit-of-work.js';
import { DomainEvent } from '../dist/src/shared/event-log/domain-event.js';
import { GetCustomerQuery } from '../dist/src/modules/customers/contracts/get-customer.query.js';
import { ListProductsByIdsQuery } from '../dist/src/modules/catalog/contracts/list-products-by-ids.query.js';

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '3000' },
    blocks: { type: 'string', default: '10' },
  },
});
const ITERATIONS = Number(values.iterations);

class Measured extends DomainEvent {
  type = 'BenchLookupsMeasured';
}

const dir = mkdtempSync(join(tmpdir(), 'order-lookups-'));
const env = { SQLITE_PATH: join(dir, 'app.sqlite'), LOG_LEVEL: 'error', READ_VIEW: 'false' };
try {
  const shop = await seed(env, { customers: 200, ordersPerCustomer: 1, linesPerOrder: 3 });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(loadConfig(env)), {
    logger: ['error'],
  });
  const queryBus = app.get(QueryBus);
  const unitOfWork = app.get(UnitOfWork);
  const lookUps = async (n) => {
    await queryBus.execute(new GetCustomerQuery(shop.customerIds[n % shop.customerIds.length]));
    await queryBus.execute(
      new ListProductsByIdsQuery(
        [0, 1, 2].map((i) => shop.productIds[(n * 3 + i * 11) % shop.productIds.length]),
      ),
    );
  };
  const timed = async (work) => {
    const started = performance.now();
    await work();
    return ((performance.now() - started) * 1000) / ITERATIONS;
  };
  const readConnection = () =>
    timed(async () => {
      for (let n = 0; n < ITERATIONS; n++) await lookUps(n);
    });
  const inTransaction = () =>
    timed(() =>
      unitOfWork.run(async (tx) => {
        for (let n = 0; n < ITERATIONS; n++) await lookUps(n);
        tx.record(new Measured(randomUUID(), {}));
        return {};
      }),
    );
  await readConnection(); // warm-up: JIT and statement caches
  await inTransaction();
  const samples = { readConnection: [], inTransaction: [] };
  for (let block = 0; block < Number(values.blocks); block++) {
    samples.readConnection.push(await readConnection());
    samples.inTransaction.push(await inTransaction());
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log('| where the look-ups read | µs per order (median of blocks) | min | max |');
  console.log('| --- | --- | --- | --- |');
  for (const [where, xs] of Object.entries(samples)) {
    console.log(
      `| ${where} | ${median(xs).toFixed(1)} | ${Math.min(...xs).toFixed(1)} | ${Math.max(...xs).toFixed(1)} |`,
    );
  }
  await app.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
