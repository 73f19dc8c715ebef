import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { IdempotencyKeysPerCaller1764216000000 } from '../src/migrations/1764216000000-idempotency-keys-per-caller.js';
import { migrations } from '../src/migrations/migrations.js';
import { loadConfig } from '../src/shared/config/app-config.js';
import { writeDataSourceOptions } from '../src/shared/database/data-source-options.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

/** What `npm run migration:run` / `migration:revert` do, through the same DataSource options. */
describe('migrations', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  beforeAll(async () => {
    database = await createTestDatabase();
    const config = loadConfig({ ...database.env, MIGRATIONS_RUN: 'false' });
    dataSource = await new DataSource(writeDataSourceOptions(config, migrations)).initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  const ours = [
    'customers',
    'event_log',
    'idempotency_keys',
    'order_lines',
    'order_list_by_customer',
    'orders',
    'product_sales',
    'product_sales_lines',
    'products',
    'projection_checkpoints',
  ];
  const tables = async () => {
    const runner = dataSource.createQueryRunner();
    const present = [];
    for (const name of ours) if (await runner.hasTable(name)) present.push(name);
    await runner.release();
    return present;
  };

  it('run up, all the way down, and up again, on one set of migrations for both databases', async () => {
    expect(await dataSource.runMigrations()).toHaveLength(migrations.length);
    expect(await tables()).toEqual(ours);
    for (let i = 0; i < migrations.length; i++) await dataSource.undoLastMigration();
    expect(await tables()).toEqual([]);
    expect(await dataSource.runMigrations()).toHaveLength(migrations.length);
    expect(await dataSource.showMigrations()).toBe(false); // nothing pending
  });

  it('keys per caller: the rows stored before get the scope `legacy`; a key may then repeat across scopes; down keeps only the legacy rows', async () => {
    const postgres = dataSource.options.type === 'postgres';
    const insert = (columns: string, values: string[]) => {
      const params = values.map((_, i) => (postgres ? `$${i + 1}` : '?')).join(', ');
      return dataSource.query(
        `INSERT INTO idempotency_keys (${columns}) VALUES (${params})`,
        values,
      );
    };
    const rows = () =>
      dataSource.query<Record<string, string>[]>(
        'SELECT * FROM idempotency_keys ORDER BY key, fingerprint',
      );
    /** Back to just before keys per caller, from wherever the schema is. */
    const undoPerCaller = async () => {
      await dataSource.runMigrations();
      const fromTheEnd =
        migrations.length - migrations.indexOf(IdempotencyKeysPerCaller1764216000000);
      for (let i = 0; i < fromTheEnd; i++) await dataSource.undoLastMigration();
    };
    const at = '2026-11-30T12:00:00.000Z';
    await undoPerCaller();
    await insert('key, fingerprint, answer, created_at', ['k-1', 'old', '{}', at]);

    await dataSource.runMigrations();
    expect(await rows()).toEqual([
      { scope: 'legacy', key: 'k-1', fingerprint: 'old', answer: '{}', created_at: at },
    ]);
    const columns = 'scope, key, fingerprint, answer, created_at';
    await insert(columns, ['customer:c', 'k-1', 'new', '{}', at]);
    await expect(insert(columns, ['customer:c', 'k-1', 'again', '{}', at])).rejects.toThrow();

    await undoPerCaller();
    expect(await rows()).toEqual([
      { key: 'k-1', fingerprint: 'old', answer: '{}', created_at: at },
    ]);
    await dataSource.runMigrations();
  });
});
