import 'reflect-metadata';
import { DataSource } from 'typeorm';
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
});
