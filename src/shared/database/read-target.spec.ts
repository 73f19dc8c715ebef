import { randomUUID } from 'node:crypto';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ClsService } from 'nestjs-cls';
import {
  createHandlerTestModule,
  type HandlerTestModule,
} from '../../../test/support/handler-test-module.js';
import { TEST_DB } from '../../../test/support/test-database.js';
import { DomainEvent } from '../event-log/domain-event.js';
import { plainSql } from './plain-sql.js';
import { ReadDatabase } from './read-database.js';
import { UnitOfWork } from './unit-of-work.js';

/** A public query of "another module": it knows nothing of who sends it. */
class CountProductsQuery extends Query<{ products: number; connection: string }> {}

@QueryHandler(CountProductsQuery)
class CountProductsHandler implements IQueryHandler<CountProductsQuery> {
  constructor(private readonly db: ReadDatabase) {}

  async execute(): Promise<{ products: number; connection: string }> {
    const [row] = await this.db.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM products');
    return { products: Number(row.n), connection: await connectionName(this.db) };
  }
}

/** PostgreSQL's application_name tells the pools apart; SQLite has one read connection. */
async function connectionName(db: ReadDatabase): Promise<string> {
  if (db.manager.connection.options.type !== 'postgres') return 'sqlite';
  const [row] = await db.query<{ name: string }>(
    "SELECT current_setting('application_name') AS name",
  );
  return row.name;
}

class SomethingHappened extends DomainEvent {
  readonly type = 'SomethingHappened';
}

const readOnlyError =
  /attempt to write a readonly database|cannot execute [A-Z ]+ in a read-only transaction/;

/**
 * ADR 0009: who asks decides where a query reads. Sent from inside a command, a public
 * query reads that command's transaction (so the command decides on what it will commit
 * with, on the primary); sent from anywhere else, the read-only connection.
 */
const setups: [string, (database: Record<string, string>) => Record<string, string>][] = [
  ['one database', () => ({})],
];
if (TEST_DB === 'postgres') {
  // A "replica" that is the primary itself: enough to tell the connections apart.
  setups.push([
    'DATABASE_READ_URL set',
    (database) => ({ DATABASE_READ_URL: database.DATABASE_URL }),
  ]);
}

describe.each(setups)('ReadTarget, %s', (_case, env) => {
  let t: HandlerTestModule;
  let db: ReadDatabase;
  let unitOfWork: UnitOfWork;
  beforeAll(async () => {
    t = await createHandlerTestModule({ providers: [CountProductsHandler], env });
    db = t.moduleRef.get(ReadDatabase);
    unitOfWork = t.moduleRef.get(UnitOfWork);
  });
  afterAll(() => t.close());

  const count = () => t.queryBus.execute(new CountProductsQuery());
  const insertProduct = (manager: Parameters<typeof plainSql>[0]) =>
    plainSql(manager, 'INSERT INTO products (id, sku, name, price_cents) VALUES ($1, $2, $3, $4)', [
      randomUUID(),
      `SKU-${randomUUID()}`,
      'Cup',
      100,
    ]);

  it('a query sent from inside a command reads its transaction, its uncommitted writes included', async () => {
    const before = (await count()).products;
    let seenInside: { products: number; connection: string } | undefined;
    let seenOutsideMeanwhile: number | undefined;

    await unitOfWork.run(async (tx) => {
      await insertProduct(tx.manager);
      seenInside = await count();
      // The same query, sent by someone else meanwhile, reads what is committed.
      seenOutsideMeanwhile = (await t.moduleRef.get(ClsService).exit(count)).products;
      tx.record(new SomethingHappened(randomUUID(), {}));
      return {};
    });

    expect(seenInside?.products).toBe(before + 1);
    expect(seenInside?.connection).toBe(t.database === 'postgres' ? 'nest-cqrs-starter' : 'sqlite');
    expect(seenOutsideMeanwhile).toBe(before);
  });

  it('once the command is done, queries read the read-only connection again', async () => {
    let leftRunning: Promise<unknown> | undefined;
    await unitOfWork.run(async (tx) => {
      // A promise the work leaves behind runs after the commit: it must not use the transaction.
      leftRunning = new Promise((resolve) => setTimeout(resolve, 20)).then(() =>
        db.query("UPDATE products SET name = 'changed'"),
      );
      tx.record(new SomethingHappened(randomUUID(), {}));
      return {};
    });

    await expect(leftRunning).rejects.toThrow(readOnlyError);
    await expect(db.query("UPDATE products SET name = 'changed'")).rejects.toThrow(readOnlyError);
    expect((await count()).connection).toBe(
      t.database === 'postgres' ? 'nest-cqrs-starter-read' : 'sqlite',
    );
  });

  it('onPrimary reads what is committed through a read-only connection to the primary', async () => {
    await t.sql("INSERT INTO products (id, sku, name, price_cents) VALUES (?, ?, 'Cup', 1)", [
      randomUUID(),
      `SKU-${randomUUID()}`,
    ]);
    const expected = await t.count('products');

    const seen = await db.onPrimary(count);

    expect(seen.products).toBe(expected);
    const replica = t.config.DATABASE_READ_URL !== undefined;
    expect(seen.connection).toBe(
      t.database === 'sqlite'
        ? 'sqlite'
        : replica
          ? 'nest-cqrs-starter-primary-read'
          : 'nest-cqrs-starter-read',
    );
    await expect(
      db.onPrimary(() => db.query("UPDATE products SET name = 'changed'")),
    ).rejects.toThrow(readOnlyError);
  });
});
