import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

const id = { name: 'id', type: 'varchar', length: '36', isPrimary: true };
const text = (name: string, length: number, isNullable = false) => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable,
});
const integer = (name: string) => ({ name, type: 'integer' });

/**
 * The write model and the event log. Written with TypeORM's Table API so one migration
 * serves SQLite and PostgreSQL. No foreign key crosses a module boundary (orders do not
 * reference customers or products): modules stay separable, and they talk through the buses.
 */
export class InitialSchema1764150000000 implements MigrationInterface {
  name = 'InitialSchema1764150000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const isPostgres = queryRunner.connection.options.type === 'postgres';

    await queryRunner.createTable(
      new Table({
        name: 'products',
        columns: [id, text('sku', 64), text('name', 200), integer('price_cents')],
        indices: [{ name: 'products_sku_key', columnNames: ['sku'], isUnique: true }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'customers',
        columns: [
          id,
          text('name', 200),
          text('email', 254),
          text('street', 200, true),
          text('city', 100, true),
          text('postal_code', 20, true),
          text('country', 100, true),
        ],
        indices: [{ name: 'customers_email_key', columnNames: ['email'], isUnique: true }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'orders',
        columns: [
          id,
          text('customer_id', 36),
          text('status', 16),
          text('placed_at', 24),
          { name: 'total_cents', type: 'bigint' },
          integer('version'),
        ],
        checks: [
          {
            name: 'orders_status_check',
            expression: "status IN ('placed', 'cancelled', 'shipped')",
          },
        ],
      }),
    );
    // "A customer's latest orders": equality on customer, then the keyset order.
    await queryRunner.createIndex(
      'orders',
      new TableIndex({
        name: 'orders_customer_placed_idx',
        columnNames: ['customer_id', 'placed_at', 'id'],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'order_lines',
        columns: [
          { ...text('order_id', 36), isPrimary: true },
          { ...integer('line_no'), isPrimary: true },
          text('product_id', 36),
          text('product_name', 200),
          integer('quantity'),
          integer('unit_price_cents'),
        ],
        foreignKeys: [
          {
            columnNames: ['order_id'],
            referencedTableName: 'orders',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'event_log',
        columns: [
          {
            name: 'position',
            // SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets 64 bits.
            type: isPostgres ? 'bigint' : 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          text('event_id', 36),
          text('type', 100),
          text('stream_id', 36),
          { name: 'payload', type: 'text' },
          text('occurred_at', 24),
          // The request that caused the event (X-Request-Id), so its effects can be traced.
          text('correlation_id', 128, true),
        ],
        indices: [{ name: 'event_log_event_id_key', columnNames: ['event_id'], isUnique: true }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['event_log', 'order_lines', 'orders', 'customers', 'products']) {
      await queryRunner.dropTable(table);
    }
  }
}
