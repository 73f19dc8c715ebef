import {
  createHandlerTestModule,
  type HandlerTestModule,
} from '../../../test/support/handler-test-module.js';
import { insertRows, plainSql, plainSqlChangedRows } from './plain-sql.js';
import { WriteQueue } from './write-queue.js';

/** Plain SQL with numbered parameters, the same on both databases (ADR 0008). */
describe('plainSql', () => {
  let t: HandlerTestModule;
  beforeAll(async () => {
    t = await createHandlerTestModule();
    for (const [id, sku] of [
      ['00000000-0000-4000-8000-000000000001', 'A-1'],
      ['00000000-0000-4000-8000-000000000002', 'A-2'],
    ]) {
      await t.sql('INSERT INTO products (id, sku, name, price_cents) VALUES (?, ?, ?, ?)', [
        id,
        sku,
        'Cup',
        100,
      ]);
    }
  });
  afterAll(() => t.close());

  it('answers the rows a statement returns: those of RETURNING, none for a plain write', async () => {
    const [returned, plain] = await t.moduleRef
      .get(WriteQueue)
      .transaction(async (manager) => [
        await plainSql(
          manager,
          'UPDATE products SET price_cents = $1 WHERE sku = $2 RETURNING sku',
          [200, 'A-1'],
        ),
        await plainSql(manager, 'UPDATE products SET price_cents = $1 WHERE sku = $2', [
          300,
          'A-2',
        ]),
      ]);
    expect(returned).toEqual([{ sku: 'A-1' }]);
    expect(plain).toEqual([]);
  });

  it.each([
    ['one row', 'A-1', 1],
    ['no row', 'NONE', 0],
  ])(
    'answers how many rows an UPDATE changed (%s), in a transaction and outside one',
    async (_case, sku, expected) => {
      const update = 'UPDATE products SET name = $1 WHERE sku = $2';
      const inTransaction = await t.moduleRef
        .get(WriteQueue)
        .transaction((manager) => plainSqlChangedRows(manager, update, ['Mug', sku]));
      const outside = await t.moduleRef
        .get(WriteQueue)
        .run(() => plainSqlChangedRows(t.dataSource.manager, update, ['Bowl', sku]));

      expect([inTransaction, outside]).toEqual([expected, expected]);
    },
  );

  it('inserts many rows in as few statements as the parameter limit allows, with a suffix', async () => {
    // 3,000 rows of 4 columns: 12,000 parameters, over one statement's 10,000.
    const rows = Array.from({ length: 3000 }, (_, i) => ({
      id: `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`,
      sku: `BULK-${i}`,
      name: 'Bulk',
      price_cents: i,
    }));
    let statements = 0;
    await t.moduleRef.get(WriteQueue).transaction(async (manager) => {
      const query = manager.queryRunner!.query.bind(manager.queryRunner);
      manager.queryRunner!.query = ((...args: Parameters<typeof query>) => {
        statements += 1;
        return query(...args);
      }) as typeof query;
      await insertRows(manager, 'products', rows);
      // Again, each row now a conflict: the suffix applies to every statement.
      await insertRows(manager, 'products', rows, 'ON CONFLICT (id) DO NOTHING');
      manager.queryRunner!.query = query;
    });
    expect(statements).toBe(4);
    const [{ count }] = await t.sql<{ count: number | string }>(
      "SELECT COUNT(*) AS count FROM products WHERE sku LIKE 'BULK-%'",
    );
    expect(Number(count)).toBe(3000);
  });
});
