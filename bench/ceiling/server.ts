/**
 * The ceilings, on the app's own HTTP stack (Nest on the same Fastify adapter, with its
 * security headers, and the global ValidationPipe, as configureApp sets it up):
 *
 * - GET /bare: no database, a constant answer. The framework's ceiling for reads.
 * - GET /raw-customer-orders/:id: the first page of a customer's orders from the read view,
 *   one prepared statement on the driver, served as JSON text the way the app serves it (the
 *   stored lines spliced in). No authentication, no buses, no checkpoint check, no logs: the
 *   ceiling for that answer on this stack, between the bare route and the app.
 * - POST /raw-orders: the same work as POST /orders (read the customer and the prices,
 *   insert the order, its lines and its OrderPlaced event in one transaction, answer the
 *   order) straight on the driver: a synchronous better-sqlite3 transaction, or one pg
 *   client. The ceiling for writes.
 */
import 'reflect-metadata';
import { Body, Controller, Get, Module, Param, Post, Res, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createHttpAdapter } from '../../src/shared/http/http-adapter.js';

interface RawOrderBody {
  customerId: string;
  lines: { productId: string; quantity: number }[];
}
interface Price {
  id: string;
  name: string;
  price_cents: number;
}

type Writer = (body: RawOrderBody) => Promise<object> | object;

function sqliteWriter(path: string): Writer {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // As the app: FULL unless SQLITE_SYNCHRONOUS=normal (one transaction, one fsync, per request).
  db.pragma(`synchronous = ${process.env.SQLITE_SYNCHRONOUS === 'normal' ? 'NORMAL' : 'FULL'}`);
  db.pragma('busy_timeout = 5000');
  const customer = db.prepare('SELECT id FROM customers WHERE id = ?');
  const order = db.prepare(
    'INSERT INTO orders (id, customer_id, status, placed_at, total_cents, version) VALUES (?, ?, ?, ?, ?, 1)',
  );
  const line = db.prepare(
    'INSERT INTO order_lines (order_id, line_no, product_id, product_name, quantity, unit_price_cents) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const event = db.prepare(
    'INSERT INTO event_log (event_id, type, stream_id, payload, occurred_at) VALUES (?, ?, ?, ?, ?)',
  );
  const place = db.transaction((body: RawOrderBody) => {
    if (!customer.get(body.customerId)) throw new Error('no such customer');
    const ids = body.lines.map((l) => l.productId);
    const prices = db
      .prepare(
        `SELECT id, name, price_cents FROM products WHERE id IN (${ids.map(() => '?').join(',')})`,
      )
      .all(...ids) as Price[];
    return write(body, prices, (o) => {
      order.run(o.id, o.customerId, 'placed', o.placedAt, o.totalCents);
      o.lines.forEach((l, i) =>
        line.run(o.id, i + 1, l.productId, l.productName, l.quantity, l.unitPriceCents),
      );
      const info = event.run(
        randomUUID(),
        'OrderPlaced',
        o.id,
        JSON.stringify(o.payload),
        o.placedAt,
      );
      return Number(info.lastInsertRowid);
    });
  });
  return (body) => place.immediate(body);
}

function pgWriter(url: string): Writer {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  return async (body) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const found = await client.query('SELECT id FROM customers WHERE id = $1', [body.customerId]);
      if (found.rowCount !== 1) throw new Error('no such customer');
      const prices = (
        await client.query<Price>('SELECT id, name, price_cents FROM products WHERE id = ANY($1)', [
          body.lines.map((l) => l.productId),
        ])
      ).rows;
      const answer = write(body, prices, () => 0);
      const o = answer.order;
      await client.query(
        'INSERT INTO orders (id, customer_id, status, placed_at, total_cents, version) VALUES ($1, $2, $3, $4, $5, 1)',
        [o.id, o.customerId, 'placed', o.placedAt, o.totalCents],
      );
      await client.query(
        'INSERT INTO order_lines (order_id, line_no, product_id, product_name, quantity, unit_price_cents) SELECT $1, * FROM unnest($2::int[], $3::varchar[], $4::varchar[], $5::int[], $6::int[])',
        [
          o.id,
          o.lines.map((_, i) => i + 1),
          o.lines.map((l) => l.productId),
          o.lines.map((l) => l.productName),
          o.lines.map((l) => l.quantity),
          o.lines.map((l) => l.unitPriceCents),
        ],
      );
      await client.query('SELECT pg_advisory_xact_lock($1)', [0x65766e74]);
      const inserted = await client.query<{ position: string }>(
        'INSERT INTO event_log (event_id, type, stream_id, payload, occurred_at) VALUES ($1, $2, $3, $4, $5) RETURNING position',
        [randomUUID(), 'OrderPlaced', o.id, JSON.stringify(o.payload), o.placedAt],
      );
      await client.query('COMMIT');
      return { ...o.response, position: Number(inserted.rows[0].position) };
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  };
}

function write(
  body: RawOrderBody,
  prices: Price[],
  persist: (o: ReturnType<typeof build>) => number,
) {
  const o = build(body, prices);
  const position = persist(o);
  return { ...o.response, position, order: o };
}

function build(body: RawOrderBody, prices: Price[]) {
  const byId = new Map(prices.map((p) => [p.id, p]));
  const id = randomUUID();
  const placedAt = new Date().toISOString();
  const lines = body.lines.map(({ productId, quantity }) => {
    const p = byId.get(productId);
    if (!p) throw new Error('unknown product');
    return { productId, productName: p.name, quantity, unitPriceCents: p.price_cents };
  });
  const totalCents = lines.reduce((s, l) => s + l.quantity * l.unitPriceCents, 0);
  const response = {
    id,
    customerId: body.customerId,
    status: 'placed',
    placedAt,
    totalCents,
    version: 1,
    lines,
  };
  return {
    id,
    customerId: body.customerId,
    placedAt,
    totalCents,
    lines,
    response,
    payload: { orderId: id, customerId: body.customerId, placedAt, totalCents, lines },
  };
}

/** The first page (20) of a customer's orders from the view, as JSON text. */
type PageReader = (customerId: string) => Promise<string> | string;

interface ViewRow {
  order_id: string;
  placed_at: string;
  status: string;
  total_cents: number | string;
  item_count: number;
  lines: string;
}

const PAGE_SQL = `SELECT order_id, placed_at, status, total_cents, item_count, lines
  FROM order_list_by_customer WHERE customer_id = $1
  ORDER BY placed_at DESC, order_id DESC LIMIT 21`;

function pageJson(rows: ViewRow[]): string {
  const items = rows
    .slice(0, 20)
    .map(
      (r) =>
        `{"orderId":${JSON.stringify(r.order_id)},"placedAt":${JSON.stringify(r.placed_at)},"status":${JSON.stringify(r.status)},"totalCents":${Number(r.total_cents)},"itemCount":${r.item_count},"lines":${r.lines}}`,
    );
  const last = rows[19];
  const next =
    rows.length > 20
      ? Buffer.from(JSON.stringify([last.placed_at, last.order_id])).toString('base64url')
      : null;
  return `{"items":[${items.join(',')}],"nextCursor":${JSON.stringify(next)}}`;
}

function sqlitePageReader(path: string): PageReader {
  const db = new Database(path, { readonly: true });
  const page = db.prepare(PAGE_SQL.replace('$1', '?'));
  return (customerId) => pageJson(page.all(customerId) as ViewRow[]);
}

function pgPageReader(url: string): PageReader {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  return async (customerId) => pageJson((await pool.query<ViewRow>(PAGE_SQL, [customerId])).rows);
}

const pageReader: PageReader | undefined = process.env.DATABASE_URL
  ? pgPageReader(process.env.DATABASE_URL)
  : process.env.SQLITE_PATH
    ? sqlitePageReader(process.env.SQLITE_PATH)
    : undefined;

const writer: Writer | undefined = process.env.DATABASE_URL
  ? pgWriter(process.env.DATABASE_URL)
  : process.env.SQLITE_PATH
    ? sqliteWriter(process.env.SQLITE_PATH)
    : undefined;

@Controller()
class CeilingController {
  @Get('bare')
  bare() {
    return { ok: true };
  }

  @Get('raw-customer-orders/:id')
  async rawCustomerOrders(
    @Param('id') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (!pageReader) throw new Error('no database configured');
    void reply.type('application/json; charset=utf-8');
    return pageReader(id);
  }

  @Post('raw-orders')
  async rawOrder(@Body() body: RawOrderBody) {
    if (!writer) throw new Error('no database configured');
    const answer = (await writer(body)) as { order?: unknown };
    delete answer.order;
    return answer;
  }
}

@Module({ controllers: [CeilingController] })
class CeilingModule {}

const app = await NestFactory.create<NestFastifyApplication>(CeilingModule, createHttpAdapter(), {
  bodyParser: false,
  logger: ['error'],
});
app.useGlobalPipes(new ValidationPipe({ transform: true }));
await app.listen(Number(process.env.PORT ?? 3002), '127.0.0.1');
