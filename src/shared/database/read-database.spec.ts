import {
  createHandlerTestModule,
  type HandlerTestModule,
} from '../../../test/support/handler-test-module.js';
import { ReadDatabase } from './read-database.js';

/**
 * Query handlers get ReadDatabase, and nothing else. A query that tries to write must fail
 * at the database, not by convention: SQLite opens the file read-only, PostgreSQL makes
 * every transaction on the read connection read-only.
 */
describe('ReadDatabase', () => {
  let t: HandlerTestModule;
  let db: ReadDatabase;
  beforeAll(async () => {
    t = await createHandlerTestModule();
    db = t.moduleRef.get(ReadDatabase);
    await t.sql(
      "INSERT INTO products (id, sku, name, price_cents) VALUES ('00000000-0000-4000-8000-000000000001', 'KEEP-1', 'Kept', 100)",
    );
    await t.sql(
      "INSERT INTO event_log (event_id, type, stream_id, payload, occurred_at) VALUES ('00000000-0000-4000-8000-000000000002', 'ProductCreated', '00000000-0000-4000-8000-000000000001', '{}', '2026-01-01T00:00:00.000Z')",
    );
  });
  afterAll(() => t.close());

  const readOnlyError =
    /attempt to write a readonly database|cannot execute [A-Z ]+ in a read-only transaction/;

  const snapshot = async () => ({
    products: await t.sql('SELECT * FROM products ORDER BY id'),
    events: await t.eventLog(),
  });

  it('reads what the write connection committed', async () => {
    await expect(db.select('products', 'p').select('p.sku', 'sku').getRawMany()).resolves.toEqual([
      { sku: 'KEEP-1' },
    ]);
    await expect(db.query('SELECT COUNT(*) AS n FROM event_log')).resolves.toEqual([
      { n: expect.anything() },
    ]);
  });

  it('takes numbered parameters ($1, $2, ...) on both databases, in any order and repeated', async () => {
    await expect(
      db.query<{ sku: string }>(
        'SELECT sku FROM products WHERE sku = $2 AND price_cents = $1 AND sku = $2',
        [100, 'KEEP-1'],
      ),
    ).resolves.toEqual([{ sku: 'KEEP-1' }]);
  });

  it('binds each call its own parameters when the same text comes again', async () => {
    const sql = 'SELECT sku FROM products WHERE price_cents = $1';
    await expect(db.query(sql, [100])).resolves.toEqual([{ sku: 'KEEP-1' }]);
    await expect(db.query(sql, [101])).resolves.toEqual([]);
  });

  it.each([
    [
      'an INSERT',
      "INSERT INTO products (id, sku, name, price_cents) VALUES ('00000000-0000-4000-8000-000000000009', 'NEW-1', 'New', 1)",
    ],
    ['an UPDATE', "UPDATE products SET price_cents = 0 WHERE sku = 'KEEP-1'"],
    ['a DELETE from the event log', 'DELETE FROM event_log'],
    ['a DROP TABLE', 'DROP TABLE event_log'],
    ['a CREATE TABLE', 'CREATE TABLE sneaky (id integer)'],
  ])('rejects %s through raw SQL, and nothing changes', async (_case, sql) => {
    const before = await snapshot();

    await expect(db.query(sql)).rejects.toThrow(readOnlyError);

    expect(await snapshot()).toEqual(before);
  });

  it('rejects a write through its EntityManager', async () => {
    const before = await snapshot();

    await expect(
      db.manager
        .createQueryBuilder()
        .insert()
        .into('products')
        .values({
          id: '00000000-0000-4000-8000-000000000010',
          sku: 'NEW-2',
          name: 'New',
          price_cents: 1,
        })
        .execute(),
    ).rejects.toThrow(readOnlyError);
    await expect(
      db.manager.createQueryBuilder().delete().from('event_log').execute(),
    ).rejects.toThrow(readOnlyError);

    expect(await snapshot()).toEqual(before);
  });
});
