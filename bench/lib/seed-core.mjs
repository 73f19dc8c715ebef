// Writes a data set straight into the tables and the event log, in the shapes the command
// path produces (see src/migrations and Order.place / the event payloads in contracts/),
// then the caller rebuilds the read view from the log (the rebuild CLI).
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../dist/src/shared/config/app-config.js';
import { writeDataSourceOptions } from '../../dist/src/shared/database/data-source-options.js';
import { migrations } from '../../dist/src/migrations/migrations.js';
import { PasswordHasher } from '../../dist/src/shared/auth/password-hasher.js';
import { BENCH_STAFF_ID } from './procs.mjs';

const CHUNK_ORDERS = 2000; // orders per transaction

/**
 * Every seeded customer (customer<N>@bench.example) logs in with this password, so that its
 * data can be browsed (GET /me/orders). One hash serves them all (one salt): a scrypt hash
 * each would make a large seed take minutes; this is demo data, never real accounts.
 */
export const SEEDED_CUSTOMER_PASSWORD = 'seeded-customer-password';
const START = Date.parse('2024-01-01T00:00:00.000Z');

/** Creates the schema through the app's own migrations. */
export async function migrate(env) {
  const config = loadConfig({ ...env, MIGRATIONS_RUN: 'true' });
  const ds = new DataSource(writeDataSourceOptions(config, migrations));
  await ds.initialize(); // migrationsRun: true
  await ds.destroy();
}

/**
 * @param env SQLITE_PATH or DATABASE_URL
 * @param shape { customers, ordersPerCustomer, linesPerOrder, products }
 * @param onProgress (done, total) in order lines
 * @returns { customerIds, productIds, events }
 */
export async function seed(env, shape, onProgress = () => {}) {
  await migrate(env);
  const writer = env.DATABASE_URL
    ? await pgWriter(env.DATABASE_URL)
    : sqliteWriter(env.SQLITE_PATH);
  try {
    return await fill(writer, shape, onProgress);
  } finally {
    await writer.close();
  }
}

async function fill(
  writer,
  { customers, ordersPerCustomer, linesPerOrder, products = 200 },
  onProgress,
) {
  const t0 = START;
  let clock = 0; // ms after START; strictly increasing, so log order = time order
  const at = () => new Date(t0 + clock++ * 7).toISOString();
  const events = [];
  const event = (type, streamId, payload, occurredAt) =>
    events.push([randomUUID(), type, streamId, JSON.stringify(payload), occurredAt, null]);

  const catalog = Array.from({ length: products }, (_, i) => ({
    id: randomUUID(),
    sku: `BENCH-${String(i).padStart(6, '0')}`,
    name: `Product ${i}`,
    priceCents: 100 + ((i * 37) % 9900),
  }));
  const people = Array.from({ length: customers }, (_, i) => ({
    id: randomUUID(),
    name: `Customer ${i}`,
    email: `customer${i}@bench.example`,
  }));
  const totalOrders = customers * ordersPerCustomer;
  const totalLines = totalOrders * linesPerOrder;
  const passwordHash = await new PasswordHasher().hash(SEEDED_CUSTOMER_PASSWORD);

  await writer.transaction(async () => {
    // The staff account the benchmark's token names (a staff token must name an existing one).
    await writer.insert(
      'identity_staff_accounts',
      ['id', 'email', 'password_hash', 'created_at'],
      ['varchar', 'varchar', 'varchar', 'varchar'],
      [[BENCH_STAFF_ID, 'bench-staff@bench.example', '-', new Date(t0).toISOString()]],
    );
    await writer.insert(
      'products',
      ['id', 'sku', 'name', 'price_cents'],
      ['varchar', 'varchar', 'varchar', 'int'],
      catalog.map((p) => [p.id, p.sku, p.name, p.priceCents]),
    );
    for (const p of catalog) {
      event(
        'ProductCreated',
        p.id,
        { productId: p.id, sku: p.sku, name: p.name, priceCents: p.priceCents },
        at(),
      );
    }
    await writer.insert(
      'customers',
      ['id', 'name', 'email', 'password_hash', 'street', 'city', 'postal_code', 'country'],
      ['varchar', 'varchar', 'varchar', 'varchar', 'varchar', 'varchar', 'varchar', 'varchar'],
      people.map((c) => [c.id, c.name, c.email, passwordHash, null, null, null, null]),
    );
    for (const c of people) {
      event(
        'CustomerRegistered',
        c.id,
        { customerId: c.id, name: c.name, email: c.email, address: null },
        at(),
      );
    }
    await writer.appendEvents(events.splice(0));
  });

  let linesDone = 0;
  onProgress(0, totalLines);
  for (let first = 0; first < totalOrders; first += CHUNK_ORDERS) {
    const last = Math.min(totalOrders, first + CHUNK_ORDERS);
    const orderRows = [];
    const lineRows = [];
    for (let n = first; n < last; n++) {
      const customer = people[n % customers]; // customers' histories interleave in time
      const orderId = randomUUID();
      const placedAt = at();
      const lines = [];
      for (let l = 0; l < linesPerOrder; l++) {
        const p = catalog[(n * 7 + l * 13) % products];
        const quantity = 1 + ((n + l) % 5);
        lines.push({
          productId: p.id,
          productName: p.name,
          quantity,
          unitPriceCents: p.priceCents,
        });
        lineRows.push([orderId, l + 1, p.id, p.name, quantity, p.priceCents]);
      }
      const totalCents = lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);
      orderRows.push([orderId, customer.id, 'placed', placedAt, totalCents, 1]);
      event(
        'OrderPlaced',
        orderId,
        { orderId, customerId: customer.id, placedAt, totalCents, lines },
        placedAt,
      );
    }
    await writer.transaction(async () => {
      await writer.insert(
        'orders',
        ['id', 'customer_id', 'status', 'placed_at', 'total_cents', 'version'],
        ['varchar', 'varchar', 'varchar', 'varchar', 'bigint', 'int'],
        orderRows,
      );
      await writer.insert(
        'order_lines',
        ['order_id', 'line_no', 'product_id', 'product_name', 'quantity', 'unit_price_cents'],
        ['varchar', 'int', 'varchar', 'varchar', 'int', 'int'],
        lineRows,
      );
      await writer.appendEvents(events.splice(0));
    });
    linesDone += lineRows.length;
    onProgress(linesDone, totalLines);
  }
  return {
    customerIds: people.map((c) => c.id),
    productIds: catalog.map((p) => p.id),
    events: products + customers + totalOrders,
    orders: totalOrders,
    lines: totalLines,
  };
}

const EVENT_COLUMNS = ['event_id', 'type', 'stream_id', 'payload', 'occurred_at', 'correlation_id'];
const EVENT_TYPES = ['varchar', 'varchar', 'varchar', 'text', 'varchar', 'varchar'];

function sqliteWriter(path) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF'); // a seed that dies is simply run again
  const statements = new Map();
  const prepared = (table, columns) => {
    const key = `${table}(${columns})`;
    if (!statements.has(key)) {
      statements.set(
        key,
        db.prepare(
          `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        ),
      );
    }
    return statements.get(key);
  };
  return {
    async transaction(work) {
      db.exec('BEGIN');
      try {
        await work();
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
    async insert(table, columns, _types, rows) {
      const statement = prepared(table, columns);
      for (const row of rows) statement.run(row);
    },
    async appendEvents(rows) {
      const statement = prepared('event_log', EVENT_COLUMNS);
      for (const row of rows) statement.run(row);
    },
    async close() {
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.exec('ANALYZE');
      db.close();
    },
  };
}

async function pgWriter(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const ROWS = 5000;
  // Multi-row inserts as one statement per 5,000 rows: INSERT ... SELECT * FROM unnest($1::t[], ...).
  const insert = async (table, columns, types, rows) => {
    for (let i = 0; i < rows.length; i += ROWS) {
      const chunk = rows.slice(i, i + ROWS);
      const arrays = columns.map((_, c) => chunk.map((row) => row[c]));
      const sql = `INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM unnest(${types
        .map((t, c) => `$${c + 1}::${t}[]`)
        .join(', ')})`;
      await client.query({ name: `${table}-${columns.length}`, text: sql, values: arrays });
    }
  };
  return {
    async transaction(work) {
      await client.query('BEGIN');
      try {
        await work();
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    },
    insert,
    appendEvents: (rows) => insert('event_log', EVENT_COLUMNS, EVENT_TYPES, rows),
    async close() {
      await client.query('ANALYZE');
      await client.end();
    },
  };
}

/** Creates a throwaway PostgreSQL database; answers its URL and a drop function. */
export async function createPgDatabase(adminUrl) {
  const name = `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
