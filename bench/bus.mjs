// (g) CommandBus / QueryBus against calling the handler directly, in-process, on the real
// handlers and a real (SQLite or PostgreSQL) database. Prints one JSON line.
// Env: SQLITE_PATH or DATABASE_URL (a seeded database), BUS_CUSTOMERS (comma-separated ids),
// BUS_PRODUCTS (comma-separated ids), BUS_ROUNDS, BUS_ITERATIONS.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Command, CommandBus, CommandHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { AppModule } from '../dist/src/app.module.js';
import { loadConfig } from '../dist/src/shared/config/app-config.js';
import { GetCustomerOrdersQuery } from '../dist/src/modules/orders/queries/get-customer-orders/get-customer-orders.query.js';
import { GetCustomerOrdersHandler } from '../dist/src/modules/orders/queries/get-customer-orders/get-customer-orders.handler.js';
import { PlaceOrderCommand } from '../dist/src/modules/orders/commands/place-order/place-order.command.js';
import { PlaceOrderHandler } from '../dist/src/modules/orders/commands/place-order/place-order.handler.js';

const customers = process.env.BUS_CUSTOMERS.split(',');
const products = process.env.BUS_PRODUCTS.split(',');
const rounds = Number(process.env.BUS_ROUNDS ?? 10);
const iterations = Number(process.env.BUS_ITERATIONS ?? 300);

const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn', READ_VIEW: 'true' });
const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
  logger: false,
});
const queryBus = app.get(QueryBus);
const commandBus = app.get(CommandBus);
const queryHandler = app.get(GetCustomerOrdersHandler);
const commandHandler = app.get(PlaceOrderHandler);

let n = 0;
const query = () =>
  new GetCustomerOrdersQuery(customers[n++ % customers.length], 20, undefined, undefined);
const command = () =>
  new PlaceOrderCommand(
    customers[n++ % customers.length],
    [0, 1, 2].map((i) => ({ productId: products[(n + i * 7) % products.length], quantity: 1 })),
    undefined,
  );

async function time(fn) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await fn();
  return Number(process.hrtime.bigint() - t0) / iterations / 1000; // µs per call
}

async function compare(viaBus, direct) {
  for (let i = 0; i < 50; i++) {
    await viaBus();
    await direct();
  }
  const bus = [];
  const plain = [];
  for (let r = 0; r < rounds; r++) {
    // alternate the order, so drift (JIT, page cache, WAL growth) hits both alike
    if (r % 2 === 0) {
      bus.push(await time(viaBus));
      plain.push(await time(direct));
    } else {
      plain.push(await time(direct));
      bus.push(await time(viaBus));
    }
  }
  // The best round of each: on a shared machine, noise only ever adds time.
  const busUs = Math.min(...bus);
  const directUs = Math.min(...plain);
  return {
    busUs: round(busUs),
    directUs: round(directUs),
    overheadUs: round(busUs - directUs),
    overheadPct: round(((busUs - directUs) / directUs) * 100),
  };
}
const round = (x) => Math.round(x * 100) / 100;

// The dispatch itself, free of database noise: a no-op handler through the bus (with the
// app's bus instrumentation: metrics and a log call) against calling it directly.
class NoopQuery extends Query {}
class NoopQueryHandler {
  async execute() {
    return 1;
  }
}
QueryHandler(NoopQuery)(NoopQueryHandler);
class NoopCommand extends Command {}
class NoopCommandHandler {
  async execute() {
    return 1;
  }
}
CommandHandler(NoopCommand)(NoopCommandHandler);
const wrap = (metatype) => ({
  metatype,
  instance: new metatype(),
  isDependencyTreeStatic: () => true,
});
queryBus.registerHandler(wrap(NoopQueryHandler));
commandBus.registerHandler(wrap(NoopCommandHandler));

async function dispatchUs(bus, Message, handler) {
  const saved = iterations;
  const many = Number(process.env.BUS_DISPATCH_CALLS ?? 20_000);
  const timeMany = async (fn) => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < many; i++) await fn();
    return Number(process.hrtime.bigint() - t0) / many / 1000;
  };
  const viaBus = [];
  const direct = [];
  for (let r = 0; r < Math.max(5, rounds); r++) {
    viaBus.push(await timeMany(() => bus.execute(new Message())));
    direct.push(await timeMany(() => handler.execute(new Message())));
  }
  void saved;
  return Math.min(...viaBus) - Math.min(...direct);
}

const queryResult = await compare(
  () => queryBus.execute(query()),
  () => queryHandler.execute(query()),
);
const commandResult = await compare(
  () => commandBus.execute(command()),
  () => commandHandler.execute(command()),
);
const queryDispatchUs = await dispatchUs(queryBus, NoopQuery, new NoopQueryHandler());
const commandDispatchUs = await dispatchUs(commandBus, NoopCommand, new NoopCommandHandler());
Object.assign(queryResult, {
  dispatchUs: round(queryDispatchUs),
  dispatchPct: round((queryDispatchUs / queryResult.directUs) * 100),
});
Object.assign(commandResult, {
  dispatchUs: round(commandDispatchUs),
  dispatchPct: round((commandDispatchUs / commandResult.directUs) * 100),
});
await app.close();
console.log(JSON.stringify({ query: queryResult, command: commandResult, rounds, iterations }));
process.exit(0);
